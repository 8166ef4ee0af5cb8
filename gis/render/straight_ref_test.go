package render

import (
	"image"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
	"wardmap/gis/demo"
	"wardmap/gis/tile"
)

// straightRunsRef is the first straightRuns, which tests each longer chord
// against every vertex before it, kept as the referee of the cone that
// spares most of those tests.
func straightRunsRef(ls orb.LineString, min float64) [][2]orb.Point {
	var runs [][2]orb.Point
	for i := 0; i+1 < len(ls); {
		j := i + 1
		for j+1 < len(ls) && nearChordRef(ls[i:j+2]) {
			j++
		}
		if planar.Distance(ls[i], ls[j]) >= min {
			runs = append(runs, [2]orb.Point{ls[i], ls[j]})
		}
		i = j
	}
	return runs
}

// nearChordRef is the first nearChord, word for word.
func nearChordRef(ls orb.LineString) bool {
	a, b := ls[0], ls[len(ls)-1]
	dx, dy := b[0]-a[0], b[1]-a[1]
	l := math.Hypot(dx, dy)
	if l == 0 {
		return false
	}
	along := -1.0
	for _, p := range ls[1 : len(ls)-1] {
		px, py := p[0]-a[0], p[1]-a[1]
		if math.Abs(px*dy-py*dx)/l > maxBend {
			return false
		}
		t := (px*dx + py*dy) / l
		if t < along || t > l {
			return false
		}
		along = t
	}
	return true
}

// sameRuns fails unless straightRuns finds exactly the referee's runs in
// ls, and returns how many it found.
func sameRuns(t *testing.T, name string, ls orb.LineString) int {
	t.Helper()
	for _, min := range []float64{0, 40, 120} {
		want := straightRunsRef(ls, min)
		for _, from := range []int{1, 2, 7, coneFrom} { // from 1: the cone decides every chord
			if got := straightRunsFrom(ls, min, from); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, runs of %v px, cone from %d vertices: %v, want %v\nline %v", name, min, from, got, want, ls)
			}
		}
	}
	return len(straightRunsRef(ls, 0))
}

// The runs are the referee's on the lines labels are set along: the demo
// ward's streets as a frame projects them (a segment each, and chained end
// to end by name) at the window sizes and zooms people use, moved by
// fractions of a pixel.
func TestStraightRunsMatchReferenceOnDemo(t *testing.T) {
	w := demo.Generate()
	r := New(NewSliceSource(w.Features))
	if err := r.init(); err != nil {
		t.Fatal(err)
	}
	streets := w.ByKind(gis.Street)
	lines, runs := 0, 0
	for _, sz := range [][2]int{{1024, 700}, {1920, 1080}} {
		fit := tile.FitBound(w.Bounds, sz[0], sz[1])
		for _, z := range []float64{fit.Zoom, 14, 15, 16, 17, 18} {
			for _, shift := range []float64{0, 0.31, 17.7} {
				v := fit
				v.Zoom = z
				deg := 360 / (256 * math.Exp2(z))
				v.Center[0] += shift * deg
				v.Center[1] -= shift * deg / 3
				r.arena.reset()
				f := r.newFrame(image.NewRGBA(image.Rect(0, 0, sz[0], sz[1])), v, &Stats{})
				var ps []projected
				for _, s := range streets {
					if parts := f.toPixels(s.Geom.(orb.LineString), false); len(parts) > 0 {
						ps = append(ps, projected{f: s, parts: parts})
					}
				}
				for _, set := range [][]projected{ps, r.chains.chain(ps, &r.arena)} {
					for _, p := range set {
						for _, part := range p.parts {
							runs += sameRuns(t, p.name, part)
							lines++
						}
					}
				}
			}
		}
	}
	t.Logf("%d lines, %d runs", lines, runs)
	if runs < 1000 {
		t.Fatalf("only %d runs compared", runs)
	}
}

