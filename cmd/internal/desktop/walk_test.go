package desktop

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// outboxEntries lists a record's outbox entries as op:fields.
func outboxEntries(t *testing.T, s *gpkg.Store, id string) []string {
	t.Helper()
	var ops string
	q := "SELECT coalesce(group_concat(op || ':' || fields, ' | '), '') FROM (SELECT * FROM wm_outbox WHERE record_id = '" + id + "' ORDER BY fid)"
	if err := s.QueryRow(context.Background(), q, &ops); err != nil {
		t.Fatal(err)
	}
	if ops == "" {
		return nil
	}
	return strings.Split(ops, " | ")
}

func walkPhoto(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		for y := 0; y < 48; y++ {
			img.Set(x, y, color.RGBA{200, uint8(3 * x), uint8(4 * y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "den-hong.png")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The scripted walk of issue 12 on the demo ward: search a street without
// diacritics, select a lamp on it on the map, change its status, attach a
// photo, save, undo, redo. The database ends with the lamp broken and its
// photo, and the outbox with the net change: one update of the lamp and
// one insert of the photo, whatever the undo and redo did in between.
func TestWalkSearchSelectEditPhotoUndoRedo(t *testing.T) {
	db := copyDemo(t)
	ctx := context.Background()
	w, s := openWindow(t, db, time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC))
	pending0, err := s.Pending(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// search "tran thanh ngo" and choose the street
	if err := w.Search.Run(ctx, "tran thanh ngo"); err != nil {
		t.Fatal(err)
	}
	found := w.Search.Found()
	street := -1
	for i, f := range found {
		if f.Kind == gis.Street && f.Text("name") == "Trần Thành Ngọ" {
			street = i
			break
		}
	}
	if street < 0 {
		t.Fatalf("searching without diacritics found no Trần Thành Ngọ among %d results", len(found))
	}
	w.Search.Results.Select(street)
	if sel := w.Inspector.Selected; sel == nil || sel.Kind != gis.Street {
		t.Fatalf("choosing the result selected %v", sel)
	}

	// a lamp on that street, clicked on the map
	rs, err := s.Find(ctx, gpkg.Query{Kind: gis.Lamp, Search: "tran thanh ngo", Limit: 1})
	if err != nil || len(rs) == 0 {
		t.Fatalf("no lamp on Trần Thành Ngọ: %v", err)
	}
	lamp := rs[0].Feature
	if lamp.Text("status") == "broken" {
		t.Skip("the demo's first lamp is already broken")
	}
	p := lamp.Geom.(orb.Point)
	sz := w.Map.Size()
	v := w.Map.View()
	v.Center, v.Zoom, v.Width, v.Height = p, 20, int(sz.Width), int(sz.Height)
	w.Map.SetView(v)
	x, y := w.Map.View().ToPixel(p)
	sc := w.Map.PixelScale()
	test.TapAt(w.Map, fyne.NewPos(float32(x/sc), float32(y/sc)))
	in := w.Inspector
	if in.Selected == nil || in.Selected.ID != lamp.ID {
		t.Fatalf("clicking the lamp selected %v", in.Selected)
	}

	// status, photo, save
	in.Form.Selects["status"].SetSelected("Hỏng")
	in.AddPhoto(walkPhoto(t))
	test.Tap(in.SaveBtn)
	w.Wait()
	check := func(stage, status string, photos int, lampOps []string) {
		t.Helper()
		got, err := s.Get(ctx, gis.Lamp, lamp.ID)
		if err != nil || got.Text("status") != status {
			t.Fatalf("%s: lamp status %q (%v), want %q", stage, got.Text("status"), err, status)
		}
		as, err := s.AttachmentsOf(ctx, gis.Lamp, lamp.ID)
		if err != nil || len(as) != photos {
			t.Fatalf("%s: %d photos (%v), want %d", stage, len(as), err, photos)
		}
		if ops := outboxEntries(t, s, lamp.ID); strings.Join(ops, " | ") != strings.Join(lampOps, " | ") {
			t.Errorf("%s: the lamp's outbox %q, want %q", stage, ops, lampOps)
		}
	}
	check("saved", "broken", 1, []string{`update:{"status":"broken"}`})
	as, _ := s.AttachmentsOf(ctx, gis.Lamp, lamp.ID)
	photo := as[0]
	if blob, err := s.Blob(ctx, photo.Text("sha256")); err != nil || len(blob) == 0 {
		t.Fatalf("the photo's contents: %v", err)
	}
	if ops := outboxEntries(t, s, photo.ID); len(ops) != 1 || !strings.HasPrefix(ops[0], "insert:") {
		t.Fatalf("the photo's outbox %q", ops)
	}

	w.Undo()
	check("undone", "working", 0, []string{`update:{"status":"working"}`})
	if ops := outboxEntries(t, s, photo.ID); len(ops) != 0 {
		t.Errorf("undone: the photo never sent is still queued: %q", ops)
	}

	w.Redo()
	check("redone", "broken", 1, []string{`update:{"status":"broken"}`})
	if ops := outboxEntries(t, s, photo.ID); len(ops) != 1 || !strings.HasPrefix(ops[0], "insert:") || !strings.Contains(ops[0], photo.Text("sha256")) {
		t.Errorf("redone: the photo's outbox %q, want its insert again", ops)
	}
	if n, _ := s.Pending(ctx); n != pending0+2 {
		t.Errorf("pending %d after the walk, want %d + 2 (one update, one photo)", n, pending0)
	}
	if sel := in.Selected; sel == nil || sel.ID != lamp.ID || in.Form.Selects["status"].Selected != "Hỏng" {
		t.Errorf("after redo the panel shows %v", sel)
	}
	if in.Dirty() {
		t.Error("the panel is dirty after redo")
	}
}
