package demo_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
	"wardmap/gis/demo"
)

// ward is generated once: every test reads it and none changes it.
var ward = demo.Generate()

func TestCounts(t *testing.T) {
	cases := []struct {
		kind     gis.Kind
		min, max int
	}{
		{gis.Street, 400, 900},
		{gis.TDP, 12, 12},
		{gis.Tree, 1800, 2300},
		{gis.Lamp, 650, 950},
		{gis.Plate, 2000, 4000},
		{gis.AlleySign, 100, 400},
		{gis.Drain, 250, 350},
		{gis.FloodPoint, 8, 12},
		{gis.Plot, 5, 8},
		{gis.Violation, 50, 70},
		{gis.Report, 70, 90},
		{gis.Inspection, 1500, 2200},
		{gis.Attachment, 0, 0},
	}
	for _, c := range cases {
		t.Run(string(c.kind), func(t *testing.T) {
			if n := len(ward.ByKind(c.kind)); n < c.min || n > c.max {
				t.Errorf("%d %s features, want %d to %d", n, c.kind, c.min, c.max)
			}
		})
	}
}

func TestEveryFeatureValidates(t *testing.T) {
	ids := map[string]bool{}
	for _, f := range ward.Features {
		if err := gis.Validate(f); err != nil {
			t.Errorf("%s %s: %v", f.Kind, f.ID, err)
		}
		if ids[f.ID] {
			t.Errorf("ID %s used twice", f.ID)
		}
		ids[f.ID] = true
		if f.CreatedBy != "demo" || f.CreatedAt.IsZero() {
			t.Errorf("%s %s: meta %+v, want created by demo", f.Kind, f.ID, f.Meta)
		}
	}
}

func TestDeterministic(t *testing.T) {
	again := demo.Generate()
	if !reflect.DeepEqual(ward, again) {
		t.Fatal("two calls to Generate differ")
	}
	if a, b := digest(ward), digest(again); a != b {
		t.Errorf("dump digests differ: %s and %s", a, b)
	}
}

// digest is the SHA-256 of a canonical text dump: each feature's ID, kind,
// WKT and attributes in name order, formatted by the schema.
func digest(w *demo.Ward) string {
	h := sha256.New()
	for _, f := range w.Features {
		geom := "-"
		if f.Geom != nil {
			geom = wkt.MarshalString(f.Geom)
		}
		fmt.Fprintf(h, "%s %s %s %s\n", f.ID, f.Kind, geom, f.CreatedAt)
		names := make([]string, 0, len(f.Attrs))
		for name := range f.Attrs {
			names = append(names, name)
		}
		sort.Strings(names)
		s := f.Schema()
		for _, name := range names {
			fd, _ := s.Field(name)
			fmt.Fprintf(h, "  %s=%s\n", name, fd.Format(f.Attrs[name]))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestInsideOutline(t *testing.T) {
	area := math.Abs(geo.Area(ward.Outline)) / 1e6
	if area < 10 || area > 12.5 {
		t.Errorf("outline area %.2f km², want about 11", area)
	}
	if !planar.PolygonContains(ward.Outline, ward.Office) {
		t.Errorf("office %v is outside the outline", ward.Office)
	}
	box := orb.Bound{Min: orb.Point{106.622, 20.800}, Max: orb.Point{106.668, 20.840}}
	if !box.Contains(ward.Bounds.Min) || !box.Contains(ward.Bounds.Max) {
		t.Errorf("bounds %v outside the demo area %v", ward.Bounds, box)
	}
	for _, f := range ward.Features {
		for _, p := range vertices(f.Geom) {
			if !ward.Bounds.Contains(p) || !planar.PolygonContains(ward.Outline, p) {
				t.Errorf("%s %s: vertex %v outside the ward", f.Kind, f.ID, p)
				break
			}
		}
	}
}

func vertices(g orb.Geometry) []orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return []orb.Point{g}
	case orb.LineString:
		return g
	case orb.Polygon:
		return g[0]
	}
	return nil
}

func TestStreetGraph(t *testing.T) {
	streets := ward.ByKind(gis.Street)
	at := map[int64]orb.Point{}   // node → its point
	node := map[orb.Point]int64{} // point → its node
	next := map[int64][]int64{}   // adjacency
	for _, s := range streets {
		ls := s.Geom.(orb.LineString)
		from, _ := s.Float("from_node")
		to, _ := s.Float("to_node")
		for _, end := range []struct {
			id int64
			p  orb.Point
		}{{int64(from), ls[0]}, {int64(to), ls[len(ls)-1]}} {
			if p, ok := at[end.id]; ok && p != end.p {
				t.Errorf("node %d is at %v and at %v: ends not shared bit for bit", end.id, p, end.p)
			}
			if id, ok := node[end.p]; ok && id != end.id {
				t.Errorf("point %v is node %d and node %d", end.p, id, end.id)
			}
			at[end.id], node[end.p] = end.p, end.id
		}
		next[int64(from)] = append(next[int64(from)], int64(to))
		next[int64(to)] = append(next[int64(to)], int64(from))
	}
	seen := map[int64]bool{}
	queue := []int64{1}
	seen[1] = true
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range next[n] {
			if !seen[m] {
				seen[m] = true
				queue = append(queue, m)
			}
		}
	}
	if len(seen) != len(at) {
		t.Errorf("BFS from node 1 reaches %d of %d nodes: the network is not connected", len(seen), len(at))
	}
	junctions := 0
	for _, adj := range next {
		if len(adj) >= 3 {
			junctions++
		}
	}
	if junctions < 200 {
		t.Errorf("%d junctions, want a network with hundreds", junctions)
	}
}

