package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// The edit panel and the recording of what was found (issue 12), through
// Fyne's test driver.

func (f *fixture) add(t *testing.T, fs ...*gis.Feature) {
	t.Helper()
	if err := f.store.Apply(t.Context(), "seed", Change{Insert: fs}); err != nil {
		t.Fatal(err)
	}
}

func testTree(p orb.Point) *gis.Feature {
	tr := gis.NewFeature(gis.Tree, p)
	tr.Attrs["species_vi"] = "Bằng lăng"
	tr.Attrs["condition"] = "good"
	tr.Attrs["height_m"] = 6.0
	tr.Attrs["planted_on"] = gis.Date{Year: 2024, Month: 5, Day: 2}
	return tr
}

// absRect is an object's place on the canvas.
func absRect(o fyne.CanvasObject) (fyne.Position, fyne.Size) {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o), o.Size()
}

func inside(t *testing.T, what string, o, panel fyne.CanvasObject) {
	t.Helper()
	p, s := absRect(o)
	pp, ps := absRect(panel)
	if p.X < pp.X-0.5 || p.Y < pp.Y-0.5 || p.X+s.Width > pp.X+ps.Width+0.5 || p.Y+s.Height > pp.Y+ps.Height+0.5 {
		t.Errorf("%s at %v size %v lies outside the panel at %v size %v", what, p, s, pp, ps)
	}
}

func TestUnsavedEditsAreGuarded(t *testing.T) {
	f := newFixture(t)
	in := f.w.Inspector
	f.tap(f.lamp.Geom.(orb.Point))
	in.Form.Entries["power_w"].SetText("150")
	if !in.Dirty() || in.Message.Text != "Có thay đổi chưa lưu." {
		t.Fatalf("a typed change is not marked: dirty %v, bar %q", in.Dirty(), in.Message.Text)
	}
	// another feature: asked first, the panel unchanged until answered
	f.tap(off(100, 40))
	g := in.Guard()
	if g == nil {
		t.Fatal("selecting the street with unsaved edits asked nothing")
	}
	if g.Save.Text != "Lưu" || g.Discard.Text != "Bỏ" || g.Stay.Text != "Ở lại" {
		t.Errorf("guard buttons %q %q %q", g.Save.Text, g.Discard.Text, g.Stay.Text)
	}
	if in.Selected.ID != f.lamp.ID {
		t.Fatalf("the street replaced the lamp before the answer")
	}
	test.Tap(g.Stay)
	if in.Guard() != nil || in.Selected.ID != f.lamp.ID || in.Form.Entries["power_w"].Text != "150" {
		t.Fatalf("Stay lost the edit: selected %v, power %q", in.Selected.Kind, in.Form.Entries["power_w"].Text)
	}
	// Esc asks too; Discard drops the edit
	f.w.onKey(fyne.KeyEscape)
	if in.Guard() == nil {
		t.Fatal("Esc with unsaved edits asked nothing")
	}
	test.Tap(in.Guard().Discard)
	if in.Selected != nil {
		t.Fatalf("Discard kept the selection")
	}
	if p, _ := f.store.get(gis.Lamp, f.lamp.ID).Float("power_w"); p != 100 {
		t.Fatalf("Discard wrote the edit: power %v", p)
	}
	// Save stores the edit, then goes where the click asked
	f.tap(f.lamp.Geom.(orb.Point))
	in.Form.Entries["power_w"].SetText("150")
	f.tap(off(100, 40))
	test.Tap(in.Guard().Save)
	if p, _ := f.store.get(gis.Lamp, f.lamp.ID).Float("power_w"); p != 150 {
		t.Errorf("Save did not write the edit: power %v", p)
	}
	if in.Selected == nil || in.Selected.ID != f.street.ID {
		t.Errorf("after Save the click's street is not selected: %v", in.Selected)
	}
	// a refused save keeps the panel and asks nothing more
	f.tap(f.lamp.Geom.(orb.Point))
	in.Form.Entries["power_w"].SetText("99999")
	f.tap(off(100, 40))
	test.Tap(in.Guard().Save)
	if in.Selected.ID != f.lamp.ID || !in.Form.Errors["power_w"].Visible() {
		t.Errorf("a refused save left the lamp: selected %v", in.Selected.Kind)
	}
	// closing the window asks; Stay keeps it open (a window of its own:
	// the test's window is closed by the test's cleanup)
	win := test.NewWindow(f.win.Content())
	win.Resize(fyne.NewSize(1400, 900))
	f.w.win = win
	defer func() { f.w.win = f.win }()
	f.w.RequestClose()
	if in.Guard() == nil {
		t.Fatal("closing the window with unsaved edits asked nothing")
	}
	test.Tap(in.Guard().Stay)
	if !windowOpen(win) {
		t.Fatal("Stay closed the window")
	}
	f.w.RequestClose()
	test.Tap(in.Guard().Discard)
	if windowOpen(win) {
		t.Error("Discard did not close the window")
	}
}

