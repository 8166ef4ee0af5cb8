package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/assets"
	"wardmap/gis"
	"wardmap/gis/tile"
)

func TestClickSelectsNearestFeatureAndShowsItsForm(t *testing.T) {
	f := newFixture(t)
	// a click 4 px from the lamp selects it, not the street 40 m away
	x, y := f.w.Map.View().ToPixel(f.lamp.Geom.(orb.Point))
	test.TapAt(f.w.Map, fyne.NewPos(float32(x+3), float32(y-2)))
	sel := f.w.Inspector.Selected
	if sel == nil || sel.ID != f.lamp.ID {
		t.Fatalf("selected %v, want the lamp", sel)
	}
	fm := f.w.Inspector.Form
	if got := fm.Selects["status"].Selected; got != "Hoạt động" {
		t.Errorf("status select shows %q, want the Vietnamese label Hoạt động", got)
	}
	if got := fm.Entries["pole_code"].Text; got != "KA-0001" {
		t.Errorf("pole code entry %q", got)
	}
	if !strings.Contains(f.win.Title(), "KA-0001") {
		t.Errorf("window title %q does not name the selection", f.win.Title())
	}
	// away from points and lines, a plain click on empty ground clears the
	// selection; the residential group needs Ctrl (TestEmptyGround…)
	f.tap(off(-150, -150))
	if s := f.w.Inspector.Selected; s != nil {
		t.Errorf("selected %v on empty ground, want nothing", s)
	}
	f.tap(f.lamp.Geom.(orb.Point))
	// Esc clears the selection
	f.w.Map.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.w.Inspector.Selected != nil {
		t.Errorf("selection kept after Esc")
	}
}

func TestEditValidatesLiveSavesAndUndoes(t *testing.T) {
	f := newFixture(t)
	f.tap(f.lamp.Geom.(orb.Point))
	fm := f.w.Inspector.Form
	power := fm.Entries["power_w"]
	power.SetText("")
	test.Type(power, "12a")
	if lb := fm.Errors["power_w"]; !lb.Visible() || !strings.Contains(lb.Text, "không phải số") {
		t.Fatalf("letters in a number: error beside the field %q (visible %v)", lb.Text, lb.Visible())
	}
	fm.Selects["status"].SetSelected("Hỏng")
	test.Tap(f.w.Inspector.SaveBtn)
	if got := f.store.get(gis.Lamp, f.lamp.ID); got.Text("status") != "working" || f.store.applies != 0 {
		t.Fatalf("a form with a bad number was saved: %v", got.Attrs)
	}
	// out of range: refused by gis.Validate, shown beside the field
	power.SetText("5000")
	test.Tap(f.w.Inspector.SaveBtn)
	if lb := fm.Errors["power_w"]; !lb.Visible() || !strings.Contains(lb.Text, "2000") {
		t.Fatalf("power 5000 W: error %q", lb.Text)
	}
	if f.store.applies != 0 {
		t.Fatal("an invalid record reached the store")
	}
	power.SetText("150")
	test.Tap(f.w.Inspector.SaveBtn)
	got := f.store.get(gis.Lamp, f.lamp.ID)
	if got.Text("status") != "broken" || got.Attrs["power_w"] != 150.0 {
		t.Fatalf("saved %v", got.Attrs)
	}
	if fm.Errors["power_w"].Visible() {
		t.Error("the error line stayed after a good save")
	}
	f.w.Undo()
	if got := f.store.get(gis.Lamp, f.lamp.ID); got.Text("status") != "working" || got.Attrs["power_w"] != 100.0 {
		t.Fatalf("after undo %v", got.Attrs)
	}
	if s := f.w.Inspector.Form.Selects["status"].Selected; s != "Hoạt động" {
		t.Errorf("the form did not reload after undo: %q", s)
	}
	f.w.Redo()
	if got := f.store.get(gis.Lamp, f.lamp.ID); got.Text("status") != "broken" {
		t.Fatalf("after redo %v", got.Attrs)
	}
}

func TestShortcutsUndoRedo(t *testing.T) {
	f := newFixture(t)
	f.tap(f.lamp.Geom.(orb.Point))
	f.w.Inspector.Form.Entries["pole_code"].SetText("KA-0999")
	f.w.Inspector.Save()
	if f.store.get(gis.Lamp, f.lamp.ID).Text("pole_code") != "KA-0999" {
		t.Fatal("not saved")
	}
	c := f.win.Canvas()
	c.(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyZ))
	if got := f.store.get(gis.Lamp, f.lamp.ID).Text("pole_code"); got != "KA-0001" {
		t.Fatalf("Ctrl+Z left %q", got)
	}
	c.(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyY))
	if got := f.store.get(gis.Lamp, f.lamp.ID).Text("pole_code"); got != "KA-0999" {
		t.Fatalf("Ctrl+Y left %q", got)
	}
	c.(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyF))
	if c.Focused() != f.w.Search.Entry {
		t.Error("Ctrl+F did not focus the search box")
	}
}

