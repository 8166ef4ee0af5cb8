package desktop

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/app"
	"wardmap/app/settings"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

// startSyncServer serves a ward server's handler on loopback, with the
// inspectors an and binh (password "mật-khẩu-" + name), and keeps the
// sessions in the test's folder.
func startSyncServer(t *testing.T) (string, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	srvStore, err := sqlstore.Open(ctx, filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srvStore.Close() })
	svc := server.NewService(srvStore)
	for _, n := range []string{"an", "binh"} {
		if _, err := svc.AddUser(ctx, "kien-an", n, server.Inspector, "", "mật-khẩu-"+n); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(remote.NewHandler(svc, nil))
	t.Cleanup(ts.Close)
	return dir, ts
}

// The desktop's sync store against a real server handler on loopback: two
// laptops change the same field of a lamp; the second's sync meets the
// conflict, which the conflict dialog's store lists with both values;
// Keep mine then a sync leaves the server with mine.
func TestAppSyncStoreConflictRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir, ts := startSyncServer(t)

	open := func(name string) (*gpkg.Store, *syncStore) {
		db := filepath.Join(dir, name+".gpkg")
		createEmpty(t, db)
		st := openStore(t, db)
		ss := newSyncStore(st)
		ss.Backoff = time.Millisecond
		return st, ss
	}
	a, sa := open("a")
	b, sb := open("b")
	login := func(ss *syncStore, user string) {
		t.Helper()
		if err := ss.Login(ctx, ts.URL+"/", user, "mật-khẩu-"+user); err != nil {
			t.Fatal(err)
		}
	}
	sync := func(ss *syncStore) app.SyncSummary {
		t.Helper()
		var stages []string
		sum, err := ss.Sync(ctx, func(p app.SyncProgress) { stages = append(stages, p.Stage) })
		if err != nil {
			t.Fatal(err)
		}
		if len(stages) == 0 || stages[len(stages)-1] != app.StagePull && stages[len(stages)-1] != app.StagePhotosDown {
			t.Errorf("progress stages %v", stages)
		}
		return sum
	}
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.63, 20.81})
	lamp.Attrs["status"] = "working"
	lamp.Attrs["pole_code"] = "KA-0042"
	if err := a.Insert(ctx, "an", lamp); err != nil {
		t.Fatal(err)
	}

	// never synced, nobody logged in: the window must ask for a login
	st, err := sa.SyncStatus(ctx)
	if err != nil || st.Pending != 1 || st.Server != "" || !st.LastSync.IsZero() {
		t.Fatalf("status before any sync: %+v %v", st, err)
	}
	if _, err := sa.Sync(ctx, nil); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
		t.Fatalf("sync with no server: %v, want unauthorized", err)
	}
	if err := sa.Login(ctx, ts.URL, "an", "sai"); gis.ErrorCode(err) != gis.EUNAUTHORIZED {
		t.Fatalf("wrong password: %v", err)
	}
	login(sa, "an")
	if st, _ = sa.SyncStatus(ctx); st.Server != ts.URL || st.User != "an" {
		t.Fatalf("after login: %+v", st)
	}
	if sum := sync(sa); sum.Pushed != 1 || sum.Applied != 1 {
		t.Fatalf("first sync of a: %+v", sum)
	}
	if st, _ = sa.SyncStatus(ctx); st.Pending != 0 || st.LastSync.IsZero() || time.Since(st.LastSync) > time.Minute {
		t.Fatalf("after sync: %+v", st)
	}
	// a database that synced but whose login is gone asks for a login
	sessions := filepath.Join(dir, "config", "wardmap", "sessions.json")
	if err := os.Rename(sessions, sessions+".away"); err != nil {
		t.Fatal(err)
	}
	if _, err := sa.Sync(ctx, nil); gis.ErrorCode(err) != gis.EUNAUTHORIZED || !strings.Contains(err.Error(), "not logged in") {
		t.Fatalf("sync without a session: %v", err)
	}
	if st, _ = sa.SyncStatus(ctx); st.Server != ts.URL || st.User != "" {
		t.Fatalf("status without a session: %+v", st)
	}
	login(sb, "binh")
	if sum := sync(sb); sum.Pulled != 1 {
		t.Fatalf("b pulled %+v", sum)
	}

	setStatus := func(s *gpkg.Store, user, v string) {
		t.Helper()
		f, err := s.Get(ctx, gis.Lamp, lamp.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.Attrs["status"] = v
		if err := s.Save(ctx, user, f); err != nil {
			t.Fatal(err)
		}
	}
	setStatus(b, "binh", "broken")
	setStatus(a, "an", "missing")
	sync(sb)
	login(sa, "an") // one session per server in this config folder
	sum := sync(sa)
	if sum.Conflicts != 1 {
		t.Fatalf("a's sync after b's: %+v, want one conflict", sum)
	}
	cs, err := sa.Conflicts(ctx)
	if err != nil || len(cs) != 1 {
		t.Fatalf("conflicts %v %v", cs, err)
	}
	c := cs[0]
	if c.Field != "status" || c.Mine != "missing" || c.Theirs != "broken" || c.TheirsBy != "binh" || c.TheirsRev == 0 ||
		c.Record == nil || c.Record.Text("pole_code") != "KA-0042" {
		t.Fatalf("conflict %+v", c)
	}
	if st, _ = sa.SyncStatus(ctx); st.Conflicts != 1 {
		t.Fatalf("status counts %d conflicts", st.Conflicts)
	}
	if err := sa.Resolve(ctx, "an", c.ID, app.KeepMine, ""); err != nil {
		t.Fatal(err)
	}
	if st, _ = sa.SyncStatus(ctx); st.Conflicts != 0 || st.Pending != 1 {
		t.Fatalf("after keep mine: %+v", st)
	}
	if sum := sync(sa); sum.Pushed != 1 || sum.Applied != 1 || sum.Conflicts != 0 {
		t.Fatalf("sync after keep mine: %+v", sum)
	}
	// the server now holds mine: b pulls it
	login(sb, "binh")
	sync(sb)
	if f, err := b.Get(ctx, gis.Lamp, lamp.ID); err != nil || f.Text("status") != "missing" {
		t.Fatalf("b after a kept mine: %v %v", f.Attrs, err)
	}

	// Edit: a value typed in the dialog, parsed as the field's type
	setStatus(b, "binh", "working")
	f, _ := a.Get(ctx, gis.Lamp, lamp.ID)
	f.Attrs["status"] = "broken"
	if err := a.Save(ctx, "an", f); err != nil {
		t.Fatal(err)
	}
	sync(sb)
	login(sa, "an")
	sync(sa)
	cs, _ = sa.Conflicts(ctx)
	if len(cs) != 1 {
		t.Fatalf("second conflict: %v", cs)
	}
	if err := sa.Resolve(ctx, "an", cs[0].ID, app.EditValue, "không có"); err == nil {
		t.Fatal("a value not in the list was accepted")
	}
	if err := sa.Resolve(ctx, "an", cs[0].ID, app.EditValue, "Mất"); err != nil { // the Vietnamese label
		t.Fatal(err)
	}
	sync(sa)
	login(sb, "binh")
	sync(sb)
	if f, _ := b.Get(ctx, gis.Lamp, lamp.ID); f.Text("status") != "missing" {
		t.Fatalf("edited value on b: %v", f.Attrs)
	}

	// the server goes away: the window is told it is offline, nothing lost
	setStatus(a, "an", "working")
	ts.Close()
	_, err = sa.Sync(ctx, nil)
	if !errors.Is(err, app.ErrOffline) {
		t.Fatalf("sync with the server down: %v, want ErrOffline", err)
	}
	if st, _ = sa.SyncStatus(ctx); st.Pending != 1 {
		t.Fatalf("pending after a failed sync: %d", st.Pending)
	}
}