func windowOpen(w fyne.Window) bool {
	for _, o := range fyne.CurrentApp().Driver().AllWindows() {
		if o == w {
			return true
		}
	}
	return false
}

// Nothing to lose, nothing asked: a record only looked at, or saved.
func TestNoGuardWithoutChanges(t *testing.T) {
	f := newFixture(t)
	f.tap(off(100, 40)) // the street: bool fields unset, computed length
	if f.w.Inspector.Dirty() {
		t.Fatalf("a record only opened is dirty: %v", f.w.Inspector.Form.Changed(f.w.Inspector.Selected))
	}
	f.tap(f.lamp.Geom.(orb.Point))
	if f.w.Inspector.Guard() != nil || f.w.Inspector.Selected.ID != f.lamp.ID {
		t.Fatal("asked about a record with no change")
	}
}

func TestActionBarVisibleAt1024x700(t *testing.T) {
	f := newFixture(t)
	f.win.Resize(fyne.NewSize(1024, 700))
	tree := testTree(off(20, -20))
	f.add(t, tree)
	in := f.w.Inspector
	in.Select(tree)
	f.win.Content().Refresh()
	panel := in.obj
	if _, ps := absRect(panel); ps.Width < 100 {
		t.Fatalf("panel %v wide", ps)
	}
	if in.body.MinSize().Height <= in.Scroll.Size().Height {
		t.Fatalf("the tree's form (%v) fits the panel (%v): the test must need scrolling", in.body.MinSize(), in.Scroll.Size())
	}
	for _, b := range []*widget.Button{in.SaveBtn, in.DeleteBtn, in.MoveBtn, in.InspectBtn} {
		if !b.Visible() {
			t.Errorf("%q hidden", b.Text)
		}
		inside(t, b.Text, b, panel)
	}
	// fields fit the panel: no horizontal scrolling, every select's arrow in
	if w, sw := in.body.MinSize().Width, in.Scroll.Size().Width; w > sw {
		t.Errorf("the form needs %v px, the panel gives %v", w, sw)
	}
	for name, s := range in.Form.Selects { // across: the arrow is not clipped
		p, sz := absRect(s)
		pp, ps := absRect(panel)
		if p.X < pp.X || p.X+sz.Width > pp.X+ps.Width+0.5 {
			t.Errorf("select %s spans x %v..%v, the panel %v..%v", name, p.X, p.X+sz.Width, pp.X, pp.X+ps.Width)
		}
	}
	// the wheel over an input scrolls the form; the bar stays where it was
	savePos, _ := absRect(in.SaveBtn)
	e := in.Form.Entries["species_vi"]
	ep, _ := absRect(e)
	test.Scroll(f.win.Canvas(), ep.Add(fyne.NewPos(10, 10)), 0, -200)
	if in.Scroll.Offset.Y <= 0 {
		t.Fatalf("the wheel over an entry did not scroll the form")
	}
	if p, _ := absRect(in.SaveBtn); p != savePos {
		t.Errorf("Save moved from %v to %v while scrolling", savePos, p)
	}
	// the next record opens at its top
	in.Select(f.lamp)
	if in.Scroll.Offset.Y != 0 {
		t.Errorf("the lamp opened scrolled to %v", in.Scroll.Offset.Y)
	}
}

func TestEmptyRecordRefused(t *testing.T) {
	f := newFixture(t)
	f.w.Draw.Start(gis.Tree)
	f.tap(off(50, 10))
	in := f.w.Inspector
	applies := f.store.applies
	test.Tap(in.SaveBtn)
	if f.store.applies != applies || len(f.store.live(gis.Tree)) != 0 {
		t.Fatal("an empty tree was saved")
	}
	for _, want := range []string{"Loài (tiếng Việt)", "Tình trạng"} {
		if !strings.Contains(in.Message.Text, want) {
			t.Errorf("the bar %q does not name %q", in.Message.Text, want)
		}
	}
	if e := in.Form.Errors["species_vi"]; !e.Visible() || !strings.Contains(e.Text, "Tên khoa học") {
		t.Errorf("species error %q", e.Text)
	}
	in.Form.Entries["species_vi"].SetText("Sấu")
	in.Form.Selects["condition"].SetSelected("Tốt")
	test.Tap(in.SaveBtn)
	if n := len(f.store.live(gis.Tree)); n != 1 {
		t.Fatalf("%d trees after filling the minimum", n)
	}
	if in.Message.Text != "" {
		t.Errorf("the bar still says %q", in.Message.Text)
	}
}

