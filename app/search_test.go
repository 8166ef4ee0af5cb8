package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// addStreetSections adds Trần Thành Ngọ as three more sections along y =
// 40 m crossed by named streets, each with house numbers beside it: the
// search must tell the sections apart.
func addStreetSections(f *fixture) {
	put := func(g *gis.Feature) { gis.Derive(g); f.store.put(f.store.recs, g) }
	xs := []float64{250, 400, 550, 700}
	cross := []string{"Lê Lợi", "Phan Đăng Lưu", "Quán Trữ", "Hoàng Quốc Việt"}
	for i, x := range xs {
		c := gis.NewFeature(gis.Street, orb.LineString{off(x, -100), off(x, 40), off(x, 200)})
		c.Attrs["name"], c.Attrs["class"] = cross[i], "secondary"
		put(c)
		if i == len(xs)-1 {
			break
		}
		s := gis.NewFeature(gis.Street, orb.LineString{off(x, 40), off(xs[i+1], 40)})
		s.Attrs["name"], s.Attrs["class"] = "Trần Thành Ngọ", "main"
		put(s)
		for j := 0; j < 3; j++ {
			a := gis.NewFeature(gis.Address, off(x+20+float64(j)*40, 55))
			a.Attrs["housenumber"] = []string{"2", "10", "36", "40", "72", "88", "90", "120", "154"}[i*3+j]
			a.Attrs["street"] = "Trần Thành Ngọ"
			put(a)
		}
	}
}

func TestSearchResultsSayWhichOneTheyAre(t *testing.T) {
	f := newFixture(t)
	addStreetSections(f)
	if err := f.w.Search.Run(context.Background(), "tran thanh ngo"); err != nil {
		t.Fatal(err)
	}
	// the sections, and the house numbers on the street
	var detail []string
	seen := map[string]bool{}
	for i, r := range f.w.Search.Found() {
		d := f.w.Search.Details()[i]
		if r.Kind != gis.Street {
			continue
		}
		if d == "" || seen[d] {
			t.Errorf("result %d reads %q: empty or the same as another", i, d)
		}
		seen[d] = true
		detail = append(detail, d)
	}
	if len(detail) != 4 {
		t.Fatalf("found %d sections, want 4", len(detail))
	}
	want := map[string]bool{
		"từ Lê Lợi đến Phan Đăng Lưu · số nhà 2–36":       false,
		"từ Phan Đăng Lưu đến Quán Trữ · số nhà 40–88":    false,
		"từ Quán Trữ đến Hoàng Quốc Việt · số nhà 90–154": false,
	}
	for _, d := range detail {
		for w := range want {
			if strings.HasPrefix(d, w) {
				want[w] = true
			}
		}
	}
	for w, ok := range want {
		if !ok {
			t.Errorf("no result reads %q; got %q", w, detail)
		}
	}
	// the rows on screen show the details, and the count is in words
	if got := f.w.Search.Info.Text; got != "13 kết quả" {
		t.Errorf("count %q", got)
	}
	if !f.w.Search.Panel.Visible() || f.w.Tabs.Visible() {
		t.Error("the results do not take the side tabs' place")
	}
	f.w.Search.ClearSearch()
	if f.w.Search.Entry.Text != "" || f.w.Search.Panel.Visible() || !f.w.Tabs.Visible() {
		t.Error("clear left the results up")
	}
}

// Typing searches by itself once the typing pauses, off the UI thread;
// a pause after the second word shows only the second search's results.
func TestSearchAsYouType(t *testing.T) {
	f := newFixture(t)
	addStreetSections(f)
	// Typed as one event: a search that fires meanwhile (the machine may
	// be slower than the typing pause) waits, as fyne.Do would, and then
	// finds itself cancelled.
	f.w.Act(func() {
		test.Type(f.w.Search.Entry, "le lo")
		f.w.Search.Entry.SetText("quan tru")
	})
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		f.w.Search.Wait()
		if len(f.w.Search.Found()) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	found := f.w.Search.Found()
	if len(found) != 1 || found[0].Text("name") != "Quán Trữ" {
		t.Fatalf("typing found %v, want Quán Trữ alone", found)
	}
	if f.w.Search.Info.Text != "1 kết quả" {
		t.Errorf("count %q", f.w.Search.Info.Text)
	}
}

// Ctrl+1…Ctrl+4 open the side tabs Lớp, Kế hoạch, Phản ánh, Chỉ tiêu.
func TestCtrlDigitsSwitchTabs(t *testing.T) {
	f := newFixture(t)
	c := f.win.Canvas().(fyne.Shortcutable)
	for i, k := range []fyne.KeyName{fyne.Key4, fyne.Key2, fyne.Key3, fyne.Key1} {
		want := []int{TabIndicators, TabPlanner, TabInbox, TabLayers}[i]
		c.TypedShortcut(ctrl(k))
		f.w.Wait()
		if got := f.w.Tabs.SelectedIndex(); got != want {
			t.Errorf("Ctrl+%s opened tab %d, want %d", k, got, want)
		}
	}
	// from the search results, Ctrl+2 closes them and opens the planner
	if err := f.w.Search.Run(context.Background(), "tran"); err != nil {
		t.Fatal(err)
	}
	c.TypedShortcut(ctrl(fyne.Key2))
	f.w.Wait()
	if f.w.Search.Panel.Visible() || !f.w.Tabs.Visible() || f.w.Tabs.SelectedIndex() != TabPlanner {
		t.Error("Ctrl+2 over the search results did not bring the planner back")
	}
}
