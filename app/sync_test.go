package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// overlayText is every label, entry and button text of the top dialog.
func overlayText(c fyne.Canvas) string {
	top := c.Overlays().Top()
	if top == nil {
		return ""
	}
	var parts []string
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Label:
			parts = append(parts, x.Text)
		case *widget.Entry:
			parts = append(parts, x.Text)
		case *widget.Button:
			parts = append(parts, "["+x.Text+"]")
		case *widget.Select:
			parts = append(parts, x.Selected)
		}
	}
	return strings.Join(parts, "\n")
}

// closeDialogs hides every open dialog.
func closeDialogs(c fyne.Canvas) {
	for c.Overlays().Top() != nil {
		c.Overlays().Remove(c.Overlays().Top())
	}
}

func TestSyncButtonShowsPendingLastSyncAndFollowsEdits(t *testing.T) {
	last := time.Date(2026, 3, 10, 7, 5, 0, 0, time.Local)
	f, fs := newSyncFixture(t, func(s *fakeSync) { s.extra, s.last, s.server, s.user = 12, last, "http://ward", "an" })
	p := f.w.Sync
	if p.Button.Text != "Đồng bộ (12)" {
		t.Errorf("button %q, want the pending count Đồng bộ (12)", p.Button.Text)
	}
	// on the ward's clock (UTC+7), whatever the laptop's zone
	want := "lần cuối " + last.In(gis.VietnamTime).Format("15:04")
	if today.In(gis.VietnamTime).Day() != last.In(gis.VietnamTime).Day() {
		want = "lần cuối " + last.In(gis.VietnamTime).Format("02/01/2006 15:04")
	}
	if p.Last.Text != want {
		t.Errorf("last sync %q, want %q", p.Last.Text, want)
	}
	if p.ConflictsBtn.Visible() {
		t.Error("conflict badge shown with no conflicts")
	}
	// a local edit adds one pending operation, shown without a restart
	f.tap(f.lamp.Geom.(orb.Point))
	f.w.Inspector.Form.Selects["status"].SetSelected("Hỏng")
	test.Tap(f.w.Inspector.SaveBtn)
	f.w.Wait()
	if p.Button.Text != "Đồng bộ (13)" {
		t.Errorf("after an edit the button says %q, want Đồng bộ (13)", p.Button.Text)
	}
	f.w.Undo()
	f.w.Wait()
	if p.Button.Text != "Đồng bộ (14)" {
		t.Errorf("after an undo (one more operation) the button says %q", p.Button.Text)
	}
	_ = fs

	// a database that never synced says so
	g, _ := newSyncFixture(t, nil)
	if g.w.Sync.Last.Text != "chưa đồng bộ" || g.w.Sync.Button.Text != "Đồng bộ (0)" {
		t.Errorf("never synced: %q %q", g.w.Sync.Last.Text, g.w.Sync.Button.Text)
	}
	// without a sync store there is no button
	h := newFixture(t)
	if h.w.Sync.Object().Visible() {
		t.Error("sync button shown without a sync store")
	}
}