func TestDeadlineBeforeDiscoveryRefused(t *testing.T) {
	f := newFixture(t)
	f.w.set.SetUser("Trần Thị Bình")
	f.w.Draw.Start(gis.Violation)
	f.tap(off(50, 10))
	in := f.w.Inspector
	in.Form.Selects["kind"].SetSelected("Đỗ xe sai quy định")
	if got := in.Form.Entries["found_on"].Text; got != "10/03/2026" {
		t.Fatalf("found on %q", got)
	}
	in.Form.Entries["deadline"].SetText("09/03/2026")
	test.Tap(in.SaveBtn)
	if len(f.store.live(gis.Violation)) != 0 {
		t.Fatal("a deadline before its discovery was accepted")
	}
	if e := in.Form.Errors["deadline"]; !e.Visible() || !strings.Contains(e.Text, "10/03/2026") {
		t.Errorf("deadline error %q", e.Text)
	}
	in.Form.Entries["deadline"].SetText("10/03/2026")
	test.Tap(in.SaveBtn)
	if len(f.store.live(gis.Violation)) != 1 {
		t.Fatal("a deadline on the day found was refused")
	}
}

func TestDateFormats(t *testing.T) {
	f := newFixture(t)
	in := f.w.Inspector
	f.tap(f.lamp.Geom.(orb.Point))
	e := in.Form.Entries["installed_on"]
	if e.PlaceHolder != "dd/mm/yyyy" || e.ActionItem == nil {
		t.Errorf("date entry: placeholder %q, calendar %v", e.PlaceHolder, e.ActionItem != nil)
	}
	for _, c := range []struct{ typed, shown string }{{"06/12/2026", "06/12/2026"}, {"2026-12-07", "07/12/2026"}, {"8/1/2027", "08/01/2027"}} {
		in.Form.Entries["installed_on"].SetText(c.typed)
		if in.Form.Errors["installed_on"].Visible() {
			t.Errorf("%q refused: %s", c.typed, in.Form.Errors["installed_on"].Text)
		}
		test.Tap(in.SaveBtn)
		d, _ := f.store.get(gis.Lamp, f.lamp.ID).Date("installed_on")
		if d.VN() != c.shown {
			t.Errorf("%q stored %v", c.typed, d)
		}
		if got := in.Form.Entries["installed_on"].Text; got != c.shown {
			t.Errorf("%q shown back as %q, want %q", c.typed, got, c.shown)
		}
	}
	in.Form.Entries["installed_on"].SetText("2026/12/07")
	if e := in.Form.Errors["installed_on"]; !e.Visible() || !strings.Contains(e.Text, "dd/mm/yyyy") {
		t.Errorf("a bad date's error %q", e.Text)
	}
	// the calendar fills the entry the Vietnamese way
	in.Form.pickDate(in.Form.Entries["installed_on"])
	var cal *widget.Calendar
	for _, o := range test.LaidOutObjects(f.win.Canvas().Overlays().Top()) {
		if c, ok := o.(*widget.Calendar); ok {
			cal = c
		}
	}
	if cal == nil {
		t.Fatal("no calendar")
	}
	cal.OnChanged(time.Date(2026, 12, 24, 0, 0, 0, 0, time.Local))
	if got := in.Form.Entries["installed_on"].Text; got != "24/12/2026" {
		t.Errorf("the calendar wrote %q", got)
	}
	// an instant on Việt Nam's clock, not raw UTC
	r := gis.NewFeature(gis.Report, off(-40, 20))
	r.Attrs["channel"], r.Attrs["category"], r.Attrs["text"], r.Attrs["status"] = "hotline", "waste", "Rác", "received"
	r.Attrs["received_at"] = time.Date(2026, 11, 10, 0, 14, 0, 0, time.UTC)
	f.add(t, r)
	in.Form.Entries["installed_on"].SetText("")
	in.clearNow()
	in.Select(r)
	if got := in.Form.Entries["received_at"].Text; got != "10/11/2026 07:14" {
		t.Errorf("received at shown %q, want 10/11/2026 07:14", got)
	}
	if in.Dirty() {
		t.Errorf("a time shown locally reads back as a change")
	}
}

