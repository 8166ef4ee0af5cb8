package server

import "time"

// Partial uploads: a laptop sends a photo in chunks and resumes a cut
// transfer, so the server keeps what arrived. Left alone that is a
// place anyone with an account fills for ever; so a user has at most
// MaxPartialUploads begun and MaxPartialBytes declared in them (a
// laptop's sync sends photos one at a time: 20 is generous), and
// uploads that have not grown for PartialTTL are deleted (wardd sweeps
// every hour). A laptop that comes back later begins again.
const (
	MaxPartialUploads = 20
	MaxPartialBytes   = 1 << 30
	PartialTTL        = 7 * 24 * time.Hour
)