func TestSyncRunsOffTheUIThreadAndShowsTheSummary(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	f, fs := newSyncFixture(t, func(s *fakeSync) {
		s.extra, s.server, s.user = 3, "http://ward", "an"
		s.sum = SyncSummary{Pushed: 3, Applied: 3, Pulled: 5, PhotosUp: 1, PhotosDown: 2}
		s.during = func(ctx context.Context) error {
			close(started)
			<-release
			return nil
		}
	})
	p := f.w.Sync
	test.Tap(p.Button)
	<-started
	// the UI thread is free: the button is disabled, progress shown
	if !p.Button.Disabled() || !p.Progress.Visible() || !p.CancelBtn.Visible() || !p.Running() {
		t.Errorf("while syncing: disabled %v, progress %v, cancel %v", p.Button.Disabled(), p.Progress.Visible(), p.CancelBtn.Visible())
	}
	if !strings.Contains(p.Last.Text, "thử lại lần 1") {
		t.Errorf("retry not shown while syncing: %q", p.Last.Text)
	}
	test.Tap(p.Button) // a second tap starts nothing
	close(release)
	f.w.Wait()
	if fs.syncs != 1 {
		t.Errorf("%d syncs ran, want 1", fs.syncs)
	}
	if p.Button.Disabled() || p.Progress.Visible() || p.CancelBtn.Visible() || p.Running() {
		t.Error("the button stays disabled after the sync")
	}
	if p.Button.Text != "Đồng bộ (0)" || p.Last.Text != "lần cuối "+today.In(gis.VietnamTime).Format("15:04") {
		t.Errorf("after sync: %q, %q", p.Button.Text, p.Last.Text)
	}
	want := "Đã gửi 3 thay đổi, đã nhận 5; ảnh tải lên 1, tải về 2."
	if p.LastSummary != want {
		t.Errorf("summary %q, want %q", p.LastSummary, want)
	}
	if got := overlayText(f.win.Canvas()); !strings.Contains(got, want) {
		t.Errorf("summary dialog shows %q", got)
	}
	closeDialogs(f.win.Canvas())

	// a sync that meets conflicts says so and opens them from its dialog
	fs.mu.Lock()
	fs.during = nil
	fs.sum = SyncSummary{Pushed: 1, Conflicts: 1}
	fs.conflicts = []SyncConflict{{ID: "c1", Kind: gis.Lamp, RecordID: f.lamp.ID, Field: "status", Mine: "missing", Theirs: "broken", TheirsBy: "binh", TheirsRev: 7}}
	fs.mu.Unlock()
	test.Tap(p.Button)
	f.w.Wait()
	if !p.ConflictsBtn.Visible() || p.ConflictsBtn.Text != "Xung đột (1)" {
		t.Errorf("conflict badge %q visible %v", p.ConflictsBtn.Text, p.ConflictsBtn.Visible())
	}
	if !strings.Contains(p.LastSummary, "1 xung đột đang chờ") {
		t.Errorf("summary does not announce the conflict: %q", p.LastSummary)
	}
	tapButton(t, f.win.Canvas(), "Xem xung đột")
	f.w.Wait()
	if p.Conflicts == nil || len(p.Conflicts.Rows) != 1 {
		t.Fatal("Xem xung đột did not open the conflicts")
	}
}

func TestSyncCancel(t *testing.T) {
	// The test driver runs the sync goroutine's fyne.Do calls on that
	// goroutine, so the test waits until the sync is blocked (its progress
	// shown) before it taps: tapping walks the same widgets (-race saw the
	// two touch a label's renderer at once).
	blocked := make(chan struct{})
	f, fs := newSyncFixture(t, func(s *fakeSync) {
		s.extra, s.server, s.user = 2, "http://ward", "an"
		s.during = func(ctx context.Context) error { close(blocked); <-ctx.Done(); return ctx.Err() }
	})
	p := f.w.Sync
	test.Tap(p.Button)
	<-blocked
	test.Tap(p.CancelBtn)
	f.w.Wait()
	if fs.syncs != 1 || p.Running() || p.Button.Disabled() {
		t.Fatalf("cancel: syncs %d running %v", fs.syncs, p.Running())
	}
	if !strings.Contains(p.LastError, "Đã dừng đồng bộ") || !strings.Contains(p.LastError, "2 chờ gửi") {
		t.Errorf("cancelled: %q", p.LastError)
	}
}

func TestSyncErrorsShowADialog(t *testing.T) {
	f, fs := newSyncFixture(t, func(s *fakeSync) {
		s.extra, s.server, s.user = 4, "http://wardd.kienan.vn", "an"
		s.err = &offlineErr{}
	})
	p := f.w.Sync
	test.Tap(p.Button)
	f.w.Wait()
	got := overlayText(f.win.Canvas())
	// what happened and what to do, in Vietnamese; the Go error stays in the log
	for _, want := range []string{"Không kết nối được máy chủ phường wardd.kienan.vn", "kiểm tra Wi-Fi/4G", "4 chờ gửi"} {
		if !strings.Contains(got, want) {
			t.Errorf("offline dialog lacks %q:\n%s", want, got)
		}
	}
	for _, raw := range []string{"connection refused", "dial tcp", "http://"} {
		if strings.Contains(got, raw) {
			t.Errorf("offline dialog shows the raw error's %q:\n%s", raw, got)
		}
	}
	if p.Button.Text != "Đồng bộ (4)" || p.Button.Disabled() {
		t.Errorf("after a failed sync: %q disabled %v", p.Button.Text, p.Button.Disabled())
	}
	closeDialogs(f.win.Canvas())

	// a server error: its message, and that nothing was lost
	fs.mu.Lock()
	fs.err = errors.New("máy chủ trả lời (server answered) 500: lỗi máy chủ")
	fs.mu.Unlock()
	test.Tap(p.Button)
	f.w.Wait()
	got = overlayText(f.win.Canvas())
	if !strings.Contains(got, "500: lỗi máy chủ") || !strings.Contains(got, "Không mất gì") {
		t.Errorf("server error dialog:\n%s", got)
	}
	closeDialogs(f.win.Canvas())
}