func TestInternalFieldsHiddenComputedReadable(t *testing.T) {
	f := newFixture(t)
	st := gis.NewFeature(gis.Street, orb.LineString{off(-250, -80), off(250, -80)})
	st.Attrs["name"], st.Attrs["class"] = "Phan Đăng Lưu", "secondary"
	st.Attrs["from_node"], st.Attrs["to_node"], st.Attrs["osm_id"] = int64(11), int64(12), int64(4242)
	f.add(t, st)
	in := f.w.Inspector
	in.Select(st)
	for _, name := range []string{"from_node", "to_node", "osm_id", "osm_part"} {
		if in.Form.Entries[name] != nil {
			t.Errorf("internal field %s shown", name)
		}
	}
	lb := in.Form.Computed["length_m"]
	if lb == nil || lb.Text == "" || lb.Importance == widget.LowImportance {
		t.Fatalf("length not shown as readable text: %+v", lb)
	}
	in.Form.Entries["name"].SetText("Phan Đăng Lưu (đoạn 2)")
	test.Tap(in.SaveBtn)
	got := f.store.get(gis.Street, st.ID)
	if got.Text("name") != "Phan Đăng Lưu (đoạn 2)" || got.Attrs["from_node"] != int64(11) || got.Attrs["osm_id"] != int64(4242) {
		t.Errorf("after a save: %v", got.Attrs)
	}
}

func TestFoundByAskedOnceAndAddressFilled(t *testing.T) {
	f := newFixture(t)
	a := gis.NewFeature(gis.Address, off(56, 12))
	a.Attrs["housenumber"], a.Attrs["street"] = "12", "Trần Thành Ngọ"
	f.add(t, a)
	f.w.Draw.Start(gis.Violation)
	f.tap(off(50, 10))
	in := f.w.Inspector
	var name *widget.Entry
	top := f.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("nobody logged in and no name given: nothing asked")
	}
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok && strings.Contains(e.PlaceHolder, "Họ tên") {
			name = e
		}
	}
	if name == nil {
		t.Fatal("no name entry in the dialog")
	}
	test.Type(name, "Nguyễn Văn An")
	tapButton(t, f.win.Canvas(), "Đồng ý")
	if got := in.Form.Entries["found_by"].Text; got != "Nguyễn Văn An" {
		t.Errorf("found by %q after answering", got)
	}
	if got := in.Form.Entries["address"].Text; got != "12 Trần Thành Ngọ" {
		t.Errorf("address %q, want the nearest house number", got)
	}
	if strings.Contains(in.Form.Entries["found_by"].Text, "tester") {
		t.Error("the OS account is the finder")
	}
	// the next one is not asked
	f.w.Inspector.clearNow()
	f.w.Draw.Start(gis.Lamp)
	f.tap(off(-120, 10))
	if f.win.Canvas().Overlays().Top() != nil {
		t.Error("asked again")
	}
	if got := in.Form.Entries["street"].Text; got != "Trần Thành Ngọ" {
		t.Errorf("a new lamp's street %q, want the nearest street", got)
	}
}

func TestClosingViolationNeedsEvidence(t *testing.T) {
	f := newFixture(t)
	v := gis.NewFeature(gis.Violation, off(30, 30))
	v.Attrs["kind"], v.Attrs["status"], v.Attrs["found_by"] = "parking", "recorded", "An"
	v.Attrs["found_on"] = gis.Date{Year: 2026, Month: 3, Day: 1}
	f.add(t, v)
	in := f.w.Inspector
	in.Select(v)
	in.Form.Selects["status"].SetSelected("Đã khắc phục")
	applies := f.store.applies
	test.Tap(in.SaveBtn)
	cd := in.Closing()
	if cd == nil || f.store.applies != applies {
		t.Fatalf("closing asked nothing (dialog %v, applies %d→%d)", cd != nil, applies, f.store.applies)
	}
	test.Tap(cd.Confirm)
	if f.store.applies != applies || !strings.Contains(cd.Problem.Text, "bằng chứng") {
		t.Fatalf("closed without evidence: %q", cd.Problem.Text)
	}
	test.Type(cd.Note, "Đã dọn, vỉa hè thông thoáng")
	test.Tap(cd.Confirm)
	if got := f.store.get(gis.Violation, v.ID).Text("status"); got != "resolved" {
		t.Fatalf("status %q after closing", got)
	}
	var found bool
	for _, i := range f.store.live(gis.Inspection) {
		if i.Text("violation_id") == v.ID && i.Text("result") == "ok" && strings.Contains(i.Text("notes"), "vỉa hè") {
			found = true
		}
	}
	if !found {
		t.Error("no re-inspection recorded with the note")
	}
	// undo takes back the closing and its re-inspection together
	f.w.Undo()
	if got := f.store.get(gis.Violation, v.ID).Text("status"); got != "recorded" || len(f.store.live(gis.Inspection)) != 0 {
		t.Errorf("undo left status %q and %d inspections", got, len(f.store.live(gis.Inspection)))
	}
}

