package ward

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"time"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

// SyncState is a database's sync as the window's button shows it, read
// without the network.
type SyncState struct {
	Pending   int // changes waiting to be sent
	Conflicts int // open conflicts
	LastSync  time.Time
	Server    string
	User      string // of a live saved login to Server
}

// SyncStatus reads st's outbox, open conflicts and last sync, and who is
// logged in to server ("": the server st last synced with).
func SyncStatus(ctx context.Context, st *gpkg.Store, server string) (SyncState, error) {
	var out SyncState
	var err error
	if out.Pending, err = st.Pending(ctx); err != nil {
		return out, err
	}
	cs, err := st.Conflicts(ctx)
	if err != nil {
		return out, err
	}
	out.Conflicts = len(cs)
	last, err := st.SyncState(ctx, remote.StateLastSync)
	if err != nil {
		return out, err
	}
	if last != "" {
		out.LastSync, _ = time.Parse(time.RFC3339, last)
	}
	if out.Server = server; out.Server == "" {
		if out.Server, err = st.SyncState(ctx, remote.StateServer); err != nil || out.Server == "" {
			return out, err
		}
	}
	m, err := Sessions()
	if err != nil {
		return out, err
	}
	if sess, ok := m[out.Server]; ok && time.Now().Before(sess.Expires) {
		out.User = sess.User
	}
	return out, nil
}

// SyncOptions are one sync's: the server ("": the last one), the retries
// after a network failure and the first wait (0: the client's), what to
// pull (remote.PullQuery: everything when empty) and where progress goes.
type SyncOptions struct {
	Server   string
	Retries  int
	Backoff  time.Duration
	Pull     remote.PullQuery
	Progress func(SyncProgress)
}

// StageRetry is SyncProgress.Stage while a sync waits to try again after
// a network failure; the other stages are remote.Progress's.
const StageRetry = "retry"

// SyncProgress is one step of a running sync: a stage with the counts so
// far, or StageRetry with the attempt that follows, its wait and the
// failure.
type SyncProgress struct {
	Stage   string
	Summary remote.Summary
	Retry   int
	Wait    time.Duration
	Err     error
}

// SyncStopped is a sync that failed after it began (rather than before,
// for want of a server, a login or the right ward): what it did is kept,
// and running it again resumes. Its text is its cause's.
type SyncStopped struct{ Err error }

func (e *SyncStopped) Error() string { return e.Err.Error() }
func (e *SyncStopped) Unwrap() error { return e.Err }

// Sync runs one sync of st with its saved login (SyncClient, then
// remote.Sync): `wardmap sync` and the window's sync button. A sync cut
// anywhere loses nothing (*SyncStopped); running it again resumes.
func Sync(ctx context.Context, st *gpkg.Store, o SyncOptions) (remote.Summary, error) {
	c, err := SyncClient(ctx, st, o.Server)
	if err != nil {
		return remote.Summary{}, err
	}
	c.Retries = o.Retries
	if o.Backoff > 0 {
		c.Backoff = o.Backoff
	}
	report := func(p SyncProgress) {
		if o.Progress != nil {
			o.Progress(p)
		}
	}
	// A retry is reported with the counts of the last stage; the pull's
	// requests run beside the stage that reports, hence the lock.
	var mu sync.Mutex
	var last remote.Summary
	c.OnRetry = func(attempt int, err error, wait time.Duration) {
		mu.Lock()
		sum := last
		mu.Unlock()
		report(SyncProgress{Stage: StageRetry, Summary: sum, Retry: attempt, Wait: wait, Err: err})
	}
	sum, err := remote.Sync(ctx, st, c, remote.Options{Pull: o.Pull, Progress: func(p remote.Progress) {
		mu.Lock()
		last = p.Summary
		mu.Unlock()
		report(SyncProgress{Stage: p.Stage, Summary: p.Summary})
	}})
	if err != nil {
		return sum, &SyncStopped{err}
	}
	return sum, nil
}

// Offline says whether err is a failure to reach the server (no route,
// refused, reset, cut mid-answer, timed out) rather than the server's
// answer, which keeps its own code.
func Offline(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var se *remote.StatusError
	if errors.As(err, &se) {
		return false
	}
	var ue *url.Error
	var ne net.Error
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF)
}

// LiveSession is the saved login to server, refused (gis.EUNAUTHORIZED)
// when there is none or it has expired: the window checks it before a
// sync and offers its login dialog instead.
func LiveSession(server string) (*Session, error) {
	if server == "" {
		return nil, gis.Errorf(gis.EUNAUTHORIZED, "chưa chọn máy chủ phường: đăng nhập để đồng bộ (no ward server yet: log in to sync)")
	}
	m, err := Sessions()
	if err != nil {
		return nil, err
	}
	sess, ok := m[server]
	if !ok {
		return nil, gis.Errorf(gis.EUNAUTHORIZED, "chưa đăng nhập máy chủ %s (not logged in)", server)
	}
	if !time.Now().Before(sess.Expires) {
		return nil, gis.Errorf(gis.EUNAUTHORIZED, "phiên đăng nhập %s đã hết hạn: đăng nhập lại (session expired, log in again)", server)
	}
	return &sess, nil
}