type offlineErr struct{}

func (*offlineErr) Error() string        { return "dial tcp 10.0.0.1:443: connect: connection refused" }
func (*offlineErr) Is(target error) bool { return target == ErrOffline }

func TestSyncNotLoggedInAsksForALogin(t *testing.T) {
	f, fs := newSyncFixture(t, func(s *fakeSync) {
		s.extra = 1
		s.err = gis.Errorf(gis.EUNAUTHORIZED, "chưa chọn máy chủ phường: đăng nhập để đồng bộ (no ward server yet: log in to sync)")
	})
	p := f.w.Sync
	test.Tap(p.Button)
	f.w.Wait()
	lf := p.Login
	if lf == nil {
		t.Fatal("no login dialog when the server wants a login")
	}
	got := overlayText(f.win.Canvas())
	for _, want := range []string{"Đăng nhập", "chưa chọn máy chủ phường", "tester"} {
		if !strings.Contains(got, want) {
			t.Errorf("login dialog lacks %q:\n%s", want, got)
		}
	}
	// a server address without a scheme is refused before the network
	lf.Server.SetText("wardd.kienan.vn")
	lf.Password.SetText("x")
	tapButton(t, f.win.Canvas(), "Đăng nhập")
	f.w.Wait()
	if len(fs.logins) != 0 || !strings.Contains(p.Login.Message.Text, "http://") {
		t.Fatalf("bad address: logins %v, message %q", fs.logins, p.Login.Message.Text)
	}
	closeDialogs(f.win.Canvas())
	// a wrong password: the server's answer, and the dialog again
	fs.loginErr = gis.Errorf(gis.EUNAUTHORIZED, "sai tên hoặc mật khẩu (wrong user name or password)")
	p.Login.Server.SetText("http://127.0.0.1:9/")
	p.Login.User.SetText("an")
	p.Login.Password.SetText("sai")
	p.Login.Submit()
	f.w.Wait()
	if !strings.Contains(p.Login.Message.Text, "wrong user name or password") || p.Login.Server.Text != "http://127.0.0.1:9" {
		t.Fatalf("wrong password: %q, server kept %q", p.Login.Message.Text, p.Login.Server.Text)
	}
	closeDialogs(f.win.Canvas())
	// a good login syncs straight away
	fs.loginErr = nil
	p.Login.Password.SetText("đúng")
	p.Login.Submit()
	f.w.Wait()
	if len(fs.logins) != 2 || fs.logins[1] != "http://127.0.0.1:9 an đúng" {
		t.Fatalf("logins %q", fs.logins)
	}
	if fs.syncs != 2 || p.Button.Text != "Đồng bộ (0)" || p.LastError != "" {
		t.Errorf("after login: syncs %d, %q, error %q", fs.syncs, p.Button.Text, p.LastError)
	}
}