// The sync button of the real window over a real GeoPackage and a real
// server: log in through the dialog, sync, meet a conflict made by another
// laptop, keep mine in the conflict dialog, sync; the other laptop gets
// mine.
func TestDesktopSyncConflict(t *testing.T) {
	ctx := context.Background()
	dir, ts := startSyncServer(t)
	dbA, dbB := filepath.Join(dir, "a.gpkg"), filepath.Join(dir, "b.gpkg")
	createEmpty(t, dbA)
	createEmpty(t, dbB)
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.6265, 20.8085})
	lamp.Attrs["status"] = "working"
	lamp.Attrs["pole_code"] = "KA-0042"

	tapp := test.NewTempApp(t)
	a := openStore(t, dbA)
	if err := a.Insert(ctx, "an", lamp); err != nil {
		t.Fatal(err)
	}
	w, err := app.New(Wire(a, app.Deps{WardName: "Kiến An", Home: lamp.Geom.Bound().Pad(0.001),
		Settings: settings.New(tapp.Preferences()), User: "an", Sync: newSyncStore(a)}))
	if err != nil {
		t.Fatal(err)
	}
	win := test.NewTempWindow(t, w.Content())
	w.Attach(win)
	win.Resize(fyne.NewSize(1400, 900))
	w.Wait()
	p := w.Sync
	if p.Button.Text != "Đồng bộ (1)" || p.Last.Text != "chưa đồng bộ" {
		t.Fatalf("before any sync: %q, %q", p.Button.Text, p.Last.Text)
	}
	// no server yet: the login dialog, then the sync
	test.Tap(p.Button)
	w.Wait()
	if p.Login == nil {
		t.Fatalf("no login dialog; error %q", p.LastError)
	}
	p.Login.Server.SetText(ts.URL)
	p.Login.User.SetText("an")
	p.Login.Password.SetText("mật-khẩu-an")
	p.Login.Submit()
	w.Wait()
	if p.LastError != "" || !strings.Contains(p.LastSummary, "Đã gửi 1 thay đổi") || p.Button.Text != "Đồng bộ (0)" {
		t.Fatalf("first sync: error %q, summary %q, button %q", p.LastError, p.LastSummary, p.Button.Text)
	}

	// laptop b changes the status on the server
	bStore, err := gpkg.Open(ctx, dbB, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bStore.Close()
	sb := newSyncStore(bStore)
	if err := sb.Login(ctx, ts.URL, "binh", "mật-khẩu-binh"); err != nil {
		t.Fatal(err)
	}
	if _, err := sb.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	f, err := bStore.Get(ctx, gis.Lamp, lamp.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.Attrs["status"] = "broken"
	if err := bStore.Save(ctx, "binh", f); err != nil {
		t.Fatal(err)
	}
	if _, err := sb.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}

	// this laptop changes it too, in the form
	sel, err := a.Get(ctx, gis.Lamp, lamp.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.Inspector.Select(sel)
	w.Inspector.Form.Selects["status"].SetSelected("Mất")
	w.Inspector.Save()
	w.Wait()
	if p.Button.Text != "Đồng bộ (1)" {
		t.Fatalf("after the edit: %q", p.Button.Text)
	}
	// a's login was replaced by b's in the shared session file
	if err := newSyncStore(a).Login(ctx, ts.URL, "an", "mật-khẩu-an"); err != nil {
		t.Fatal(err)
	}
	test.Tap(p.Button)
	w.Wait()
	if p.LastError != "" || !p.ConflictsBtn.Visible() || p.ConflictsBtn.Text != "Xung đột (1)" {
		t.Fatalf("sync into a conflict: error %q, badge %q", p.LastError, p.ConflictsBtn.Text)
	}
	test.Tap(p.ConflictsBtn)
	w.Wait()
	if p.Conflicts == nil || len(p.Conflicts.Rows) != 1 {
		t.Fatal("conflict dialog not open")
	}
	row := p.Conflicts.Rows[0]
	if row.Mine.Text != "Mất" || row.Theirs.Text != "Hỏng" || row.Record != "KA-0042" || row.Field != "Trạng thái" {
		t.Fatalf("conflict row: %s %s: mine %q theirs %q", row.Record, row.Field, row.Mine.Text, row.Theirs.Text)
	}
	test.Tap(row.KeepMine)
	w.Wait()
	if p.Conflicts != nil || p.ConflictsBtn.Visible() || p.Button.Text != "Đồng bộ (1)" {
		t.Fatalf("after keep mine: badge %v, button %q", p.ConflictsBtn.Visible(), p.Button.Text)
	}
	if got := w.Inspector.Form.Selects["status"].Selected; got != "Mất" {
		t.Errorf("the form shows %q after keep mine", got)
	}
	test.Tap(p.Button)
	w.Wait()
	if p.LastError != "" || p.Button.Text != "Đồng bộ (0)" {
		t.Fatalf("sync after keep mine: %q %q", p.LastError, p.Button.Text)
	}
	if err := sb.Login(ctx, ts.URL, "binh", "mật-khẩu-binh"); err != nil {
		t.Fatal(err)
	}
	if _, err := sb.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if f, _ := bStore.Get(ctx, gis.Lamp, lamp.ID); f.Text("status") != "missing" {
		t.Fatalf("laptop b has %v, want mine (missing)", f.Attrs["status"])
	}
}
