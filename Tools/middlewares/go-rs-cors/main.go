// The probe app behind rs/cors (Debian's golang-github-rs-cors-dev, built with GO111MODULE=off
// from /usr/share/gocode), for capture.py.
//
//	go build -o app . && ./app CONFIGURATION PORT
//
// Listens on 127.0.0.1:PORT. The configuration code capture.py records in the fixture is the
// text between the "config NAME begin" and "config NAME end" lines, verbatim.
package main

import (
	"fmt"
	"net/http"
	"os"

	"github.com/rs/cors"
)

// The app: /data answers 200 to GET/POST/PUT/DELETE, /private 401, /error 500; anything else
// is the ServeMux's own 404 (and 405 for another method on /data).
func app() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/data", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete:
			fmt.Fprint(w, "ok")
		default:
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/private", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
	})
	mux.HandleFunc("/error", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "error", http.StatusInternalServerError)
	})
	return mux
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: app default|allowlist PORT")
		os.Exit(2)
	}
	mux := app()
	var handler http.Handler
	switch os.Args[1] {
	case "default":
		// config default begin
		handler = cors.Default().Handler(mux)
		// config default end
	case "allowlist":
		// config allowlist begin
		handler = cors.New(cors.Options{
			AllowedOrigins:   []string{"https://app.example", "https://admin.app.example"},
			AllowCredentials: true,
			AllowedMethods:   []string{"GET", "POST", "PUT", "DELETE"},
			AllowedHeaders:   []string{"Content-Type", "X-Custom"},
			ExposedHeaders:   []string{"X-Total"},
			MaxAge:           600,
		}).Handler(mux)
		// config allowlist end
	default:
		fmt.Fprintln(os.Stderr, "unknown configuration", os.Args[1])
		os.Exit(2)
	}
	if err := http.ListenAndServe("127.0.0.1:"+os.Args[2], handler); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