func TestDeleteAsksAndLeavesATombstone(t *testing.T) {
	f := newFixture(t)
	f.tap(f.lamp.Geom.(orb.Point))
	f.w.Map.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if f.store.get(gis.Lamp, f.lamp.ID).Deleted {
		t.Fatal("deleted before the confirmation")
	}
	tapButton(t, f.win.Canvas(), "Xóa")
	if !f.store.get(gis.Lamp, f.lamp.ID).Deleted {
		t.Fatal("no tombstone after confirming")
	}
	if f.w.Inspector.Selected != nil {
		t.Error("the deleted record stays selected")
	}
	f.w.Undo()
	if f.store.get(gis.Lamp, f.lamp.ID).Deleted {
		t.Fatal("undo did not restore the record")
	}
	// cancelling deletes nothing
	f.tap(f.lamp.Geom.(orb.Point))
	f.w.Inspector.AskDelete()
	tapButton(t, f.win.Canvas(), "Hủy")
	if f.store.get(gis.Lamp, f.lamp.ID).Deleted {
		t.Fatal("deleted although cancelled")
	}
}

func TestSearchIgnoresDiacriticsAndZoomsToTheResult(t *testing.T) {
	f := newFixture(t)
	if err := f.w.Search.Run(context.Background(), "tran thanh ngo"); err != nil {
		t.Fatal(err)
	}
	found := f.w.Search.Found()
	if len(found) != 1 || found[0].ID != f.street.ID {
		t.Fatalf("found %v", found)
	}
	f.look(off(2000, 2000), 14)
	f.w.Search.Results.Select(0)
	v := f.w.Map.View()
	if !v.Bound().Contains(off(0, 40)) || v.Zoom < 16 {
		t.Errorf("view %v does not show the street up close", v)
	}
	if f.w.Inspector.Selected == nil || f.w.Inspector.Selected.ID != f.street.ID {
		t.Error("the result is not selected")
	}
	if err := f.w.Search.Run(context.Background(), "khong co gi"); err != nil {
		t.Fatal(err)
	}
	if len(f.w.Search.Found()) != 0 || !strings.Contains(f.w.Search.Info.Text, "Không tìm thấy") {
		t.Errorf("no-result message %q", f.w.Search.Info.Text)
	}
}

func TestAddPointRefusesOutsideTheWard(t *testing.T) {
	f := newFixture(t)
	f.look(off(300, 0), 17)
	f.w.Draw.Start(gis.Lamp)
	f.tap(off(420, 0)) // beyond the residential group
	if f.w.Inspector.Selected != nil || !strings.Contains(f.w.Draw.Hint.Text, "ngoài phường") {
		t.Fatalf("outside point accepted; hint %q", f.w.Draw.Hint.Text)
	}
	f.tap(off(200, -100))
	in := f.w.Inspector
	if in.Selected == nil || !in.New || in.Selected.Kind != gis.Lamp {
		t.Fatalf("no new lamp form: %+v", in.Selected)
	}
	test.Type(in.Form.Entries["pole_code"], "KA-0777")
	test.Tap(in.SaveBtn)
	lamps := f.store.live(gis.Lamp)
	if len(lamps) != 2 {
		t.Fatalf("%d lamps, want 2", len(lamps))
	}
	f.w.Undo()
	if n := len(f.store.live(gis.Lamp)); n != 1 {
		t.Fatalf("undo of an add leaves %d lamps", n)
	}
	f.w.Redo()
	if n := len(f.store.live(gis.Lamp)); n != 2 {
		t.Fatalf("redo of an add leaves %d lamps", n)
	}
}

func TestEscapeCancelsDrawing(t *testing.T) {
	f := newFixture(t)
	f.w.Draw.Start(gis.Street)
	f.tap(off(-100, -100))
	f.win.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.w.Draw.Active() || len(f.w.Draw.Vertices) != 0 {
		t.Fatal("Esc did not cancel the drawing")
	}
}

