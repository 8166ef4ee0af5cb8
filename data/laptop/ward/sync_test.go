package ward

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

// The window's sync through ward.Sync against a real server handler: the
// status before and after, a login it needs, and its progress.
func TestSync(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	ctx := t.Context()
	dir := t.TempDir()
	svc, ts := realServer(t, dir)
	if _, err := svc.AddUser(ctx, "kien-an", "an", server.Inspector, "", "mật-khẩu-an"); err != nil {
		t.Fatal(err)
	}
	s, err := gpkg.Open(ctx, filepath.Join(dir, "an.gpkg"), gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.631, 20.811})
	lamp.Attrs["pole_code"], lamp.Attrs["status"] = "KA-0001", "working"
	if err := s.Insert(ctx, "an", lamp); err != nil {
		t.Fatal(err)
	}
	st, err := SyncStatus(ctx, s, "")
	if err != nil || st.Pending != 1 || st.Server != "" || !st.LastSync.IsZero() {
		t.Fatalf("before any sync: %+v %v", st, err)
	}
	if _, err := LiveSession(""); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
		t.Errorf("no server: %v", err)
	}
	if _, err := LiveSession(ts.URL); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
		t.Errorf("not logged in: %v", err)
	}
	if _, err := Login(ctx, remote.NewClient(ts.URL, ""), "an", "mật-khẩu-an"); err != nil {
		t.Fatal(err)
	}
	if sess, err := LiveSession(ts.URL); err != nil || sess.User != "an" {
		t.Fatalf("logged in: %+v %v", sess, err)
	}
	var stages []string
	sum, err := Sync(ctx, s, SyncOptions{Server: ts.URL, Retries: 1, Progress: func(p SyncProgress) {
		stages = append(stages, p.Stage)
	}})
	if err != nil || sum.Pushed != 1 || len(stages) == 0 {
		t.Fatalf("sync: %+v, stages %v, %v", sum, stages, err)
	}
	st, err = SyncStatus(ctx, s, "")
	if err != nil || st.Pending != 0 || st.Server != ts.URL || st.User != "an" || time.Since(st.LastSync) > time.Minute {
		t.Errorf("after the sync: %+v %v", st, err)
	}
	// The next sync needs no server: the database's is remembered.
	if _, err := Sync(ctx, s, SyncOptions{}); err != nil {
		t.Errorf("second sync: %v", err)
	}
	// So does the history: the lamp's insert, by an.
	if cs, err := History(ctx, s, "", lamp.ID); err != nil || len(cs) != 1 || cs[0].Action != "insert" || cs[0].By != "an" || cs[0].New["status"] != "working" {
		t.Errorf("history: %+v %v", cs, err)
	}
	// The server gone: the sync stops after it began (SyncStopped), off
	// line, having said it tries again once.
	ts.Close()
	var retries []SyncProgress
	_, err = Sync(ctx, s, SyncOptions{Retries: 1, Backoff: time.Millisecond, Progress: func(p SyncProgress) {
		if p.Stage == StageRetry {
			retries = append(retries, p)
		}
	}})
	var stopped *SyncStopped
	if !errors.As(err, &stopped) || !Offline(err) || len(retries) != 1 || retries[0].Retry != 1 || retries[0].Err == nil {
		t.Errorf("server gone: %v, retries %+v", err, retries)
	}
	// A database that never synced has no server: refused before it begins.
	fresh, err := gpkg.Open(ctx, filepath.Join(dir, "fresh.gpkg"), gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := Sync(ctx, fresh, SyncOptions{}); !errors.Is(err, ErrNoServer) || errors.As(err, &stopped) {
		t.Errorf("no server: %v", err)
	}
}

// Offline is the network's failures, not the server's answers.
func TestOffline(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{context.Canceled, false},
		{&url.Error{Op: "Post", URL: "http://x", Err: fmt.Errorf("connection refused")}, true},
		{fmt.Errorf("pull: %w", io.ErrUnexpectedEOF), true},
		{&remote.StatusError{Status: 401, Code: gis.EUNAUTHORIZED}, false},
		{&url.Error{Op: "Post", URL: "http://x", Err: &remote.StatusError{Status: 500}}, false},
		{gis.Errorf(gis.EINVALID, "bad"), false},
	} {
		if got := Offline(c.err); got != c.want {
			t.Errorf("Offline(%v) = %v", c.err, got)
		}
	}
}

// realServer is the ward server's real handler over a SQLite store in dir,
// closed when the test ends.
func realServer(t *testing.T, dir string) (*server.Service, *httptest.Server) {
	t.Helper()
	srv, err := sqlstore.Open(t.Context(), filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	svc := server.NewService(srv)
	ts := httptest.NewServer(remote.NewHandler(svc, nil))
	t.Cleanup(ts.Close)
	return svc, ts
}
