package ward

import (
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/data/server"
	"wardmap/data/sync/remote"
	"wardmap/gis"
)

// Two laptops set the same lamp's status and move it; the second's sync
// meets both conflicts. Their values read as a form holds them, a typed
// value is checked against the field, a bad one refused, and the edit is
// what the next sync sends.
func TestResolveConflict(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	svc, ts := realServer(t, dir)
	laptop := func(name string) (*gpkg.Store, *remote.Client) {
		if _, err := svc.AddUser(ctx, "kien-an", name, server.Inspector, "", "mật-khẩu-"+name); err != nil {
			t.Fatal(err)
		}
		c := remote.NewClient(ts.URL, "")
		if _, err := c.Login(ctx, name, "mật-khẩu-"+name); err != nil {
			t.Fatal(err)
		}
		s, err := gpkg.Open(ctx, filepath.Join(dir, name+".gpkg"), gpkg.Options{Create: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, c
	}
	sync := func(s *gpkg.Store, c *remote.Client) remote.Summary {
		sum, err := remote.Sync(ctx, s, c, remote.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	a, ca := laptop("an")
	b, cb := laptop("binh")
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.631, 20.811})
	lamp.Attrs["pole_code"], lamp.Attrs["status"] = "KA-0001", "working"
	if err := a.Insert(ctx, "an", lamp); err != nil {
		t.Fatal(err)
	}
	sync(a, ca)
	sync(b, cb)
	for _, e := range []struct {
		s      *gpkg.Store
		user   string
		status string
		at     orb.Point
	}{{a, "an", "broken", orb.Point{106.632, 20.811}}, {b, "binh", "missing", orb.Point{106.633, 20.811}}} {
		f, _ := e.s.Get(ctx, gis.Lamp, lamp.ID)
		f.Attrs["status"], f.Geom = e.status, e.at
		if err := e.s.Save(ctx, e.user, f); err != nil {
			t.Fatal(err)
		}
	}
	sync(a, ca)
	if sum := sync(b, cb); sum.Conflicts != 2 {
		t.Fatalf("second sync: %+v", sum)
	}
	cs, err := Conflicts(ctx, b)
	if err != nil || len(cs) != 2 {
		t.Fatalf("conflicts: %+v %v", cs, err)
	}
	var status, geom Conflict
	for _, c := range cs {
		switch c.Field {
		case "status":
			status = c
		case "geom":
			geom = c
		}
	}
	if status.MineValue != "missing" || status.TheirsValue != "broken" {
		t.Errorf("status: mine %v theirs %v", status.MineValue, status.TheirsValue)
	}
	if p, ok := geom.TheirsValue.(orb.Point); !ok || p != (orb.Point{106.632, 20.811}) {
		t.Errorf("geom theirs %v", geom.TheirsValue)
	}
	// The laptop holds the server's value until the conflict is settled.
	if status.Record == nil || status.Record.ID != lamp.ID || status.Record.Text("status") != "broken" {
		t.Errorf("the local record: %+v", status.Record)
	}
	if err := ResolveConflict(ctx, b, "binh", status.ID, gpkg.Edit, "no-such-status"); err == nil {
		t.Error("a status not in the list was taken")
	}
	for _, c := range []struct{ id, text, code string }{{geom.ID, "not json", gis.EINVALID}, {"nope", "x", gis.ENOTFOUND}} {
		if err := ResolveConflict(ctx, b, "binh", c.id, gpkg.Edit, c.text); gis.ErrorCode(err) != c.code {
			t.Errorf("edit %s to %q: %v, want %s", c.id, c.text, err, c.code)
		}
	}
	if err := ResolveConflict(ctx, b, "binh", status.ID, gpkg.Edit, "working"); err != nil {
		t.Fatal(err)
	}
	if err := ResolveConflict(ctx, b, "binh", geom.ID, gpkg.Theirs, ""); err != nil {
		t.Fatal(err)
	}
	sync(b, cb)
	sync(a, ca)
	for _, s := range []*gpkg.Store{a, b} {
		f, _ := s.Get(ctx, gis.Lamp, lamp.ID)
		if f.Text("status") != "working" || f.Geom.(orb.Point) != (orb.Point{106.632, 20.811}) {
			t.Errorf("after resolving: %s at %v", f.Text("status"), f.Geom)
		}
	}
}
