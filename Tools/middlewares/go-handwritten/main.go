// The probe app behind the hand-written CORS handler Go tutorials show (net/http only), for
// capture.py.
//
//	go build -o app . && ./app default PORT
//
// Listens on 127.0.0.1:PORT. The configuration code capture.py records in the fixture is the
// text between the "config NAME begin" and "config NAME end" lines, verbatim.
package main

import (
	"fmt"
	"net/http"
	"os"
)

// config default begin
func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "https://app.example" || origin == "https://admin.app.example" {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
			w.Header().Set("Access-Control-Allow-Headers", "Content-Type, X-Custom")
			w.Header().Set("Access-Control-Expose-Headers", "X-Total")
			w.Header().Set("Access-Control-Max-Age", "600")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// config default end

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
	if len(os.Args) != 3 || os.Args[1] != "default" {
		fmt.Fprintln(os.Stderr, "usage: app default PORT")
		os.Exit(2)
	}
	if err := http.ListenAndServe("127.0.0.1:"+os.Args[2], withCORS(app())); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
