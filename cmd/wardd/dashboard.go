package main

import (
	"log/slog"
	"net/http"

	"wardmap/data/server"
	"wardmap/data/server/dashboard"
)

// withDashboard serves the leaders' dashboard under /dashboard/ and
// everything else with next.
func withDashboard(next http.Handler, svc *server.Service, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	d := dashboard.New(svc, log)
	mux.Handle(dashboard.Prefix, d)
	mux.Handle("/dashboard", d)
	mux.Handle("/", next)
	return mux
}