func writePNG(t *testing.T, name string) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 6), 120, uint8(y * 8), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPhotosOnAnAsset(t *testing.T) {
	f := newFixture(t)
	in := f.w.Inspector
	f.tap(f.lamp.Geom.(orb.Point))
	in.AddPhoto(writePNG(t, "den hong.png"))
	if len(in.Thumbs.Objects) != 1 || !in.Dirty() {
		t.Fatalf("a photo added: %d thumbnails, dirty %v", len(in.Thumbs.Objects), in.Dirty())
	}
	test.Tap(in.SaveBtn)
	f.w.Wait()
	atts := f.store.live(gis.Attachment)
	if len(atts) != 1 || atts[0].Text("owner_id") != f.lamp.ID || atts[0].Text("owner_kind") != "lamp" {
		t.Fatalf("attachments %v", atts)
	}
	in.clearNow()
	in.Select(f.lamp)
	if len(in.Attached) != 1 || len(in.Thumbs.Objects) != 1 {
		t.Fatalf("the stored photo is not shown: %d attached, %d thumbnails", len(in.Attached), len(in.Thumbs.Objects))
	}
	// a tap opens it full size
	for _, o := range test.LaidOutObjects(in.Thumbs) {
		if ta, ok := o.(*tapArea); ok {
			test.Tap(ta)
		}
	}
	if f.win.Canvas().Overlays().Top() == nil {
		t.Error("tapping the thumbnail opened nothing")
	}
	closeDialogs(f.win.Canvas())
	// remove it: a change to save, undone by Ctrl+Z
	for _, o := range test.LaidOutObjects(in.Thumbs) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Bỏ ảnh" {
			test.Tap(b)
		}
	}
	if len(in.Thumbs.Objects) != 0 || !in.Dirty() {
		t.Fatalf("removed: %d thumbnails, dirty %v", len(in.Thumbs.Objects), in.Dirty())
	}
	test.Tap(in.SaveBtn)
	if n := len(f.store.live(gis.Attachment)); n != 0 {
		t.Fatalf("%d attachments after removing", n)
	}
	f.w.Undo()
	if n := len(f.store.live(gis.Attachment)); n != 1 {
		t.Errorf("%d attachments after undo", n)
	}
}

func TestNetworkErrorsSayWhatToDo(t *testing.T) {
	f := newFixture(t)
	err := &url.Error{Op: "Post", URL: "http://wardd.kienan.vn/sync", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}}
	f.w.showError(err)
	got := f.w.LastError
	if !strings.HasPrefix(got, "Không kết nối được máy chủ phường") || !strings.Contains(got, "kiểm tra Wi-Fi/4G") {
		t.Errorf("network error shown as %q", got)
	}
	for _, raw := range []string{"dial tcp", "connection refused", "Post \""} {
		if strings.Contains(got, raw) {
			t.Errorf("the raw Go error %q is shown: %q", raw, got)
		}
	}
}

// exifPhoto is a JPEG that exiftool stamped with a time and a position.
func exifPhoto(t *testing.T, taken string, p orb.Point) string {
	t.Helper()
	if _, err := exec.LookPath("exiftool"); err != nil {
		t.Skip("exiftool not installed (Debian libimage-exiftool-perl)")
	}
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hien truong.jpg")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-overwrite_original", "-DateTimeOriginal=" + taken,
		fmt.Sprintf("-GPSLatitude=%.7f", p[1]), "-GPSLatitudeRef=N", fmt.Sprintf("-GPSLongitude=%.7f", p[0]), "-GPSLongitudeRef=E", path}
	if out, err := exec.Command("exiftool", args...).CombinedOutput(); err != nil {
		t.Fatalf("exiftool: %v %s", err, out)
	}
	return path
}