func TestMovePoint(t *testing.T) {
	f := newFixture(t)
	f.tap(f.lamp.Geom.(orb.Point))
	test.Tap(f.w.Inspector.MoveBtn)
	to := off(-60, -60)
	f.tap(to)
	got := f.store.get(gis.Lamp, f.lamp.ID).Geom.(orb.Point)
	if gis.DistanceM(got, to) > 0.5 {
		t.Fatalf("moved to %v, want %v", got, to)
	}
	f.w.Undo()
	if got := f.store.get(gis.Lamp, f.lamp.ID).Geom.(orb.Point); gis.DistanceM(got, f.lamp.Geom.(orb.Point)) > 0.01 {
		t.Fatalf("undo of a move left it at %v", got)
	}
}

func TestDrawPlotShowsAreaAndCapacityAndRefusesASelfIntersection(t *testing.T) {
	f := newFixture(t)
	f.w.Draw.Start(gis.Plot)
	// a bow tie
	for _, p := range []orb.Point{off(-100, -100), off(-80, -80), off(-100, -80), off(-80, -100)} {
		f.tap(p)
	}
	test.Tap(f.w.Draw.Finish)
	if f.w.Inspector.Selected != nil || !strings.Contains(f.w.Draw.Hint.Text, "không hợp lệ") {
		t.Fatalf("self-intersecting plot accepted; hint %q", f.w.Draw.Hint.Text)
	}
	test.Tap(f.w.Draw.CancelB)
	f.w.Draw.Start(gis.Plot)
	for _, p := range []orb.Point{off(-100, -100), off(-80, -100), off(-80, -80)} {
		f.tap(p)
	}
	if !strings.Contains(f.w.Draw.Hint.Text, "m²") {
		t.Errorf("no area while drawing: %q", f.w.Draw.Hint.Text)
	}
	f.tap(off(-100, -80))
	hint := f.w.Draw.Hint.Text
	// 20 m × 20 m at 5 m spacing: 400 m², 16 trees
	if !regexp.MustCompile(`(399|400)\.\d m² · sức chứa (15|16) cây`).MatchString(hint) {
		t.Errorf("hint %q, want about 400 m² and 16 trees", hint)
	}
	test.Tap(f.w.Draw.Finish)
	in := f.w.Inspector
	if in.Selected == nil || in.Selected.Kind != gis.Plot {
		t.Fatal("no plot form")
	}
	test.Tap(in.SaveBtn) // the name is required
	if !in.Form.Errors["name"].Visible() || len(f.store.live(gis.Plot)) != 0 {
		t.Fatalf("plot without a name: error %q, %d plots stored", in.Form.Errors["name"].Text, len(f.store.live(gis.Plot)))
	}
	test.Type(in.Form.Entries["name"], "Ô 1")
	test.Tap(in.SaveBtn)
	plots := f.store.live(gis.Plot)
	if len(plots) != 1 {
		t.Fatalf("%d plots", len(plots))
	}
	if c, _ := plots[0].Float("capacity"); c < 15 || c > 16 {
		t.Errorf("capacity %v", plots[0].Attrs["capacity"])
	}
}

func TestDrawLineSnapsToStreetVertex(t *testing.T) {
	f := newFixture(t)
	f.w.Draw.Start(gis.Street)
	end := f.street.Geom.(orb.LineString)[1]
	x, y := f.w.Map.View().ToPixel(end)
	test.TapAt(f.w.Map, fyne.NewPos(float32(x+4), float32(y+3)))
	f.tap(off(250, -100))
	if got := f.w.Draw.Vertices[0]; got != end {
		t.Fatalf("first vertex %v did not snap to the street's end %v", got, end)
	}
	test.Tap(f.w.Draw.Finish)
	in := f.w.Inspector
	test.Type(in.Form.Entries["name"], "Ngõ 5")
	in.Form.Selects["class"].SetSelected("Ngõ, hẻm")
	test.Tap(in.SaveBtn)
	if n := len(f.store.live(gis.Street)); n != 2 {
		t.Fatalf("%d streets", n)
	}
}

