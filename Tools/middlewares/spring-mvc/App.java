// The probe app behind Spring MVC's CORS support (CorsRegistry, DefaultCorsProcessor) on Jetty,
// from Debian's libspring-web-servlet-java, libspring-web-java and libjetty9-java, for capture.py.
//
//     javac -cp JARS -d OUT App.java && java --add-opens java.base/java.lang=ALL-UNNAMED -cp OUT:JARS App CONFIGURATION PORT
//
// Listens on 127.0.0.1:PORT. The configuration code capture.py records in the fixture is the
// text between the "config NAME begin" and "config NAME end" lines, verbatim.
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import java.util.Collections;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.method.support.CompositeUriComponentsContributor;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurationSupport;

public class App {
    static String configuration;

    // Spring MVC's configuration, as @EnableWebMvc with a WebMvcConfigurer would give, but
    // extending WebMvcConfigurationSupport directly (Spring's documented alternative) and not
    // marked @Configuration: Debian's Spring 4.3 CGLIB cannot generate the @Configuration
    // subclass (IllegalArgumentException in org.springframework.asm.ClassVisitor), and without
    // @Configuration (as a @Component) Spring processes the @Bean methods without one.
    // addCorsMappings is the same hook as WebMvcConfigurer.addCorsMappings, and the CORS handling
    // is the same code.
    @Component
    public static class WebConfig extends WebMvcConfigurationSupport {
        @Override
        protected void addCorsMappings(CorsRegistry registry) {
            if (configuration.equals("default")) {
                // config default begin
                registry.addMapping("/**");
                // config default end
            } else {
                // config allowlist begin
                registry.addMapping("/**")
                        .allowedOrigins("https://app.example", "https://admin.app.example")
                        .allowCredentials(true)
                        .allowedMethods("GET", "POST", "PUT", "DELETE")
                        .allowedHeaders("Content-Type", "X-Custom")
                        .exposedHeaders("X-Total")
                        .maxAge(600);
                // config allowlist end
            }
        }

        // Without the @Configuration proxy, WebMvcConfigurationSupport's own version of this
        // bean reads the argument resolvers of a fresh, uninitialized handler adapter (null);
        // it only serves MvcUriComponentsBuilder, which the app does not use.
        @Bean
        @Override
        public CompositeUriComponentsContributor mvcUriComponentsContributor() {
            return new CompositeUriComponentsContributor(Collections.<Object>emptyList());
        }
    }

    // The app: /data answers 200 to GET/POST/PUT/DELETE, /private 401, /error 500; anything else
    // is the DispatcherServlet's own 404 (and its 405 for another method on /data).
    @RestController
    public static class Api {
        @RequestMapping(value = "/data", method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT, RequestMethod.DELETE})
        public String data() {
            return "ok";
        }

        @RequestMapping(value = "/private", method = RequestMethod.GET)
        public ResponseEntity<String> unauthorized() {
            return new ResponseEntity<>("unauthorized", HttpStatus.UNAUTHORIZED);
        }

        @RequestMapping(value = "/error", method = RequestMethod.GET)
        public ResponseEntity<String> error() {
            return new ResponseEntity<>("error", HttpStatus.INTERNAL_SERVER_ERROR);
        }
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length != 2 || !(arguments[0].equals("default") || arguments[0].equals("allowlist"))) {
            System.err.println("usage: App default|allowlist PORT");
            System.exit(2);
        }
        configuration = arguments[0];
        AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
        context.register(WebConfig.class, Api.class);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(arguments[1]));
        server.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler();
        handler.setContextPath("/");
        handler.addServlet(new ServletHolder(new DispatcherServlet(context)), "/");
        server.setHandler(handler);
        server.start();
        server.join();
    }
}