func TestConflictDialogShowsBothVersionsAndResolves(t *testing.T) {
	var lampID string
	f, fs := newSyncFixture(t, func(s *fakeSync) { s.server, s.user = "http://ward", "an" })
	lampID = f.lamp.ID
	lamp := f.store.get(gis.Lamp, lampID)
	fs.mu.Lock()
	fs.conflicts = []SyncConflict{
		{ID: "c-status", Kind: gis.Lamp, RecordID: lampID, Field: "status", Mine: "missing", Theirs: "broken", TheirsBy: "binh", TheirsRev: 7, Record: lamp},
		{ID: "c-power", Kind: gis.Lamp, RecordID: lampID, Field: "power_w", Mine: 100.0, Theirs: 150.0, TheirsBy: "chi", TheirsRev: 8, Record: lamp},
		{ID: "c-geom", Kind: gis.Lamp, RecordID: lampID, Field: "geom", Mine: off(0, 0), Theirs: off(5, 0), TheirsBy: "binh", TheirsRev: 9, Record: lamp},
		{ID: "c-refused", Kind: gis.Tree, RecordID: "0195aaaa-bbbb", Field: ConflictRefused, Message: "update: forbidden"},
	}
	fs.mu.Unlock()
	p := f.w.Sync
	if err := p.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !p.ConflictsBtn.Visible() || p.ConflictsBtn.Text != "Xung đột (4)" {
		t.Fatalf("badge %q", p.ConflictsBtn.Text)
	}
	test.Tap(p.ConflictsBtn)
	f.w.Wait()
	cd := p.Conflicts
	if cd == nil || len(cd.Rows) != 4 {
		t.Fatalf("conflict dialog rows: %v", cd)
	}
	// both versions side by side, as the form would show them
	got := overlayText(f.win.Canvas())
	for _, want := range []string{"KA-0001", "Trạng thái", "Mất", "Hỏng", "Máy chủ (binh, phiên bản 7)", "100 W", "150 W",
		"Máy chủ từ chối thay đổi này: update: forbidden", "[Giữ của tôi]", "[Lấy của máy chủ]", "[Sửa…]", "[Bỏ qua]"} {
		if !strings.Contains(got, want) {
			t.Errorf("conflict dialog lacks %q:\n%s", want, got)
		}
	}
	st := cd.Rows[0]
	if st.Mine.Text != "Mất" || st.Theirs.Text != "Hỏng" || st.Field != "Trạng thái" {
		t.Errorf("status row: mine %q theirs %q field %q", st.Mine.Text, st.Theirs.Text, st.Field)
	}
	if g := cd.Rows[2]; !g.Edit.Disabled() || !strings.Contains(g.Mine.Text, "°N") || g.Mine.Text == g.Theirs.Text {
		t.Errorf("geometry row: edit disabled %v, %q vs %q", g.Edit.Disabled(), g.Mine.Text, g.Theirs.Text)
	}
	if r := cd.Rows[3]; !r.KeepMine.Disabled() || !r.Edit.Disabled() || r.TakeTheirs.Text != "Bỏ qua" {
		t.Error("a refused operation can only be dismissed")
	}
	// Keep mine
	test.Tap(st.KeepMine)
	f.w.Wait()
	if len(fs.resolved) != 1 || fs.resolved[0] != (resolveCall{"tester", "c-status", KeepMine, ""}) {
		t.Fatalf("keep mine resolved %+v", fs.resolved)
	}
	if len(cd.Rows) != 3 || cd.Rows[0].C.ID != "c-power" || p.ConflictsBtn.Text != "Xung đột (3)" || p.Button.Text != "Đồng bộ (1)" {
		t.Fatalf("after keep mine: %d rows, badge %q, button %q", len(cd.Rows), p.ConflictsBtn.Text, p.Button.Text)
	}
	// Edit: a new value typed in
	test.Tap(cd.Rows[0].Edit)
	if got := overlayText(f.win.Canvas()); !strings.Contains(got, "100") {
		t.Errorf("edit starts from mine: %q", got)
	}
	var entry *widget.Entry
	for _, o := range test.LaidOutObjects(f.win.Canvas().Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok {
			entry = e
		}
	}
	entry.SetText("120")
	tapButton(t, f.win.Canvas(), "Lưu")
	f.w.Wait()
	if len(fs.resolved) != 2 || fs.resolved[1] != (resolveCall{"tester", "c-power", EditValue, "120"}) {
		t.Fatalf("edit resolved %+v", fs.resolved)
	}
	// Take theirs, twice: the last one closes the dialog
	test.Tap(cd.Rows[0].TakeTheirs)
	f.w.Wait()
	test.Tap(cd.Rows[0].TakeTheirs)
	f.w.Wait()
	if len(fs.resolved) != 4 || fs.resolved[2] != (resolveCall{"tester", "c-geom", TakeTheirs, ""}) || fs.resolved[3].choice != TakeTheirs {
		t.Fatalf("take theirs resolved %+v", fs.resolved)
	}
	if p.Conflicts != nil || p.ConflictsBtn.Visible() || p.Button.Text != "Đồng bộ (2)" {
		t.Errorf("all resolved: dialog %v, badge %v, button %q", p.Conflicts, p.ConflictsBtn.Visible(), p.Button.Text)
	}
	if got := overlayText(f.win.Canvas()); !strings.Contains(got, "Không còn xung đột") {
		t.Errorf("no word that all are resolved: %q", got)
	}
}