func TestStreetAttributes(t *testing.T) {
	count := map[string]int{}
	for _, s := range ward.ByKind(gis.Street) {
		c := s.Text("class")
		count[c]++
		count["oneway "+s.Text("oneway")]++
		if c == "main" {
			if s.Bool("key_route") {
				count["key"]++
			}
			if s.Bool("lit") {
				count["main lit"]++
			}
			if !strings.HasSuffix(s.Text("name_en"), " Street") {
				t.Errorf("main street %q has English name %q", s.Text("name"), s.Text("name_en"))
			}
		}
		if c == "alley" && !strings.HasPrefix(s.Text("name"), "Ngõ ") {
			t.Errorf("alley named %q", s.Text("name"))
		}
		if l, _ := s.Float("length_m"); l <= 0 {
			t.Errorf("segment %s has length %v", s.ID, l)
		}
	}
	for _, want := range []string{"main", "secondary", "alley", "key", "oneway forward", "oneway backward"} {
		if count[want] == 0 {
			t.Errorf("no %s street segments (%v)", want, count)
		}
	}
	if count["main lit"] < count["main"]*8/10 || count["main lit"] == count["main"] {
		t.Errorf("%d of %d main segments lit, want most but not all", count["main lit"], count["main"])
	}
}

func TestReferencesResolve(t *testing.T) {
	byID := map[string]*gis.Feature{}
	for _, f := range ward.Features {
		byID[f.ID] = f
	}
	refs := []struct {
		kind  gis.Kind
		field string
		to    func(f *gis.Feature) gis.Kind
		min   int // how many features must use the reference
	}{
		{gis.Tree, "plot_id", func(*gis.Feature) gis.Kind { return gis.Plot }, 20},
		{gis.Violation, "street_id", func(*gis.Feature) gis.Kind { return gis.Street }, 50},
		{gis.Violation, "report_id", func(*gis.Feature) gis.Kind { return gis.Report }, 1},
		{gis.Report, "duplicate_of", func(*gis.Feature) gis.Kind { return gis.Report }, 1},
		{gis.Inspection, "target_id", func(f *gis.Feature) gis.Kind { return gis.Kind(f.Text("target_kind")) }, 180},
		{gis.Inspection, "violation_id", func(*gis.Feature) gis.Kind { return gis.Violation }, 1},
	}
	for _, r := range refs {
		t.Run(string(r.kind)+"."+r.field, func(t *testing.T) {
			used := 0
			for _, f := range ward.ByKind(r.kind) {
				id := f.Text(r.field)
				if id == "" {
					continue
				}
				used++
				if target, ok := byID[id]; !ok || target.Kind != r.to(f) {
					t.Errorf("%s %s: %s %s does not name a %s", r.kind, f.ID, r.field, id, r.to(f))
				}
			}
			if used < r.min {
				t.Errorf("%d references, want at least %d", used, r.min)
			}
		})
	}
}

func TestTDPsTileWithoutOverlap(t *testing.T) {
	tdps := ward.ByKind(gis.TDP)
	var pop int64
	for _, f := range tdps {
		p, _ := f.Float("population")
		pop += int64(p)
	}
	if pop < 8000 || pop > 12000 {
		t.Errorf("population %d, want 8,000 to 12,000", pop)
	}
	inWard, covered := 0, 0
	b := ward.Bounds
	for i := 0; i < 120; i++ {
		for j := 0; j < 120; j++ {
			p := orb.Point{b.Min[0] + (float64(i)+0.5)/120*(b.Max[0]-b.Min[0]), b.Min[1] + (float64(j)+0.5)/120*(b.Max[1]-b.Min[1])}
			n := 0
			for _, f := range tdps {
				if planar.PolygonContains(f.Geom.(orb.Polygon), p) {
					n++
				}
			}
			if n > 1 {
				t.Errorf("point %v lies in %d residential groups", p, n)
			}
			if planar.PolygonContains(ward.Outline, p) {
				inWard++
				covered += n
			}
		}
	}
	if share := float64(covered) / float64(inWard); share < 0.9 {
		t.Errorf("residential groups cover %.0f%% of the ward, want most", 100*share)
	}
}

