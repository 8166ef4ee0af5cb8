package desktop

import (
	"context"
	"sync/atomic"
	"time"

	"wardmap/app"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/data/sync/remote"
)

// syncStore gives the window's sync button (app.SyncStore) the sync of
// `wardmap sync` (ward.Sync), the login of `wardmap login` (the same
// session file) and the conflicts of `wardmap conflicts`.
type syncStore struct {
	st *gpkg.Store
	// Retries after a network failure and the first wait: fewer than the
	// command line's 6, since a person watches the button.
	Retries int
	Backoff time.Duration

	server atomic.Pointer[string] // chosen at a login in this window, else the database's
}

func newSyncStore(st *gpkg.Store) *syncStore { return &syncStore{st: st, Retries: 3} }

// serverURL is where the next sync goes ("" when the database never
// synced and nobody logged in).
func (s *syncStore) serverURL(ctx context.Context) (string, error) {
	if srv := s.server.Load(); srv != nil {
		return *srv, nil
	}
	return s.st.SyncState(ctx, remote.StateServer)
}

// SyncStatus is ward.SyncStatus for the server of the next sync.
func (s *syncStore) SyncStatus(ctx context.Context) (app.SyncStatus, error) {
	srv, err := s.serverURL(ctx)
	if err != nil {
		return app.SyncStatus{}, err
	}
	st, err := ward.SyncStatus(ctx, s.st, srv)
	return app.SyncStatus(st), err
}

// Sync runs one sync as `wardmap sync` does (ward.Sync), once the window
// has a live login (ward.LiveSession), else it asks for one.
func (s *syncStore) Sync(ctx context.Context, progress func(app.SyncProgress)) (app.SyncSummary, error) {
	srv, err := s.serverURL(ctx)
	if err != nil {
		return app.SyncSummary{}, err
	}
	if _, err := ward.LiveSession(srv); err != nil {
		return app.SyncSummary{}, err
	}
	o := ward.SyncOptions{Server: srv, Retries: s.Retries, Backoff: s.Backoff}
	if progress != nil {
		o.Progress = func(p ward.SyncProgress) {
			progress(app.SyncProgress{Stage: p.Stage, Summary: summaryOf(p.Summary), Retry: p.Retry, Wait: p.Wait, Err: p.Err})
		}
	}
	sum, err := ward.Sync(ctx, s.st, o)
	return summaryOf(sum), offline(err)
}

func summaryOf(s remote.Summary) app.SyncSummary {
	return app.SyncSummary{Pushed: s.Pushed, Applied: s.Applied, Conflicts: s.Conflicts, Rejected: s.Rejected,
		Pulled: s.Pulled, PhotosUp: s.PhotosUp, PhotosDown: s.PhotosDown}
}

// offlineError is a failure to reach the server: errors.Is(err,
// app.ErrOffline) holds, and its text is the network's.
type offlineError struct{ error }

func (e offlineError) Unwrap() error      { return e.error }
func (offlineError) Is(target error) bool { return target == app.ErrOffline }

// offline marks the network's failures (ward.Offline) so that the window
// says the server cannot be reached.
func offline(err error) error {
	if ward.Offline(err) {
		return offlineError{err}
	}
	return err
}

// Login signs in as `wardmap login` does and keeps the session in the same
// file (mode 0600); the next sync goes to server.
func (s *syncStore) Login(ctx context.Context, server, user, password string) error {
	server = ward.NormServer(server)
	c := remote.NewClient(server, "")
	c.Retries = 1
	if _, err := ward.Login(ctx, c, user, password); err != nil {
		return offline(err)
	}
	s.server.Store(&server)
	return nil
}

// Conflicts is ward.Conflicts: the values as the form holds them and the
// local record.
func (s *syncStore) Conflicts(ctx context.Context) ([]app.SyncConflict, error) {
	cs, err := ward.Conflicts(ctx, s.st)
	out := make([]app.SyncConflict, len(cs))
	for i, c := range cs {
		out[i] = app.SyncConflict{ID: c.ID, Kind: c.Kind, RecordID: c.RecordID, Field: c.Field, Mine: c.MineValue, Theirs: c.TheirsValue,
			TheirsBy: c.TheirsBy, TheirsRev: c.TheirsRev, Message: c.Message, Record: c.Record}
	}
	return out, err
}

// Resolve settles a conflict as `wardmap conflicts resolve` does.
func (s *syncStore) Resolve(ctx context.Context, user, id string, choice app.Resolution, value string) error {
	return ward.ResolveConflict(ctx, s.st, user, id, string(choice), value)
}