// A sync that pulls a change to the record being edited keeps the user's
// unsaved change and shows the pulled one; saving writes both.
func TestSyncKeepsUnsavedEditsOfTheSelection(t *testing.T) {
	f, fs := newSyncFixture(t, func(s *fakeSync) { s.server, s.user = "http://ward", "an" })
	f.tap(f.lamp.Geom.(orb.Point))
	f.w.Inspector.Form.Selects["status"].SetSelected("Hỏng") // not saved
	fs.during = func(context.Context) error {
		// someone else's new power arrives with the pull
		l := f.store.get(gis.Lamp, f.lamp.ID)
		l.Attrs["power_w"] = 150.0
		return f.store.Apply(context.Background(), "binh", Change{Save: []*gis.Feature{l}})
	}
	test.Tap(f.w.Sync.Button)
	f.w.Wait()
	fm := f.w.Inspector.Form
	if fm.Selects["status"].Selected != "Hỏng" || fm.Entries["power_w"].Text != "150" {
		t.Fatalf("after the pull the form shows status %q power %q", fm.Selects["status"].Selected, fm.Entries["power_w"].Text)
	}
	test.Tap(f.w.Inspector.SaveBtn)
	f.w.Wait()
	got := f.store.get(gis.Lamp, f.lamp.ID)
	if got.Text("status") != "broken" || got.Attrs["power_w"] != 150.0 {
		t.Errorf("saved %v: an edit was lost", got.Attrs)
	}
	// an untouched form simply shows the pulled record
	fs.during = func(context.Context) error {
		l := f.store.get(gis.Lamp, f.lamp.ID)
		l.Attrs["power_w"] = 90.0
		return f.store.Apply(context.Background(), "binh", Change{Save: []*gis.Feature{l}})
	}
	closeDialogs(f.win.Canvas())
	test.Tap(f.w.Sync.Button)
	f.w.Wait()
	if fm := f.w.Inspector.Form; fm.Entries["power_w"].Text != "90" || fm.Selects["status"].Selected != "Hỏng" {
		t.Errorf("clean form not reloaded: power %q", fm.Entries["power_w"].Text)
	}
}

func TestSyncMenu(t *testing.T) {
	f, fs := newSyncFixture(t, func(s *fakeSync) { s.server, s.user = "http://ward", "an" })
	items := map[string]*fyne.MenuItem{}
	for _, it := range f.win.MainMenu().Items[0].Items {
		items[it.Label] = it
	}
	sync, login := items["Đồng bộ với máy chủ"], items["Đăng nhập máy chủ phường…"]
	if sync == nil || login == nil || items["Xung đột đồng bộ…"] == nil {
		t.Fatalf("File menu lacks the sync items: %v", items)
	}
	sync.Action()
	f.w.Wait()
	if fs.syncs != 1 {
		t.Fatalf("menu Sync ran %d syncs", fs.syncs)
	}
	closeDialogs(f.win.Canvas())
	login.Action()
	if f.w.Sync.Login == nil || f.w.Sync.Login.Server.Text != "http://ward" || f.w.Sync.Login.User.Text != "an" {
		t.Fatal("the login dialog does not start from the current server and user")
	}
	// and without a sync store, no sync items
	g := newFixture(t)
	for _, it := range g.win.MainMenu().Items[0].Items {
		if it.Label == "Đồng bộ với máy chủ" {
			t.Error("a Sync menu item without a sync store")
		}
	}
}
