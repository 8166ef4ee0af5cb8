package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/casework"
)

// fakeCases is a fakeStore that lists cases (CaseStore), as the
// GeoPackage store does.
type fakeCases struct{ *fakeStore }

func (s fakeCases) Cases(_ context.Context, k gis.Kind) ([]*gis.Feature, error) {
	return s.live(k), nil
}

// inboxFixture is the test ward (today 10 March 2026) with two field
// reports (one received on 1 March and overdue, one answered) and four
// violations: three encroachments within 10 m of one another (a hotspot),
// recorded with a deadline of 5 March (overdue), and a wrong parking 300 m
// away, found without a record.
type inboxFixture struct {
	*fixture
	b                 *Inbox
	overdue, answered *gis.Feature
	hot               []*gis.Feature
	parking           *gis.Feature
}

func newInboxFixture(t *testing.T) *inboxFixture {
	t.Helper()
	var fs []*gis.Feature
	report := func(status string, p orb.Point) *gis.Feature {
		r := gis.NewFeature(gis.Report, p)
		r.Attrs["channel"], r.Attrs["category"], r.Attrs["text"] = "hotline", "lighting", "Đèn đường không sáng"
		r.Attrs["received_at"] = time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
		r.Attrs["status"] = status
		if status == casework.Answered {
			r.Attrs["unit"], r.Attrs["deadline"] = "Đội trật tự đô thị phường", gis.Date{Year: 2026, Month: 3, Day: 4}
			r.Attrs["public_answer"] = "Đã thay bóng đèn ngày 03/3."
		}
		fs = append(fs, r)
		return r
	}
	violation := func(kind, status string, p orb.Point) *gis.Feature {
		v := gis.NewFeature(gis.Violation, p)
		v.Attrs["kind"], v.Attrs["status"] = kind, status
		v.Attrs["found_on"] = gis.Date{Year: 2026, Month: 3, Day: 1}
		if status == casework.Recorded {
			v.Attrs["record_no"], v.Attrs["deadline"] = "BB-01", gis.Date{Year: 2026, Month: 3, Day: 5}
		}
		fs = append(fs, v)
		return v
	}
	f := &inboxFixture{}
	f.overdue = report(casework.Received, off(-100, -100))
	f.answered = report(casework.Answered, off(-120, -100))
	for i := range 3 {
		f.hot = append(f.hot, violation("encroachment", casework.Recorded, off(100+5*float64(i), 100)))
	}
	f.parking = violation("parking", casework.Found, off(-200, 250))
	f.fixture = newFixtureWith(t, func(st *fakeStore, d *Deps) {
		for _, x := range fs {
			gis.Derive(x)
			if err := gis.Validate(x); err != nil {
				t.Fatal(err)
			}
			st.put(st.recs, x)
		}
		d.Cases = fakeCases{st}
	})
	f.b = f.w.Inbox
	f.w.Tabs.SelectIndex(TabInbox)
	f.w.Wait() // the tab reads the cases in the background
	if len(f.b.Shown()) != 6 {
		t.Fatalf("inbox lists %d cases, want 6", len(f.b.Shown()))
	}
	return f
}

// A filter that drops the selected case empties the detail: it no longer
// shows a record the list does not; one that keeps it keeps the detail.
func TestInboxFilterClearsDetail(t *testing.T) {
	f := newInboxFixture(t)
	b := f.b
	if !b.Select(f.overdue.ID) || b.Selected == nil || b.Info.Text == f.w.tr.T("inbox.none_selected") {
		t.Fatal("selecting the overdue report showed nothing")
	}
	b.SetFilter(InboxFilter{Kind: gis.Report, Overdue: true}) // still listed
	if b.Selected == nil || b.Selected.F.ID != f.overdue.ID {
		t.Fatal("a filter that keeps the case dropped its detail")
	}
	b.SetFilter(InboxFilter{Kind: gis.Violation})
	if b.Selected != nil || b.Info.Text != f.w.tr.T("inbox.none_selected") || b.Unit.Text != "" || !b.AssignBtn.Disabled() {
		t.Fatalf("after filtering it out the detail still shows %q (unit %q)", b.Info.Text, b.Unit.Text)
	}
}

