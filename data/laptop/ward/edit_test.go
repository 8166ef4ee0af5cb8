package ward

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"wardmap/gis"
	"wardmap/gis/indicator"
)

// A change set from the window commits whole, photo and all, and the kept
// model follows it without a reload; one bad record leaves nothing
// written.
func TestApply(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	x := NewIndicators(s)
	p, today := indicator.MustPeriod("2026-Q2"), gis.Date{Year: 2026, Month: 8, Day: 15}
	board := func() (string, indicator.Result) {
		d, err := x.Dashboard(ctx, p, today)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(d.Board)
		r, _ := d.Board.Result(indicator.OrdPlates)
		return string(b), r
	}
	_, r0 := board()
	m0 := x.model
	plate, err := s.Get(ctx, r0.Items[0].Kind, r0.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	plate.Attrs["status"] = "installed"
	delete(plate.Attrs, "installed_on")
	photo := []byte("not really a jpeg")
	sum := sha256.Sum256(photo)
	gone := r0.Items[1]
	if err := x.Apply(ctx, "tester", Change{Blobs: []Blob{{hex.EncodeToString(sum[:]), photo}}, Save: []*gis.Feature{plate},
		Delete: []Ref{{gone.Kind, gone.ID}}}); err != nil {
		t.Fatal(err)
	}
	got, r1 := board()
	if x.model != m0 || r1.Num != r0.Num+1 {
		t.Errorf("model reloaded %v, installed %v → %v", x.model != m0, r0.Num, r1.Num)
	}
	fresh, _ := NewIndicators(s).Dashboard(ctx, p, today)
	if want, _ := json.Marshal(fresh.Board); got != string(want) {
		t.Error("the followed board differs from a fresh read's")
	}
	if f, err := s.Get(ctx, gone.Kind, gone.ID); err == nil && !f.Deleted {
		t.Error("the deletion was not written")
	}
	// Restore it, with an invalid record in the same change: nothing is written.
	bad := gis.NewFeature(gis.Lamp, nil)
	if err := x.Apply(ctx, "tester", Change{Insert: []*gis.Feature{bad}, Restore: []Ref{{gone.Kind, gone.ID}}}); err == nil {
		t.Fatal("an invalid lamp was inserted")
	}
	if f, err := s.Get(ctx, gone.Kind, gone.ID); err == nil && !f.Deleted {
		t.Error("the restoration of a failed change was kept")
	}
}

// Search looks in streets first and stops at the limit.
func TestSearch(t *testing.T) {
	ctx := t.Context()
	s := open(t, copyDemo(t))
	fs, err := Search(ctx, s, "tran thanh ngo", 5)
	if err != nil || len(fs) == 0 || len(fs) > 5 || fs[0].Kind != gis.Street {
		t.Fatalf("%d found, %v", len(fs), err)
	}
	if fs, _ := Search(ctx, s, "", 3); len(fs) != 3 {
		t.Errorf("an empty search with limit 3: %d", len(fs))
	}
}
