package desktop

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"wardmap/app"
	"wardmap/app/settings"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/ward/wardtest"
	"wardmap/gis"
	"wardmap/gis/gistest"
	"wardmap/gis/indicator"
)

// The dashboard on the demo ward through the real store: a row per target
// with the board's numbers; a drill-down item selects its feature; a TDP
// head's figure is stored and another TDP's refused beside the field; the
// report written from the app opens in excelize with the period's codes.
func TestDesktopDashboardDemo(t *testing.T) {
	db := copyDemo(t)
	now := time.Date(2026, 8, 15, 3, 0, 0, 0, time.UTC)
	w, s := openWindow(t, db, now)
	d := w.Dashboard
	d.SetPeriod("2026-Q2") // the tab is hidden: computed when it opens
	w.Tabs.SelectIndex(app.TabIndicators)
	w.Wait()
	if d.Data() == nil {
		t.Fatalf("nothing computed; error %q", w.LastError)
	}
	_, b, err := computeBoardForTest(t, s, indicator.MustPeriod("2026-Q2"), gis.DateOf(now))
	if err != nil {
		t.Fatal(err)
	}
	rows := d.Rows()
	if len(rows) != len(b.Ward) {
		t.Fatalf("%d rows, board has %d", len(rows), len(b.Ward))
	}
	var drill *indicator.Result
	for i, r := range b.Ward {
		if rows[i].Code != r.Code || rows[i].Value != indicator.Format(r.Value, r.Unit) || rows[i].Status != r.Status {
			t.Errorf("row %d %+v, board %s %s %s", i, rows[i], r.Code, indicator.Format(r.Value, r.Unit), r.Status)
		}
		if drill == nil && len(r.Items) > 0 && r.Items[0].ID != "" {
			drill = &b.Ward[i]
		}
	}
	if drill == nil {
		t.Fatal("no indicator with items on the demo ward")
	}
	d.Select(drill.Code)
	if len(d.DrillItems()) != len(drill.Items) {
		t.Fatalf("%s lists %d items, board %d", drill.Code, len(d.DrillItems()), len(drill.Items))
	}
	it := drill.Items[0]
	d.SelectItem(it.ID)
	if sel := w.Inspector.Selected; sel == nil || sel.ID != it.ID {
		t.Fatalf("selected %v, want %s %s", sel, it.Kind, it.ID)
	}

	// The form, as the head of one TDP: their own figure is stored, another
	// TDP's is refused beside the TDP field.
	var mine, other *gis.Feature
	res, err := s.Find(t.Context(), gpkg.Query{Kind: gis.TDP})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Text("head") == "" {
			continue
		}
		if mine == nil {
			mine = r.Feature
		} else if other == nil && r.Text("head") != mine.Text("head") {
			other = r.Feature
		}
	}
	if mine == nil || other == nil {
		t.Fatal("the demo ward needs two TDPs with heads")
	}
	settings.New(fyne.CurrentApp().Preferences()).SetUser(mine.Text("head"))
	d.Select(indicator.CulFamilies)
	fm := d.Form
	fm.Period.SetText("2026")
	fm.Where.SetText(other.Text("name"))
	fm.Value.SetText("97")
	test.Tap(fm.SaveBtn)
	if !fm.WhereErr.Visible() || !strings.Contains(fm.WhereErr.Text, "chỉ được nhập số liệu cho tổ dân phố mình phụ trách") {
		t.Errorf("another TDP's figure: %q beside the TDP field", fm.WhereErr.Text)
	}
	before, _ := s.Entries(t.Context())
	fm.Where.SetText(mine.Text("name"))
	fm.Value.SetText("97")
	test.Tap(fm.SaveBtn)
	w.Wait()
	after, err := s.Entries(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 || fm.WhereErr.Visible() {
		t.Fatalf("own figure: %d → %d entries, error %q", len(before), len(after), fm.WhereErr.Text)
	}
	if e := after[len(after)-1]; e.ScopeID != mine.ID || e.Value != 97 || e.By != mine.Text("head") || e.Period != "2026" {
		t.Errorf("stored %+v", e)
	}

	// The period report from the app.
	path := filepath.Join(t.TempDir(), "bao-cao.xlsx")
	d.WriteBulletin(path)
	w.Wait()
	if w.LastError != "" {
		t.Fatalf("report: %s", w.LastError)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var cells []string
	for _, sh := range x.GetSheetList() {
		rs, _ := x.GetRows(sh)
		for _, r := range rs {
			cells = append(cells, r...)
		}
	}
	all := strings.Join(cells, "|")
	for _, want := range []string{indicator.OrdLit, indicator.CulFamilies, "Quý II năm 2026"} {
		if !strings.Contains(all, want) {
			t.Errorf("the report has no %q", want)
		}
	}
}

// computeBoardForTest computes the ward's board from a fresh read of the
// store, as `wardmap indicators` does.
func computeBoardForTest(t *testing.T, s *gpkg.Store, p indicator.Period, today gis.Date) (indicator.Catalogue, *indicator.Board, error) {
	t.Helper()
	cat, in, err := s.IndicatorInput(t.Context(), p, today)
	if err != nil {
		return nil, nil, err
	}
	return cat, indicator.Compute(cat, in, p, indicator.Options{}), nil
}

// The dashboard's model follows the window's edits and figures without
// reading the store again, giving what a fresh read gives; a write by
// another connection (a sync, a command) makes it load afresh.
func TestAppStoreDashboardFollowsEdits(t *testing.T) {
	db := copyDemo(t)
	ctx := t.Context()
	s, err := gpkg.Open(ctx, db, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	as := newAppStore(s)
	p, today := indicator.MustPeriod("2026-Q2"), gis.Date{Year: 2026, Month: 8, Day: 15}
	plates := func() (indicator.Result, *indicator.Model) {
		t.Helper()
		d, err := as.Dashboard(ctx, p, today)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := d.Board.Result(indicator.OrdPlates)
		// the same numbers as a fresh read, every TDP included
		b, _ := json.Marshal(wardtest.FreshBoard(t, s, p, today))
		gistest.SameJSON(t, "board after edits", d.Board, b)
		m, err := as.ind.Model(ctx) // the model the board came from: nothing wrote since
		if err != nil {
			t.Fatal(err)
		}
		return r, m
	}
	r0, m0 := plates()
	if len(r0.Items) < 3 {
		t.Fatalf("the demo ward has %d plates not installed", len(r0.Items))
	}
	// an edit in the window: followed, not reloaded
	if err := as.Apply(ctx, "tester", app.Change{Save: []*gis.Feature{wardtest.InstallPlate(t, s, r0.Items[0])}}); err != nil {
		t.Fatal(err)
	}
	r1, m1 := plates()
	if m1 != m0 || r1.Num != r0.Num+1 {
		t.Errorf("after an edit: model reloaded %v, installed %v → %v", m1 != m0, r0.Num, r1.Num)
	}
	// a reported figure entered in the window: followed
	e := &indicator.Entry{Code: indicator.EnvWaste, Scope: indicator.Ward, Period: "2026-05", Value: 97, By: "tester"}
	if err := as.AddEntry(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, m := plates(); m != m0 {
		t.Error("an entry reloaded the model")
	}
	// another connection writes: the model is loaded afresh
	wardtest.InstallElsewhere(t, db, r0.Items[1])
	r2, m2 := plates()
	if m2 == m0 || r2.Num != r0.Num+2 {
		t.Errorf("after another connection's write: model reloaded %v, installed %v → %v", m2 != m0, r0.Num, r2.Num)
	}
}
