package app

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// TestMapReadsTheStoreOnlyWhenItMust: a small pan draws from the features
// the map already read; an edit makes it read the store again and the
// frame shows the edit.
func TestMapReadsTheStoreOnlyWhenItMust(t *testing.T) {
	f := newFixture(t)
	f.look(f.lamp.Geom.(orb.Point), 18)
	f.w.Map.Render(800, 600)
	q0 := f.w.Map.Queries()
	if q0 == 0 {
		t.Fatal("the first frame read nothing")
	}
	f.w.Map.Dragged(&fyne.DragEvent{Dragged: fyne.NewDelta(40, 25)})
	f.w.Map.Render(800, 600)
	if q := f.w.Map.Queries(); q != q0 {
		t.Errorf("a 40-pixel pan read the store again (%d reads, had %d)", q, q0)
	}
	// move the lamp: the next frame must read the store and draw it there
	f.tap(f.lamp.Geom.(orb.Point))
	test.Tap(f.w.Inspector.MoveBtn)
	to := off(-40, -30)
	f.tap(to)
	if got := f.store.get(gis.Lamp, f.lamp.ID).Geom.(orb.Point); gis.DistanceM(got, to) > 0.5 {
		t.Fatalf("the move was not saved: %v", got)
	}
	img := f.w.Map.Render(800, 600).(*image.RGBA)
	if q := f.w.Map.Queries(); q <= q0 {
		t.Errorf("after an edit the map did not read the store (%d reads)", q)
	}
	x, y := f.w.Map.View().ToPixel(to)
	if c := img.RGBAAt(int(x), int(y)); !(c.R > 200 && c.G > 150 && c.B < 100) {
		t.Errorf("no working lamp's yellow at the new place: %v", c)
	}
}