func TestViolationWithPhotosCommitsTogether(t *testing.T) {
	f := newFixture(t)
	photo := filepath.Join(t.TempDir(), "anh 1.jpg")
	data := []byte("\xff\xd8\xff\xe0 not really a jpeg")
	if err := os.WriteFile(photo, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f.w.set.SetUser("Trần Thị Bình") // the name given once (recording_test.go asks it)
	f.w.Draw.Start(gis.Violation)
	f.tap(off(50, 10))
	in := f.w.Inspector
	in.Form.Selects["kind"].SetSelected("Lấn chiếm vỉa hè, lòng đường")
	in.Form.Entries["description"].SetText("Bày hàng trên vỉa hè")
	if got := in.Form.Entries["deadline"].Text; got != "17/03/2026" {
		t.Errorf("default deadline %q, want dd/mm/yyyy", got)
	}
	if got := in.Form.Entries["found_by"].Text; got != "Trần Thị Bình" {
		t.Errorf("found by %q, want the name given", got)
	}
	in.AddPhoto(photo)
	in.AddPhoto(filepath.Join(t.TempDir(), "missing.jpg"))
	test.Tap(in.SaveBtn)
	f.w.Wait()
	if n := len(f.store.live(gis.Violation)); n != 0 || f.store.applies != 0 {
		t.Fatalf("an unreadable photo still saved %d violations", n)
	}
	if !strings.Contains(f.w.LastError, "missing.jpg") {
		t.Errorf("error %q does not name the file", f.w.LastError)
	}
	in.Photos = in.Photos[:1]
	test.Tap(in.SaveBtn)
	f.w.Wait()
	vs := f.store.live(gis.Violation)
	if len(vs) != 1 {
		t.Fatalf("%d violations", len(vs))
	}
	atts := f.store.live(gis.Attachment)
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if len(atts) != 1 || atts[0].Text("owner_id") != vs[0].ID || atts[0].Text("sha256") != hash || atts[0].Text("filename") != "anh 1.jpg" {
		t.Fatalf("attachments %v", atts)
	}
	if string(f.store.blobs[hash]) != string(data) {
		t.Error("the photo's contents were not stored")
	}
}

func TestInspectionWithIssueOpensAViolation(t *testing.T) {
	f := newFixture(t)
	f.w.set.SetUser("Trần Thị Bình") // the violation's finder
	f.tap(off(100, 40))              // on the street
	in := f.w.Inspector
	if in.Selected == nil || in.Selected.ID != f.street.ID {
		t.Fatalf("street not selected: %v", in.Selected)
	}
	test.Tap(in.InspectBtn)
	fm := in.Inspection
	if got := fm.ViolationKind.PlaceHolder; got != f.w.tr.T("select.placeholder") {
		t.Errorf("the violation kind says %q before a choice", got)
	}
	fm.Result.SetSelected("Có vấn đề")
	fm.MakeViolation.SetChecked(true)
	test.Type(fm.Notes, "Rác thải tồn đọng")
	test.Tap(in.SaveBtn) // no violation kind yet
	if !fm.Errors.Visible() || len(f.store.live(gis.Inspection)) != 0 {
		t.Fatalf("saved without a violation kind (error %q)", fm.Errors.Text)
	}
	fm.ViolationKind.SetSelected("Đổ rác sai quy định")
	test.Tap(in.SaveBtn)
	insps, vs := f.store.live(gis.Inspection), f.store.live(gis.Violation)
	if len(insps) != 1 || len(vs) != 1 {
		t.Fatalf("%d inspections, %d violations", len(insps), len(vs))
	}
	if insps[0].Text("result") != "issue" || insps[0].Text("violation_id") != vs[0].ID || insps[0].Text("target_id") != f.street.ID {
		t.Errorf("inspection %v", insps[0].Attrs)
	}
	if vs[0].Text("kind") != "household_waste" || vs[0].Text("street_id") != f.street.ID {
		t.Errorf("violation %v", vs[0].Attrs)
	}
	if d, _ := f.store.get(gis.Street, f.street.ID).Date("last_inspected"); d != gis.DateOf(today) {
		t.Errorf("street last inspected %v", d)
	}
	f.w.Undo()
	if len(f.store.live(gis.Inspection))+len(f.store.live(gis.Violation)) != 0 {
		t.Error("undo left the inspection or its violation")
	}
}

func TestLayerPanelHidesAndFilters(t *testing.T) {
	f := newFixture(t)
	lp := f.w.Layers
	test.Tap(lp.Visible[gis.Lamp])
	if layerOf(f.w, gis.Lamp).Visible {
		t.Fatal("lamp layer still visible")
	}
	if !f.w.set.Hidden()[gis.Lamp] {
		t.Error("hidden layer not remembered")
	}
	// a hidden layer is not picked
	f.tap(f.lamp.Geom.(orb.Point))
	if s := f.w.Inspector.Selected; s != nil && s.Kind == gis.Lamp {
		t.Error("picked a lamp from a hidden layer")
	}
	test.Tap(lp.Visible[gis.Lamp])
	lp.Status[gis.Lamp].SetSelected([]string{"Hỏng"})
	if st := layerOf(f.w, gis.Lamp).Status; len(st) != 1 || st[0] != "broken" {
		t.Fatalf("status filter %v", st)
	}
	test.Tap(lp.Labels)
	if layerOf(f.w, gis.Street).Labels {
		t.Error("labels still on")
	}
}

func layerOf(w *Window, k gis.Kind) (l struct {
	Visible, Labels bool
	Status          []string
}) {
	for _, x := range w.Map.Layers() {
		if x.Kind == k {
			l.Visible, l.Labels, l.Status = x.Visible, x.Labels, x.Status
		}
	}
	return l
}

func TestStatusBarCoordinatesScaleAndRememberedView(t *testing.T) {
	f := newFixture(t)
	f.w.onCursor(orb.Point{106.6265, 20.8085}, true)
	if got := f.w.Cursor.Text; !strings.Contains(got, "20.808500°N") || !strings.Contains(got, "106.626500°E") {
		t.Errorf("WGS 84 cursor %q", got)
	}
	f.w.CRS.SetSelected("VN-2000")
	f.w.onCursor(orb.Point{106.6265, 20.8085}, true)
	// Kiến An lies ~90 km east of the 105°45′ meridian: E ≈ 590 km, N ≈ 2302 km
	got := f.w.Cursor.Text
	m := regexp.MustCompile(`X (\d+\.\d+)\s+Y (\d+\.\d+)`).FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("VN-2000 cursor %q", got)
	}
	if !strings.HasPrefix(m[1], "2301") && !strings.HasPrefix(m[1], "2302") || !strings.HasPrefix(m[2], "59") {
		t.Errorf("VN-2000 X/Y %s %s out of place", m[1], m[2])
	}
	f.w.Map.Render(800, 600)
	if f.w.Scale.Metres <= 0 || f.w.Scale.Length > scaleMax || f.w.Scale.Length < scaleMax/5 {
		t.Errorf("scale bar %g m over %g units", f.w.Scale.Metres, f.w.Scale.Length)
	}
	if !strings.Contains(f.w.Drawn.Text, "đã vẽ") {
		t.Errorf("drawn count %q", f.w.Drawn.Text)
	}
	f.look(off(100, 100), 17.5)
	f.w.Remember()
	v, ok := f.w.set.LastView()
	if !ok || math.Abs(v.Zoom-17.5) > 1e-9 || gis.DistanceM(v.Center, off(100, 100)) > 0.01 {
		t.Errorf("remembered view %v", v)
	}
	if sz := f.w.set.WindowSize(); sz.Width < 1000 {
		t.Errorf("remembered size %v", sz)
	}
	// a new window starts where the last one stopped
	w2, err := New(Deps{Store: f.store, Photos: f.store, Home: f.w.deps.Home, Settings: f.w.set})
	if err != nil {
		t.Fatal(err)
	}
	if got := w2.Map.View(); math.Abs(got.Zoom-17.5) > 1e-9 {
		t.Errorf("second start at %v", got)
	}
	_ = tile.View{}
}

