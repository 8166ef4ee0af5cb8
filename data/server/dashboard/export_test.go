package dashboard

// CacheStats counts what the cache did: models loaded from the store,
// updated from the records changed since, and boards computed; Stales are
// stale memos shown while recomputed.
type CacheStats struct{ Loads, Updates, Computes, Recalls, MemoErrs, Stales int }

// Stats reads the handler's counts.
func Stats(h *Handler) CacheStats {
	h.cache.mu.Lock()
	defer h.cache.mu.Unlock()
	return CacheStats{h.cache.loads, h.cache.updates, h.cache.computes, h.cache.recalls, h.cache.memoErrs, h.cache.stales}
}

// RefreshStats counts the background recomputes: wards done (or given
// up), errors logged, workers running.
type RefreshStats struct{ Done, Errs, Live int }

// Refreshes reads the handler's background counts.
func Refreshes(h *Handler) RefreshStats {
	h.ref.mu.Lock()
	defer h.ref.mu.Unlock()
	return RefreshStats{h.ref.done, h.ref.errs, h.ref.live}
}

// WaitRefresh waits until no ward is queued or being recomputed.
func WaitRefresh(h *Handler) { h.ref.wait() }

// HoldRefresh makes each worker stop before it computes a ward, until
// release; entered receives the ward each time one stops.
func HoldRefresh(h *Handler) (entered <-chan string, release func()) {
	in, gate := make(chan string, 16), make(chan struct{})
	h.ref.mu.Lock()
	h.ref.hold = func(ward string) { in <- ward; <-gate }
	h.ref.mu.Unlock()
	return in, func() {
		h.ref.mu.Lock()
		h.ref.hold = nil
		h.ref.mu.Unlock()
		close(gate)
	}
}