// "Điểm nóng" lists each hotspot with its violations under it, says in one
// line what a hotspot is, moves the map to it and rings it; a hotspot's
// heading shows where it is. Unticked, the list is the cases again.
func TestInboxHotspotsListed(t *testing.T) {
	f := newInboxFixture(t)
	b := f.b
	f.look(off(-2000, -2000), 14) // far away: the map must come to the hotspot
	test.Tap(b.HotspotChk)
	if len(b.Hotspots()) != 1 || b.Hotspots()[0].Count != 3 {
		t.Fatalf("hotspots %+v, want one of three encroachments", b.Hotspots())
	}
	if b.HotspotInfo.Hidden || !strings.Contains(b.HotspotInfo.Text, "1 điểm nóng") || !strings.Contains(b.HotspotInfo.Text, "30 m") {
		t.Fatalf("explanation %q (hidden %v)", b.HotspotInfo.Text, b.HotspotInfo.Hidden)
	}
	if b.length() != 4 || b.rows[0].hot != 0 {
		t.Fatalf("%d rows, first %+v; want the hotspot then its three violations", b.length(), b.rows[0])
	}
	for i := range f.hot {
		if r := b.rows[i+1]; r.c == nil || !strings.Contains(strings.Join(b.Hotspots()[0].IDs, ","), r.c.F.ID) {
			t.Errorf("row %d is not one of the hotspot's violations", i+1)
		}
	}
	if got := gis.DistanceM(f.w.Map.View().Center, off(105, 100)); got > 50 || f.w.Map.View().Zoom < 17 {
		t.Fatalf("map %.0f m from the hotspot at zoom %.1f", got, f.w.Map.View().Zoom)
	}
	head := f.w.tr.T("inbox.hotspot_line", "Lấn chiếm vỉa hè, lòng đường", 3, 3)
	if !b.SelectHotspot(0) || !strings.HasPrefix(b.Info.Text, head) || b.Selected != nil {
		t.Fatalf("hotspot heading shows %q, want %q", b.Info.Text, head)
	}
	if !b.Select(f.hot[1].ID) || b.Selected == nil || b.Selected.F.ID != f.hot[1].ID {
		t.Fatal("a violation under its hotspot cannot be selected")
	}
	test.Tap(b.HotspotChk)
	if len(b.Hotspots()) != 0 || !b.HotspotInfo.Hidden || b.length() != 6 || b.rows[0].hot >= 0 {
		t.Fatalf("after unticking: %d hotspots, %d rows", len(b.Hotspots()), b.length())
	}
}

// Closing asks first. A report: Hủy leaves it answered, the confirmation
// closes it. A violation: without what the re-inspection found it stays
// open; with it, it is resolved and the re-inspection is recorded in the
// same undoable step.
func TestInboxCloseAsks(t *testing.T) {
	f := newInboxFixture(t)
	b := f.b
	b.Select(f.answered.ID)
	test.Tap(b.CloseBtn)
	if b.Closing() == nil || f.store.get(gis.Report, f.answered.ID).Text("status") != casework.Answered {
		t.Fatal("the report was closed without a confirmation")
	}
	if !b.Closing().Note.Hidden {
		t.Error("closing a report asks for a re-inspection note")
	}
	test.Tap(b.Closing().Cancel)
	if b.Closing() != nil || f.store.get(gis.Report, f.answered.ID).Text("status") != casework.Answered {
		t.Fatal("cancelled, yet closed")
	}
	test.Tap(b.CloseBtn)
	test.Tap(b.Closing().Confirm)
	if st := f.store.get(gis.Report, f.answered.ID).Text("status"); st != casework.Closed {
		t.Fatalf("confirmed, report %s (%s)", st, f.w.LastError)
	}

	v := f.hot[0]
	b.Select(v.ID)
	test.Tap(b.CloseBtn)
	cd := b.Closing()
	test.Tap(cd.Confirm)
	if f.store.get(gis.Violation, v.ID).Text("status") != casework.Recorded || cd.Problem.Text == "" || b.Closing() == nil {
		t.Fatalf("closed without evidence (problem %q)", cd.Problem.Text)
	}
	cd.Note.SetText("Đã dọn, vỉa hè thông thoáng")
	test.Tap(cd.Confirm)
	if st := f.store.get(gis.Violation, v.ID).Text("status"); st != casework.Resolved {
		t.Fatalf("violation %s after the confirmation (%s)", st, f.w.LastError)
	}
	reinspections := func() []*gis.Feature {
		var out []*gis.Feature
		for _, i := range f.store.live(gis.Inspection) {
			if i.Text("violation_id") == v.ID {
				out = append(out, i)
			}
		}
		return out
	}
	if ri := reinspections(); len(ri) != 1 || ri[0].Text("notes") != "Đã dọn, vỉa hè thông thoáng" || ri[0].Text("result") != "ok" {
		t.Fatalf("re-inspections %v", ri)
	}
	f.w.Undo()
	if st := f.store.get(gis.Violation, v.ID).Text("status"); st != casework.Recorded || len(reinspections()) != 0 {
		t.Fatalf("after undo: %s with %d re-inspections", st, len(reinspections()))
	}
	f.w.Redo()
	if st := f.store.get(gis.Violation, v.ID).Text("status"); st != casework.Resolved || len(reinspections()) != 1 {
		t.Fatalf("after redo: %s with %d re-inspections", st, len(reinspections()))
	}
}

