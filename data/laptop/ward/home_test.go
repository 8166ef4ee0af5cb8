package ward

import (
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// A new database opens on its file's name over Kiến An; once it holds a
// lamp, on the lamp, which the counts show.
func TestHome(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "phuong-moi.gpkg")
	if _, err := Create(ctx, path, false); err != nil {
		t.Fatal(err)
	}
	st, err := gpkg.Open(ctx, path, gpkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if name, area, err := Home(ctx, st); err != nil || name != "phuong-moi.gpkg" || area != kienAn {
		t.Errorf("empty: %q %v %v", name, area, err)
	}
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.631, 20.811})
	lamp.Attrs["pole_code"], lamp.Attrs["status"] = "KA-0001", "working"
	if err := st.Insert(ctx, "an", lamp); err != nil {
		t.Fatal(err)
	}
	if _, area, err := Home(ctx, st); err != nil || !area.Contains(lamp.Geom.(orb.Point)) || area.Max[0]-area.Min[0] > 0.001 {
		t.Errorf("one lamp: %v %v", area, err)
	}
	if m, err := Counts(ctx, st); err != nil || m[gis.Lamp] != 1 || m[gis.Tree] != 0 {
		t.Errorf("counts: %v %v", m, err)
	}
}
