package app

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"wardmap/gis"
)

// fakeSync is an in-memory SyncStore over a fakeStore: every successful
// Apply on the store is one pending operation until a sync succeeds.
type fakeSync struct {
	mu    sync.Mutex
	store *fakeStore
	// sent is the store's Apply count at the last good sync; extra is
	// added to the pending count (resolutions, a starting outbox).
	sent, extra int
	server      string
	user        string
	last        time.Time
	// sum and err are what Sync returns; during, when set, runs inside
	// Sync after its progress reports (a test blocks it there).
	sum       SyncSummary
	err       error
	during    func(ctx context.Context) error
	syncs     int
	conflicts []SyncConflict
	resolved  []resolveCall
	logins    []string
	loginErr  error
	now       time.Time
}

type resolveCall struct {
	user, id string
	choice   Resolution
	value    string
}

var _ SyncStore = (*fakeSync)(nil)

func (s *fakeSync) applies() int {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	return s.store.applies
}

func (s *fakeSync) SyncStatus(context.Context) (SyncStatus, error) {
	n := s.applies()
	s.mu.Lock()
	defer s.mu.Unlock()
	return SyncStatus{Pending: n - s.sent + s.extra, Conflicts: len(s.conflicts), LastSync: s.last, Server: s.server, User: s.user}, nil
}

func (s *fakeSync) Sync(ctx context.Context, progress func(SyncProgress)) (SyncSummary, error) {
	s.mu.Lock()
	s.syncs++
	sum, err, during := s.sum, s.err, s.during
	s.mu.Unlock()
	progress(SyncProgress{Stage: StagePush, Summary: SyncSummary{Pushed: sum.Pushed}})
	progress(SyncProgress{Stage: StageRetry, Retry: 1, Wait: time.Second})
	if during != nil {
		if derr := during(ctx); derr != nil {
			return SyncSummary{}, derr
		}
	}
	if err != nil {
		return SyncSummary{}, err
	}
	progress(SyncProgress{Stage: StagePull, Summary: sum})
	n := s.applies()
	s.mu.Lock()
	s.sent, s.extra, s.last = n, 0, s.now
	s.mu.Unlock()
	return sum, nil
}

func (s *fakeSync) Login(_ context.Context, server, user, password string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logins = append(s.logins, server+" "+user+" "+password)
	if s.loginErr != nil {
		return s.loginErr
	}
	s.server, s.user, s.err = server, user, nil
	return nil
}

func (s *fakeSync) Conflicts(context.Context) ([]SyncConflict, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.conflicts), nil
}

func (s *fakeSync) Resolve(_ context.Context, user, id string, choice Resolution, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.conflicts, func(c SyncConflict) bool { return c.ID == id })
	if i < 0 {
		return gis.Errorf(gis.ENOTFOUND, "no such conflict %s", id)
	}
	s.resolved = append(s.resolved, resolveCall{user, id, choice, value})
	s.conflicts = slices.Delete(s.conflicts, i, i+1)
	if choice != TakeTheirs {
		s.extra++
	}
	return nil
}

// newSyncFixture is newFixture with the sync button wired to a fakeSync.
func newSyncFixture(t *testing.T, setup func(*fakeSync)) (*fixture, *fakeSync) {
	t.Helper()
	var fs *fakeSync
	f := newFixtureWith(t, func(st *fakeStore, d *Deps) {
		fs = &fakeSync{store: st, now: today}
		if setup != nil {
			setup(fs)
		}
		d.Sync = fs
	})
	f.w.Wait()
	return f, fs
}