// At 1024×700 the inbox list showed about three cases under its filters:
// folded into one line, they leave the list room for seven or more (and
// the detail under it room to read); the folded line says how many
// filters narrow the list.
func TestInboxListRowsAt1024(t *testing.T) {
	f := newInboxFixture(t)
	b := f.b
	rowH := b.createItem().MinSize().Height + theme.SeparatorThicknessSize()
	for _, c := range []struct {
		size fyne.Size
		rows int
	}{{fyne.NewSize(1024, 700), 7}, {fyne.NewSize(1600, 1000), 12}} {
		f.win.Resize(c.size)
		list, detail := b.List.Size().Height, b.obj.(*container.Split).Trailing.Size().Height
		t.Logf("%v: list %.0f px, detail %.0f px, rows %.0f px", c.size, list, detail, rowH)
		if rows := int(list / rowH); rows < c.rows {
			t.Errorf("at %v the list shows %d rows (%.0f px of %.0f px rows), want %d", c.size, rows, list, rowH, c.rows)
		}
		if detail < 100 {
			t.Errorf("at %v the detail is %.0f px high", c.size, detail)
		}
	}
	title := func() string { return b.Filters.Items[0].Title }
	if got, want := title(), f.w.tr.T("inbox.filters"); got != want {
		t.Errorf("filters titled %q with none on, want %q", got, want)
	}
	test.Tap(b.OverdueChk)
	b.KindSel.SetSelectedIndex(2)
	if got, want := title(), f.w.tr.T("inbox.filters_on", 2); got != want {
		t.Errorf("filters titled %q with two on, want %q", got, want)
	}
	if len(b.Shown()) != 3 {
		t.Errorf("%d cases listed, want the 3 overdue violations", len(b.Shown()))
	}
}

// A row leads with what and where the case is, after the overdue mark:
// at 1024 px a row shows ~35 characters, and "⚠ quá hạn 141 ngày · Vi
// phạm: Đ…" left the case out.
func TestInboxRowLeadsWithTitle(t *testing.T) {
	f := newInboxFixture(t)
	for _, c := range f.b.Shown() {
		line := f.b.line(c)
		lead := c.F.Title("vi")
		if c.Overdue > 0 {
			lead = f.w.tr.T("inbox.overdue_mark", c.Overdue) + " " + lead
		}
		if !strings.HasPrefix(line, lead) {
			t.Errorf("row %q, want it to begin %q", line, lead)
		}
	}
	if got := f.w.tr.T("inbox.overdue_mark", 141); len([]rune(got)) > 16 { // "⚠ quá hạn 141 ngày ·" was 20
		t.Errorf("overdue mark %q takes half a row", got)
	}
}
