package ward

import (
	"errors"
	"os"
	"testing"
	"time"

	"wardmap/gis"
)

// Logins are kept per server in a file only the user reads, and a sync
// finds the database's server and its login, refusing none, an expired
// one and another ward's.
func TestSessions(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	ctx := t.Context()
	s := open(t, copyDemo(t))
	if _, _, err := ClientFor(ctx, s, ""); !errors.Is(err, ErrNoServer) {
		t.Fatalf("no server, never synced: %v", err)
	}
	if _, _, err := ClientFor(ctx, s, "https://wardd.example/"); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
		t.Fatalf("not logged in: %v", err)
	}
	const srv = "https://wardd.example"
	ok := Session{Token: "t1", User: "lan", Role: "officer", Ward: "Kiến An", Expires: time.Now().Add(time.Hour).UTC()}
	if err := SaveSession(srv, ok); err != nil {
		t.Fatal(err)
	}
	if err := SaveSession("https://other.example", Session{Token: "t2", Ward: "Lê Lợi", Expires: ok.Expires}); err != nil {
		t.Fatal(err)
	}
	p, _ := SessionsPath()
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("sessions file %v %v", fi, err)
	}
	m, err := Sessions()
	if err != nil || len(m) != 2 || m[srv].Token != "t1" || !m[srv].Expires.Equal(ok.Expires) {
		t.Fatalf("read back %+v %v", m, err)
	}
	c, err := SyncClient(ctx, s, " "+srv+"/ ")
	if err != nil || c.BaseURL != srv || c.Token != "t1" {
		t.Fatalf("sync client %+v %v", c, err)
	}
	// remembered: the next sync needs no server
	if c, _, err := ClientFor(ctx, s, ""); err != nil || c.BaseURL != srv {
		t.Fatalf("the database's server: %v", err)
	}
	// a login to another ward's server may not sync this database
	if _, err := SyncClient(ctx, s, "https://other.example"); gis.ErrorCode(err) != gis.EINVALID {
		t.Errorf("another ward: %v", err)
	}
	ok.Expires = time.Now().Add(-time.Minute)
	if err := SaveSession(srv, ok); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ClientFor(ctx, s, ""); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
		t.Errorf("expired: %v", err)
	}
}