func TestVietnameseNames(t *testing.T) {
	fields := []struct {
		kind  gis.Kind
		field string
	}{
		{gis.Street, "name"}, {gis.TDP, "name"}, {gis.TDP, "head"}, {gis.Tree, "species_vi"},
		{gis.Report, "reporter_name"}, {gis.Report, "text"}, {gis.Violation, "description"},
		{gis.FloodPoint, "name"}, {gis.Plot, "name"}, {gis.Inspection, "inspector"},
	}
	for _, c := range fields {
		t.Run(string(c.kind)+"."+c.field, func(t *testing.T) {
			for _, f := range ward.ByKind(c.kind) {
				if s := f.Text(c.field); gis.FoldASCII(s) == s {
					t.Errorf("%s %s: %s %q has no diacritics", c.kind, f.ID, c.field, s)
				}
			}
		})
	}
}

func TestEveryStatusOccurs(t *testing.T) {
	cases := []struct {
		kind  gis.Kind
		field string
	}{
		{gis.Report, "status"}, {gis.Report, "channel"}, {gis.Violation, "status"}, {gis.Plot, "status"},
		{gis.Lamp, "status"}, {gis.Plate, "status"}, {gis.AlleySign, "status"}, {gis.Drain, "status"},
		{gis.Tree, "condition"}, {gis.Inspection, "result"},
	}
	for _, c := range cases {
		t.Run(string(c.kind)+"."+c.field, func(t *testing.T) {
			fd, _ := gis.MustLookup(c.kind).Field(c.field)
			seen := map[string]bool{}
			for _, f := range ward.ByKind(c.kind) {
				seen[f.Text(c.field)] = true
			}
			for _, o := range fd.Options {
				if !seen[o.Value] {
					t.Errorf("no %s with %s %q", c.kind, c.field, o.Value)
				}
			}
		})
	}
}

func TestShares(t *testing.T) {
	share := func(k gis.Kind, keep func(f *gis.Feature) bool) float64 {
		fs := ward.ByKind(k)
		n := 0
		for _, f := range fs {
			if keep(f) {
				n++
			}
		}
		return float64(n) / float64(len(fs))
	}
	cases := []struct {
		name     string
		got      float64
		min, max float64
	}{
		{"broken lamps", share(gis.Lamp, func(f *gis.Feature) bool { return f.Text("status") == "broken" }), 0.03, 0.09},
		{"missing lamps", share(gis.Lamp, func(f *gis.Feature) bool { return f.Text("status") == "missing" }), 0.002, 0.03},
		{"LED lamps", share(gis.Lamp, func(f *gis.Feature) bool { return f.Text("lamp_type") == "led" }), 0.6, 0.9},
		{"trees planted in 2026", share(gis.Tree, func(f *gis.Feature) bool { d, _ := f.Date("planted_on"); return d.Year == 2026 }), 0.1, 0.25},
		{"trees in good condition", share(gis.Tree, func(f *gis.Feature) bool { return f.Text("condition") == "good" }), 0.55, 0.8},
		{"installed plates", share(gis.Plate, func(f *gis.Feature) bool { return f.Text("status") == "installed" }), 0.75, 0.95},
		{"flood-prone drains", share(gis.Drain, func(f *gis.Feature) bool { return f.Bool("flood_prone") }), 0.03, 0.4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got < c.min || c.got > c.max {
				t.Errorf("share %.3f, want %.3f to %.3f", c.got, c.min, c.max)
			}
		})
	}
}

func TestAddressesUnique(t *testing.T) {
	seen := map[string]bool{}
	odd, even := 0, 0
	for _, f := range ward.ByKind(gis.Plate) {
		a := f.Text("address")
		if seen[a] {
			t.Errorf("address %q has two plates", a)
		}
		seen[a] = true
		var n int
		fmt.Sscan(f.Text("number"), &n)
		if n%2 == 1 {
			odd++
		} else {
			even++
		}
	}
	if odd < len(seen)/3 || even < len(seen)/3 {
		t.Errorf("%d odd and %d even numbers, want both sides of the streets", odd, even)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		demo.Generate()
	}
}
