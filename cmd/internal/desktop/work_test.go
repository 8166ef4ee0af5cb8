package desktop

import (
	"bytes"
	"context"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"wardmap/app"
	"wardmap/app/settings"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward"
	"wardmap/data/laptop/ward/wardtest"
	"wardmap/gis"
	"wardmap/gis/casework"
	"wardmap/gis/tile"
)

// openWindow builds the desktop window over the GeoPackage at db, as
// runDesktop does, on Fyne's test driver, with the clock at now.
func openWindow(t *testing.T, db string, now time.Time) (*app.Window, *gpkg.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	s, err := gpkg.Open(t.Context(), db, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	st, err := s.Stats(t.Context())
	if err != nil || st.Bounds == nil {
		t.Fatal(err)
	}
	w, err := app.New(Wire(s, app.Deps{WardName: "Kiến An", Home: *st.Bounds,
		Settings: settings.New(a.Preferences()), User: "tester", Now: func() time.Time { return now }}))
	if err != nil {
		t.Fatal(err)
	}
	content := w.Content()
	w.Wait() // the tab last shown may be read in the background
	win := test.NewTempWindow(t, content)
	w.Attach(win)
	win.Resize(fyne.NewSize(1400, 900))
	// Cleanups run last first: the window's work ends before the store
	// closes, and none of it runs into the next test.
	t.Cleanup(w.Wait)
	return w, s
}

func retype(e interface {
	SetText(string)
	fyne.Focusable
}, text string) {
	e.SetText("")
	test.Type(e, text)
}

// layerPixels counts the pixels of the planner's map layer near c.
func layerPixels(w *app.Window, c color.NRGBA) int {
	img := w.Planner.Layer().(*canvas.Raster).Generator(800, 600)
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if p.A > 150 && closeByte(p.R, c.R) && closeByte(p.G, c.G) && closeByte(p.B, c.B) {
				n++
			}
		}
	}
	return n
}

func closeByte(a, b uint8) bool { return int(a)-int(b) < 12 && int(b)-int(a) < 12 }