// ... and on lines made to sit on the edges of nearChord's tests: vertices
// exactly maxBend from the chord, exactly a pixel behind the start or at
// the chord's end, repeated, a hair apart, nearly maxBend from the start,
// turning back; on whole and on fractional pixels.
func TestStraightRunsMatchReferenceOnEdges(t *testing.T) {
	fixed := []orb.LineString{
		{{0, 0}, {5, 3}, {10, 0}},
		{{0, 0}, {5, -3}, {10, 0}, {15, 3}, {20, 0}},
		{{0, 0}, {-1, 0}, {10, 0}, {20, 0}},
		{{0, 0}, {-1.0000001, 0}, {10, 0}},
		{{0, 0}, {10, 0}, {10, 0}, {20, 0}, {20, 0}},
		{{0, 0}, {10, 0}, {10, 1e-13}, {20, 0}},
		{{0, 0}, {3, 0}, {2.9999999, 0.0001}, {40, 0}},
		{{0, 0}, {3, 0.0000001}, {40, 0}, {80, 3}},
		{{0, 0}, {40, 0}, {30, 0}, {80, 0}},
		{{0, 0}, {40, 0}, {40, 0}, {40, 0}},
		{{5, 5}, {5, 5}, {5, 5}},
		{{0, 0}, {0.2, 0.1}, {50, 0}, {100, 2.9}},
		{{100, 100}, {100, 100}, {200, 100}},
	}
	for i, ls := range fixed {
		sameRuns(t, "fixed "+string(rune('a'+i)), ls)
	}
	rnd := rand.New(rand.NewPCG(12, 2026))
	for n := 0; n < 3000; n++ {
		ls := orb.LineString{{rnd.Float64() * 1000, rnd.Float64() * 1000}}
		ang := rnd.Float64() * 2 * math.Pi
		wiggle := []float64{0, 0.01, 0.05, 0.2, 1}[n%5]
		whole := n%3 == 0
		for k := 0; k < 5+rnd.IntN(300); k++ {
			ang += wiggle * (rnd.Float64() - 0.5)
			step := []float64{0.5, 3, 15, 60}[rnd.IntN(4)] * rnd.Float64()
			p := ls[len(ls)-1]
			q := orb.Point{p[0] + step*math.Cos(ang), p[1] + step*math.Sin(ang)}
			switch rnd.IntN(40) {
			case 0:
				q = p // repeated
			case 1:
				q = orb.Point{p[0] - step*math.Cos(ang), p[1] - step*math.Sin(ang)} // back
			case 2: // exactly maxBend off the chord from the line's start
				a := ls[0]
				dx, dy := q[0]-a[0], q[1]-a[1]
				l := math.Hypot(dx, dy)
				if l > 0 {
					q = orb.Point{q[0] - dy/l*maxBend, q[1] + dx/l*maxBend}
				}
			}
			if whole {
				q = orb.Point{math.Round(q[0]), math.Round(q[1])}
			}
			ls = append(ls, q)
		}
		sameRuns(t, "random", ls)
	}
}

// The cone is what makes runs cheap: along a long street that is nearly
// straight it settles nearly every chord without looking back.
func TestChordConeSettlesStraightStreets(t *testing.T) {
	var ls orb.LineString
	for x := 0.0; x <= 1500; x += 5 {
		ls = append(ls, orb.Point{x, 300 + 1.5*math.Sin(x/90) + 0.3*x/10})
	}
	var c chordCone
	c.start(ls[0])
	held := 0
	for j := 1; j+1 < len(ls); j++ {
		c.pass(ls[j])
		if c.holds(ls[j], ls[j+1]) {
			held++
		} else if nearChord(ls[:j+2]) {
			t.Fatalf("chord to vertex %d of a straight street left to nearChord", j+1)
		}
	}
	if runs := straightRuns(ls, 0); len(runs) != 1 || held != len(ls)-2 {
		t.Fatalf("%d runs, %d of %d chords settled by the cone", len(runs), held, len(ls)-2)
	}
}

// BenchmarkStraightRuns finds the straight runs of the demo ward's main
// and secondary streets chained at ward fit (1024x700), and of a street
// 1,500 px long drawn with 5 px segments (a long straight OSM way at
// street scale), with the referee as the peer: "cone" should cost about
// what "ref" does on the first and far less on the second.
func BenchmarkStraightRuns(b *testing.B) {
	w := demo.Generate()
	r := New(NewSliceSource(w.Features))
	if err := r.init(); err != nil {
		b.Fatal(err)
	}
	v := tile.FitBound(w.Bounds, 1024, 700)
	f := r.newFrame(image.NewRGBA(image.Rect(0, 0, 1024, 700)), v, &Stats{})
	var ps []projected
	for _, s := range w.ByKind(gis.Street) {
		if parts := f.toPixels(s.Geom.(orb.LineString), false); len(parts) > 0 && s.Text("class") != "alley" {
			ps = append(ps, projected{f: s, parts: parts})
		}
	}
	var long orb.LineString
	for x := 0.0; x <= 1500; x += 5 {
		long = append(long, orb.Point{x, 300 + 1.5*math.Sin(x/90) + 0.03*x})
	}
	for _, in := range []struct {
		name  string
		lines []orb.LineString
	}{
		{"demo-ward", func() (ls []orb.LineString) {
			for _, p := range r.chains.chain(ps, &r.arena) {
				ls = append(ls, p.parts...)
			}
			return ls
		}()},
		{"long-street", []orb.LineString{long}},
	} {
		for _, fn := range []struct {
			name string
			runs func(orb.LineString, float64) [][2]orb.Point
		}{{"ref", straightRunsRef}, {"cone", straightRuns}} {
			b.Run(in.name+"/"+fn.name, func(b *testing.B) {
				for b.Loop() {
					for _, l := range in.lines {
						fn.runs(l, 60)
					}
				}
			})
		}
	}
}
