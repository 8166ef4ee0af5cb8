package main

import (
	"net/http"

	"wardmap/data/server/dashboard"
)

// withDashboard serves the leaders' dashboard under /dashboard/ and
// everything else with next.
func withDashboard(next http.Handler, d *dashboard.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(dashboard.Prefix, d)
	mux.Handle("/dashboard", d)
	mux.Handle("/", next)
	return mux
}