func TestPhotoTimeAndPlaceOffered(t *testing.T) {
	f := newFixture(t)
	f.w.set.SetUser("Trần Thị Bình")
	where := off(70, 25)
	photo := exifPhoto(t, "2026:03:09 16:20:00", where)
	f.w.Draw.Start(gis.Violation)
	f.tap(off(50, 10))
	in := f.w.Inspector
	in.Form.Selects["kind"].SetSelected("Đỗ xe sai quy định")
	in.AddPhoto(photo)
	if len(in.exifButtons) != 3 {
		t.Fatalf("offer buttons %d, want ignore, use the time, move", len(in.exifButtons))
	}
	if got := overlayText(f.win.Canvas()); !strings.Contains(got, "09/03/2026 16:20") {
		t.Errorf("the offer does not say when: %q", got)
	}
	test.Tap(in.exifButtons[1].(*widget.Button))
	if got := in.Form.Entries["found_on"].Text; got != "09/03/2026" {
		t.Errorf("found on %q after taking the photo's time", got)
	}
	in.Photos = nil
	in.AddPhoto(photo)
	test.Tap(in.exifButtons[2].(*widget.Button))
	test.Tap(in.SaveBtn)
	f.w.Wait()
	vs := f.store.live(gis.Violation)
	if len(vs) != 1 {
		t.Fatalf("%d violations", len(vs))
	}
	if d, _ := vs[0].Date("found_on"); d.VN() != "09/03/2026" {
		t.Errorf("stored found on %v", d)
	}
	if p := vs[0].Geom.(orb.Point); math.Abs(p[0]-where[0]) > 1e-6 || math.Abs(p[1]-where[1]) > 1e-6 {
		t.Errorf("stored at %v, the photo was taken at %v", p, where)
	}
}

// The finder is the person logged in to the ward server, not the
// operating system's account, and nothing is asked.
func TestFoundByIsTheLoggedInPerson(t *testing.T) {
	f, _ := newSyncFixture(t, func(s *fakeSync) { s.server, s.user = "http://wardd.kienan.vn", "Phạm Thu Hà" })
	f.w.set.SetUser("Trần Thị Bình") // a name given earlier yields to the login
	f.w.Draw.Start(gis.Violation)
	f.tap(off(50, 10))
	if got := f.w.Inspector.Form.Entries["found_by"].Text; got != "Phạm Thu Hà" {
		t.Errorf("found by %q, want the person logged in", got)
	}
	if f.win.Canvas().Overlays().Top() != nil {
		t.Error("asked for a name while someone is logged in")
	}
}

// Clicking the record being edited again keeps the edits.
func TestSameRecordAgainKeepsEdits(t *testing.T) {
	f := newFixture(t)
	in := f.w.Inspector
	f.tap(f.lamp.Geom.(orb.Point))
	in.Form.Entries["power_w"].SetText("150")
	f.tap(f.lamp.Geom.(orb.Point))
	if in.Guard() != nil || in.Form.Entries["power_w"].Text != "150" {
		t.Errorf("the same lamp again: guard %v, power %q", in.Guard() != nil, in.Form.Entries["power_w"].Text)
	}
	// a guard closed from outside does not leave the panel deaf
	f.tap(off(100, 40))
	in.Guard().d.Hide()
	f.tap(off(100, 40))
	if in.Guard() == nil {
		t.Error("after the guard was closed, the next selection asked nothing")
	}
}

// A search result chosen while the form holds unsaved edits asks first,
// and "Ở lại" leaves the map where it was (the zoom to the result used to
// run before the question).
func TestSearchResultWaitsForTheGuard(t *testing.T) {
	f := newFixture(t)
	in := f.w.Inspector
	f.tap(f.lamp.Geom.(orb.Point))
	in.Form.Entries["power_w"].SetText("150")
	if err := f.w.Search.Run(context.Background(), "tran thanh ngo"); err != nil {
		t.Fatal(err)
	}
	before := f.w.Map.View()
	f.w.Search.Results.Select(0)
	g := in.Guard()
	if g == nil {
		t.Fatal("a search result replaced unsaved edits without asking")
	}
	if f.w.Map.View() != before {
		t.Error("the map moved to the result before the person answered")
	}
	test.Tap(g.Stay)
	if f.w.Map.View() != before || in.Selected == nil || in.Selected.ID != f.lamp.ID || in.Form.Entries["power_w"].Text != "150" {
		t.Errorf("after Ở lại: view moved %v, selected %v, power %q", f.w.Map.View() != before, in.Selected, in.Form.Entries["power_w"].Text)
	}
}
