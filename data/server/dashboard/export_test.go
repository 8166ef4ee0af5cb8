package dashboard

// CacheStats counts what the cache did: models loaded from the store,
// updated from the records changed since, and boards computed.
type CacheStats struct{ Loads, Updates, Computes, Recalls, MemoErrs int }

// Stats reads the handler's counts.
func Stats(h *Handler) CacheStats {
	h.cache.mu.Lock()
	defer h.cache.mu.Unlock()
	return CacheStats{h.cache.loads, h.cache.updates, h.cache.computes, h.cache.recalls, h.cache.memoErrs}
}
