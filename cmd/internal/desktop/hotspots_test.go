package desktop

import (
	"image"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/app"
	"wardmap/gis"
	"wardmap/gis/casework"
)

// Three encroachments within 30 m of one another make a hotspot: the
// inbox's "Điểm nóng" check lists it and rings it on the map; unchecked,
// the ring goes away.
func TestInboxHotspotsOnTheMap(t *testing.T) {
	db := copyDemo(t)
	ctx := t.Context()
	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	w, s := openWindow(t, db, now)
	before := len(w.Inbox.Hotspots())

	centre := orb.Point{106.6400, 20.8200}
	var fs []*gis.Feature
	for i := 0; i < 3; i++ {
		f := gis.NewFeature(gis.Violation, orb.Point{centre[0] + float64(i)*0.0001, centre[1]})
		f.Attrs["kind"] = "encroachment"
		f.Attrs["status"] = "recorded"
		f.Attrs["found_on"] = gis.Date{Year: 2026, Month: 11, Day: 10 + i}
		fs = append(fs, f)
	}
	if err := s.Insert(ctx, "test", fs...); err != nil {
		t.Fatal(err)
	}
	// Opening the tab reloads the inbox in the background; the reload
	// below must not run beside it (both lay the list out).
	w.Tabs.SelectIndex(app.TabInbox)
	w.Wait()
	if err := w.Inbox.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	test.Tap(w.Inbox.HotspotChk)
	hs := w.Inbox.Hotspots()
	var ours *casework.Hotspot
	for i := range hs {
		if hs[i].Kind == "encroachment" && hs[i].Count >= 3 && gis.DistanceM(hs[i].Center, centre) < 30 {
			ours = &hs[i]
		}
	}
	if ours == nil {
		t.Fatalf("no hotspot at the three encroachments; listed %d (%d before the insert): %+v", len(hs), before, hs)
	}
	v := w.Map.View()
	v.Center, v.Zoom = centre, 18
	w.Map.SetView(v)
	gen := w.Planner.Layer().(*canvas.Raster).Generator
	red := countNear(gen(800, 600), color.RGBA{220, 20, 60, 255}, 60)
	if red < 100 {
		t.Fatalf("hotspot ring not drawn: %d red pixels", red)
	}
	test.Tap(w.Inbox.HotspotChk)
	if n := countNear(gen(800, 600), color.RGBA{220, 20, 60, 255}, 60); n != 0 || len(w.Inbox.Hotspots()) != 0 {
		t.Fatalf("hotspots still shown after unchecking: %d pixels, %d listed", n, len(w.Inbox.Hotspots()))
	}
}

// countNear counts pixels within tol (per channel) of c, ignoring alpha.
func countNear(img image.Image, c color.RGBA, tol int) int {
	near := func(v uint32, want uint8) bool { d := int(v) - int(want); return max(d, -d) <= tol }
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if a == 0 {
				continue
			}
			// un-premultiply
			r, g, bl = r*0xffff/a>>8, g*0xffff/a>>8, bl*0xffff/a>>8
			if near(r, c.R) && near(g, c.G) && near(bl, c.B) {
				n++
			}
		}
	}
	return n
}
