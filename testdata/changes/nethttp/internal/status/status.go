// Package status serves a health endpoint; it brings net/http into the binary.
package status

import (
	"fmt"
	"net/http"
)

// Handler answers every request with "ok".
func Handler(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok", r.URL.Path) }

// Serve listens on addr until it fails.
func Serve(addr string) error {
	http.HandleFunc("/healthz", Handler)
	return http.ListenAndServe(addr, nil)
}