func TestEnglishInterface(t *testing.T) {
	f := newFixture(t)
	fyne.CurrentApp().Preferences().SetString("lang", "en")
	w, err := New(Deps{Store: f.store, Photos: f.store, Home: f.w.deps.Home})
	if err != nil {
		t.Fatal(err)
	}
	if w.tr.Lang != "en" || w.Inspector.SaveBtn.Text != "Save" {
		t.Errorf("lang %s, save button %q", w.tr.Lang, w.Inspector.SaveBtn.Text)
	}
}

// TestTranslationsComplete: both languages have the same keys, and every
// key the code looks up exists.
func TestTranslationsComplete(t *testing.T) {
	keys := map[string]map[string]string{}
	for _, l := range assets.Languages() {
		b, err := assets.Translation(l)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		keys[l] = m
	}
	for k := range keys["vi"] {
		if _, ok := keys["en"][k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
	for k := range keys["en"] {
		if _, ok := keys["vi"][k]; !ok {
			t.Errorf("vi.json lacks %q", k)
		}
	}
	srcs, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`(?:\bT|\bt)\("([a-z_]+\.[a-z_.]+)"|"(error\.hint_[a-z_]+)"`)
	n := 0
	for _, p := range srcs {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(p)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			k := m[1] + m[2]
			n++
			if _, ok := keys["vi"][k]; !ok {
				t.Errorf("%s uses %q, missing from the translations", p, k)
			}
		}
	}
	if n < 50 {
		t.Errorf("found only %d lookups: the pattern is broken", n)
	}
}