// The planner on the demo ward: the due list for a day holds what the
// store's Due finds; planning for three inspectors draws three routes in
// their own colours, and the export writes three GPX files that the GPX 1.1
// schema and gpsbabel accept, each with a waypoint per planned visit, and
// beside each its printable route sheet (PDF). The day reads and shows
// dd/mm/yyyy.
func TestDesktopPlannerDemo(t *testing.T) {
	db := copyDemo(t)
	w, s := openWindow(t, db, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC))
	p := w.Planner
	if p.Date.Text != "01/12/2026" {
		t.Fatalf("the day entry starts at %q, want today in Việt Nam", p.Date.Text)
	}
	retype(p.Date, "20/11/2026")
	test.Tap(p.LoadBtn)
	w.Wait()
	want, err := s.Due(t.Context(), gis.Date{Year: 2026, Month: 11, Day: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 100 || len(p.Due()) != len(want) {
		t.Fatalf("due list holds %d items, store says %d", len(p.Due()), len(want))
	}
	if !strings.Contains(p.DueInfo.Text, strconv.Itoa(len(want))) || !strings.Contains(p.DueInfo.Text, "20/11/2026") {
		t.Errorf("due info %q", p.DueInfo.Text)
	}
	checkDueSections(t, w, want)

	// Bad input: refused with a message, nothing planned.
	retype(p.Inspectors, "0")
	test.Tap(p.PlanBtn)
	w.Wait()
	if p.Day() != nil || !strings.Contains(w.LastError, "Số cán bộ") {
		t.Fatalf("0 inspectors: plan %v, error %q", p.Day(), w.LastError)
	}
	if !p.ExportBtn.Disabled() {
		t.Error("export enabled before a plan")
	}

	retype(p.Inspectors, "3")
	p.Shift.SetSelected("4h")
	test.Tap(p.PlanBtn)
	w.Wait()
	d := p.Day()
	if d == nil {
		t.Fatalf("no plan: %s", w.LastError)
	}
	if len(d.Routes) != 3 || len(p.Legend.Objects) != 3 || p.ExportBtn.Disabled() {
		t.Fatalf("%d routes, %d legend rows, export disabled %v", len(d.Routes), len(p.Legend.Objects), p.ExportBtn.Disabled())
	}
	// The summary in an inspector's words: no "cận dưới" (lower bound) or
	// "cây khung" (spanning tree), the length with a decimal comma.
	if sum := p.Summary.Text; strings.Contains(sum, "cận dưới") || strings.Contains(sum, "cây khung") ||
		!regexp.MustCompile(`đã xếp \d+ việc cho 3 cán bộ, tổng quãng đường \d+,\d km`).MatchString(sum) {
		t.Errorf("summary %q", sum)
	}
	for i, r := range d.Routes {
		if len(r.Visits) == 0 || r.Time > 4*3600+1 {
			t.Errorf("route %d: %d visits, %.0f s", i, len(r.Visits), r.Time)
		}
	}
	// Each route is drawn in its colour over the whole ward.
	st, _ := s.Stats(t.Context())
	w.Map.SetView(tile.FitBound(*st.Bounds, 800, 600))
	for i := range d.Routes {
		if n := layerPixels(w, app.RouteColour(i)); n < 200 {
			t.Errorf("route %d: %d pixels of its colour on the map layer", i, n)
		}
	}

	dir := t.TempDir()
	files, err := p.Export(dir)
	if err != nil || len(files) != 6 {
		t.Fatalf("export: %v %v", files, err)
	}
	var gpxs []string
	for _, f := range files {
		if strings.HasSuffix(f, ".pdf") {
			if b, err := os.ReadFile(f); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Errorf("%s is not a PDF: %v", f, err)
			}
			continue
		}
		gpxs = append(gpxs, f)
		if _, err := os.Stat(strings.TrimSuffix(f, ".gpx") + ".pdf"); err != nil {
			t.Errorf("no route sheet beside %s: %v", f, err)
		}
	}
	for i, f := range gpxs {
		g := wardtest.CheckGPX(t, f)
		if len(g.Waypoints) != len(d.Routes[i].Visits) || len(g.Routes) == 0 || len(g.Tracks) != 1 {
			t.Errorf("%s: %d waypoints for %d visits, %d routes, %d tracks", f, len(g.Waypoints), len(d.Routes[i].Visits), len(g.Routes), len(g.Tracks))
		}
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 6 {
		t.Errorf("%d files in the export folder (temporary files left?)", len(left))
	}
	// Legacy Garmin: names of at most 14 ASCII characters.
	p.Device.SetSelectedIndex(1)
	files, err = p.Export(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	g := wardtest.CheckGPX(t, files[0])
	for _, wp := range g.Waypoints {
		if len(wp.Name) > 14 || strings.ContainsFunc(wp.Name, func(r rune) bool { return r > 127 }) {
			t.Errorf("garmin-legacy waypoint name %q", wp.Name)
		}
	}
	// A folder that cannot be written: an error, nothing claimed.
	if _, err := p.Export(filepath.Join(dir, "missing", "deeper")); err == nil {
		t.Error("export to a missing folder succeeded")
	}
	p.Clear()
	if n := layerPixels(w, app.RouteColour(0)); n != 0 {
		t.Errorf("%d route pixels after Clear", n)
	}
}

// A GPS log walked along three main-street segments, imported from the
// planner: the three are recorded as inspected and drawn highlighted.
func TestDesktopPlannerTrackImport(t *testing.T) {
	db := copyDemo(t)
	segs, line := wardtest.MainStreetChain(t, db, 3)
	path := filepath.Join(t.TempDir(), "walk.gpx")
	if err := os.WriteFile(path, wardtest.NoisyTrack(t, line, 6, 3), 0o644); err != nil {
		t.Fatal(err)
	}
	ins0, tr0 := wardtest.TrackCounts(t, db)
	w, _ := openWindow(t, db, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	if err := w.Planner.ImportTrack(t.Context(), path); err != nil {
		t.Fatal(err)
	}
	res := w.Planner.Track()
	got := map[string]bool{}
	for _, c := range res.Covered {
		got[c.ID] = true
	}
	for _, s := range segs {
		if !got[s.ID] {
			t.Errorf("walked segment %s not covered: %+v", s.ID, res.Covered)
		}
	}
	if len(got) != len(segs) || !strings.Contains(w.Planner.Summary.Text, "3 đoạn") {
		t.Errorf("%d covered, summary %q", len(got), w.Planner.Summary.Text)
	}
	ins1, tr1 := wardtest.TrackCounts(t, db)
	if ins1 != ins0+3 || tr1 != tr0+1 {
		t.Errorf("inspections %d→%d, tracks %d→%d", ins0, ins1, tr0, tr1)
	}
	if n := layerPixels(w, app.CoveredColour); n < 100 {
		t.Errorf("covered streets: %d highlighted pixels", n)
	}
	// The same file again is refused; nothing more is recorded.
	if err := w.Planner.ImportTrack(t.Context(), path); gis.ErrorCode(err) != gis.ECONFLICT {
		t.Errorf("second import: %v", err)
	}
	if ins2, tr2 := wardtest.TrackCounts(t, db); ins2 != ins1 || tr2 != tr1 {
		t.Errorf("a refused import wrote: %d %d", ins2, tr2)
	}
}

// The inbox on the demo ward: the filters count what the store and
// `wardmap reports` count; assign, answer, close, undo and redo, and the
// refusals, each seen in the store.
func TestDesktopInbox(t *testing.T) {
	db := copyDemo(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	w, s := openWindow(t, db, now)
	b := w.Inbox
	w.Tabs.SelectIndex(app.TabInbox)
	w.Wait()
	reports, err := ward.Features(ctx, s, gis.Report)
	if err != nil {
		t.Fatal(err)
	}
	violations, err := ward.Features(ctx, s, gis.Violation)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Shown()) != len(reports)+len(violations) || len(reports) == 0 || len(violations) == 0 {
		t.Fatalf("inbox lists %d, store has %d reports and %d violations", len(b.Shown()), len(reports), len(violations))
	}
	count := func(f app.InboxFilter) int {
		b.SetFilter(f)
		if !strings.HasPrefix(b.Count.Text, strconv.Itoa(len(b.Shown()))+" /") {
			t.Errorf("count label %q for %d shown", b.Count.Text, len(b.Shown()))
		}
		return len(b.Shown())
	}
	// Reports: as `wardmap reports --date 2026-11-25` counts them
	// (ward.Reports, which the command prints).
	cli := func(f ward.ReportFilter) int {
		t.Helper()
		list, err := ward.Reports(ctx, s, gis.Date{Year: 2026, Month: 11, Day: 25}, f)
		if err != nil {
			t.Fatal(err)
		}
		return list.Total
	}
	if got, want := count(app.InboxFilter{Kind: gis.Report, Overdue: true}), cli(ward.ReportFilter{Overdue: true}); got != want || got == 0 {
		t.Errorf("overdue reports: inbox %d, CLI %d", got, want)
	}
	if got, want := count(app.InboxFilter{Kind: gis.Report, Status: app.InboxOpen}), cli(ward.ReportFilter{Status: "open"}); got != want {
		t.Errorf("open reports: inbox %d, CLI %d", got, want)
	}
	if got, want := count(app.InboxFilter{Kind: gis.Report, Status: "answered"}), cli(ward.ReportFilter{Status: "answered"}); got != want {
		t.Errorf("answered reports: inbox %d, CLI %d", got, want)
	}
	// Violations: overdue by SQL (deadline before today, not resolved).
	var wantV int
	if err := s.QueryRow(ctx, `SELECT count(*) FROM violation WHERE deleted = 0 AND status <> 'resolved' AND deadline < '2026-11-25'`, &wantV); err != nil {
		t.Fatal(err)
	}
	if got := count(app.InboxFilter{Kind: gis.Violation, Overdue: true}); got != wantV || got == 0 {
		t.Errorf("overdue violations: inbox %d, SQL %d", got, wantV)
	}
	// By unit, both kinds.
	var unit string
	var wantU int
	if err := s.QueryRow(ctx, `SELECT unit, count(*) FROM (SELECT unit FROM report WHERE deleted = 0 UNION ALL SELECT unit FROM violation WHERE deleted = 0)
		WHERE unit IS NOT NULL AND unit <> '' GROUP BY unit ORDER BY count(*) DESC LIMIT 1`, &unit, &wantU); err != nil {
		t.Fatal(err)
	}
	if got := count(app.InboxFilter{Unit: unit}); got != wantU {
		t.Errorf("unit %q: inbox %d, SQL %d", unit, got, wantU)
	}
	if got := count(app.InboxFilter{Status: app.InboxOpen, Overdue: true}); got != cli(ward.ReportFilter{Overdue: true})+wantV {
		t.Errorf("overdue of both kinds: %d", got)
	}

	// A received report: select, assign, answer, undo, redo, close.
	count(app.InboxFilter{Kind: gis.Report, Status: casework.Received})
	if len(b.Shown()) < 3 {
		t.Fatal("need three received reports")
	}
	r1, r2, r3 := b.Shown()[0].F.ID, b.Shown()[1].F.ID, b.Shown()[2].F.ID
	if !b.Select(r1) || w.Inspector.Selected == nil || w.Inspector.Selected.ID != r1 {
		t.Fatalf("selecting %s did not open its form", r1)
	}
	if !b.AnswerBtn.Disabled() || b.AssignBtn.Disabled() {
		t.Error("a received report: answer should wait for assigning")
	}
	get := func(id string) *gis.Feature {
		t.Helper()
		f, err := s.Get(ctx, gis.Report, id)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	retype(b.Deadline, "2026-11-01")
	test.Tap(b.AssignBtn)
	if get(r1).Text("status") != casework.Received || !strings.Contains(w.LastError, "01/11/2026") { // shown dd/mm/yyyy
		t.Fatalf("a deadline before the day received was taken: %q", w.LastError)
	}
	b.Unit.SetText("Đội trật tự đô thị phường")
	retype(b.Deadline, "2026-11-30")
	test.Tap(b.AssignBtn)
	f := get(r1)
	if dl, _ := f.Date("deadline"); f.Text("status") != casework.Assigned || f.Text("unit") != "Đội trật tự đô thị phường" || dl.String() != "2026-11-30" {
		t.Fatalf("after assign: %v", f.Attrs)
	}
	// Filtered on received, the assigned report leaves the list but stays selected.
	if b.Selected == nil || b.Selected.F.ID != r1 || b.AnswerBtn.Disabled() {
		t.Fatal("the assigned report is no longer the one acted on")
	}
	answer := "Phường đã cử tổ công tác đến xử lý ngày 26/11."
	retype(b.Answer, answer)
	test.Tap(b.AnswerBtn)
	if f := get(r1); f.Text("status") != casework.Answered || f.Text("public_answer") != answer {
		t.Fatalf("after answer: %v", f.Attrs)
	}
	w.Undo()
	if f := get(r1); f.Text("status") != casework.Assigned || f.Text("public_answer") != "" {
		t.Fatalf("after undo: %v", f.Attrs)
	}
	w.Redo()
	if f := get(r1); f.Text("status") != casework.Answered || f.Text("public_answer") != answer {
		t.Fatalf("after redo: %v", f.Attrs)
	}
	test.Tap(b.CloseBtn) // asks first: the sender is told, and closed is final
	if get(r1).Text("status") != casework.Answered || b.Closing() == nil {
		t.Fatal("the report was closed without a confirmation")
	}
	test.Tap(b.Closing().Confirm)
	f = get(r1)
	if d, _ := f.Date("closed_on"); f.Text("status") != casework.Closed || d.String() != "2026-11-25" {
		t.Fatalf("after close: %v", f.Attrs)
	}

	// Not within competence needs a reason; with one, it is final.
	b.SetFilter(app.InboxFilter{Kind: gis.Report})
	b.Select(r2)
	w.LastError = ""
	test.Tap(b.RejectBtn)
	if get(r2).Text("status") != casework.Received || w.LastError == "" {
		t.Fatalf("rejected without a reason: %q", w.LastError)
	}
	retype(b.Reason, "Thuộc thẩm quyền Công ty Điện lực")
	test.Tap(b.RejectBtn)
	if f := get(r2); f.Text("status") != casework.NotCompetent || f.Text("reason") != "Thuộc thẩm quyền Công ty Điện lực" {
		t.Fatalf("after reject: %v", f.Attrs)
	}
	// Duplicate of the closed report r1, with a reason.
	b.Select(r3)
	retype(b.DupOf, r1)
	retype(b.Reason, "Cùng vị trí, cùng nội dung")
	test.Tap(b.DuplicateBtn)
	if f := get(r3); f.Text("status") != casework.Duplicate || f.Text("duplicate_of") != r1 || f.Text("reason") == "" {
		t.Fatalf("after duplicate: %v (%s)", f.Attrs, w.LastError)
	}

	// A violation: assign a unit, then resolve.
	b.SetFilter(app.InboxFilter{Kind: gis.Violation, Status: app.InboxOpen})
	vid := b.Shown()[0].F.ID
	b.Select(vid)
	b.Unit.SetText("Đội trật tự đô thị phường")
	retype(b.Deadline, "2026-12-05")
	test.Tap(b.AssignBtn)
	v, _ := s.Get(ctx, gis.Violation, vid)
	if dl, _ := v.Date("deadline"); v.Text("unit") != "Đội trật tự đô thị phường" || dl.String() != "2026-12-05" {
		t.Fatalf("violation after assign: %v (%s)", v.Attrs, w.LastError)
	}
	test.Tap(b.CloseBtn)
	cd := b.Closing()
	if cd == nil {
		t.Fatal("a violation was closed without a confirmation")
	}
	test.Tap(cd.Confirm) // no evidence: refused, the dialog stays
	if v, _ := s.Get(ctx, gis.Violation, vid); v.Text("status") == casework.Resolved || cd.Problem.Text == "" || b.Closing() == nil {
		t.Fatalf("closed without evidence: %v %q", v.Attrs, cd.Problem.Text)
	}
	cd.Note.SetText("Đã dọn sạch, vỉa hè thông thoáng")
	test.Tap(cd.Confirm)
	if v, _ := s.Get(ctx, gis.Violation, vid); v.Text("status") != casework.Resolved {
		t.Fatalf("violation after close: %v (%s)", v.Attrs, w.LastError)
	}
	var notes string
	if err := s.QueryRow(ctx, `SELECT notes FROM inspection WHERE deleted = 0 AND violation_id = '`+vid+`' ORDER BY fid DESC LIMIT 1`, &notes); err != nil || notes != "Đã dọn sạch, vỉa hè thông thoáng" {
		t.Fatalf("the re-inspection that closed it: %q %v", notes, err)
	}
}
