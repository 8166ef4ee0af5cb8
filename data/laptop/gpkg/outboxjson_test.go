package gpkg

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// The outbox's hand-made JSON against encoding/json, the referee: the same
// bytes for every kind's fields, every geometry type and the awkward
// strings and numbers.

var awkwardStrings = []string{
	"", "Lê Lợi", "a\"b\\c", "<script>&amp;", "tab\there\nnew\rline", "\x00\x01\x1f\x7f",
	"\u2028\u2029", "bad \xff\xfe utf-8", "\xe2\x82", "Ngõ 12/3 – đường Trần Nhân Tông", "😀 emoji",
}

var awkwardFloats = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.1, 106.6234567, 20.81234, 1e-7, 1e-6, 9.99999e-7, 123456789012345678901.0,
	1e21, 1e20, -1e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, 24.13, 78.74,
}

func sameAsJSON(t *testing.T, what string, got []byte, err error, v any) {
	t.Helper()
	want, werr := json.Marshal(v)
	if (err != nil) != (werr != nil) {
		t.Fatalf("%s: error %v, encoding/json %v", what, err, werr)
	}
	if err == nil && !bytes.Equal(got, want) {
		t.Fatalf("%s:\n got %s\nwant %s", what, got, want)
	}
}

func TestOutboxJSONMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pt := func() orb.Point { return orb.Point{106.6 + rng.Float64()*0.1, 20.8 + rng.Float64()*0.05} }
	geoms := []orb.Geometry{
		pt(), orb.LineString{pt(), pt(), pt()}, orb.Polygon{{pt(), pt(), pt(), pt()}},
		orb.MultiPoint{pt(), pt()}, orb.MultiLineString{{pt(), pt()}, {pt(), pt()}},
		orb.MultiPolygon{{{pt(), pt(), pt()}}, {{pt(), pt(), pt()}, {pt(), pt(), pt()}}},
		orb.Point{1e-7, -1e22}, orb.LineString{}, orb.Polygon{{}},
	}
	for _, k := range gis.Kinds() {
		sc := gis.MustLookup(k)
		for i := 0; i < 40; i++ {
			f := &gis.Feature{Kind: k, ID: gis.NewID(), Attrs: map[string]any{}}
			if sc.Spatial() {
				f.Geom = geoms[rng.IntN(len(geoms))]
			}
			for _, fd := range sc.Fields {
				if rng.IntN(4) == 0 {
					continue // unset
				}
				switch fd.Type {
				case gis.Int:
					f.Attrs[fd.Name] = rng.Int64N(1<<40) - 1<<39
				case gis.Real:
					f.Attrs[fd.Name] = awkwardFloats[rng.IntN(len(awkwardFloats))] * float64(1-2*rng.IntN(2))
				case gis.Bool:
					f.Attrs[fd.Name] = rng.IntN(2) == 0
				case gis.DateType:
					f.Attrs[fd.Name] = gis.DateOf(time.Date(2020+rng.IntN(6), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC))
				case gis.TimeType:
					f.Attrs[fd.Name] = time.Unix(1.7e9+rng.Int64N(1e8), rng.Int64N(1e9))
				default:
					f.Attrs[fd.Name] = awkwardStrings[rng.IntN(len(awkwardStrings))]
				}
			}
			fields := wire.Changed(sc, f, nil)
			got, err := appendInsertFields(nil, sc, f, fieldOrderOf(sc))
			sameAsJSON(t, string(k)+" insert", got, err, fields)
			got, err = appendFields(nil, fields)
			sameAsJSON(t, string(k)+" map", got, err, fields)
		}
	}
	// Values json.Marshal refuses or that appendValue hands back to it.
	for _, v := range []any{math.NaN(), math.Inf(1), []string{"a", "<b>"}, map[string]any{"x": 1}, orb.Collection{orb.Point{1, 2}}, orb.LineString(nil)} {
		fields := map[string]any{"v": v}
		got, err := appendFields(nil, fields)
		var gv any = fields
		if g, ok := v.(orb.Geometry); ok {
			gv = map[string]any{"v": geojsonGeometry(g)}
		}
		sameAsJSON(t, "fallback", got, err, gv)
	}
}

func FuzzOutboxJSON(f *testing.F) {
	for i, s := range awkwardStrings {
		f.Add(s, awkwardFloats[i%len(awkwardFloats)])
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		fields := map[string]any{s: x, "s": s, "p": orb.Point{x, -x}}
		got, err := appendFields(nil, fields)
		want := map[string]any{s: x, "s": s, "p": geojsonGeometry(orb.Point{x, -x})}
		sameAsJSON(t, "fuzz", got, err, want)
	})
}
