package crs_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/crs"
	"wardmap/gis/gistest"
)

// TestTableSweep checks a fixed sample of the generated EPSG table (every
// 60th projected code) against cs2cs over each CRS's area of use, twice:
// from its own geographic CRS (no datum shift: the projection, its
// parameters, units and axes must agree to 1 mm) and from WGS 84 (the
// shift too, chosen per point among PROJ's candidates, to 1 mm unless
// ShiftNote says it is of a kind not implemented; those are logged). It would catch a DMS angle misread, a wrong
// unit or a lost shift in gen_epsg.go.
func TestTableSweep(t *testing.T) {
	gistest.Referee(t, "cs2cs", "proj-bin")
	wgs := mustLookup(t, "4326")
	var codes []int
	for _, c := range crs.EPSGCodes() {
		if k, _ := crs.ByCode(c); !k.IsGeographic() {
			codes = append(codes, c)
		}
	}
	checked, skipped := 0, 0
	for i := 0; i < len(codes); i += 60 {
		code := codes[i]
		c, _ := crs.ByCode(code)
		out, err := exec.Command("projinfo", fmt.Sprintf("EPSG:%d", code), "-o", "PROJJSON", "-q").Output()
		if err != nil {
			t.Fatalf("projinfo EPSG:%d: %v", code, err)
		}
		var pj struct {
			Base struct {
				ID struct{ Code int }
			} `json:"base_crs"`
			CS struct {
				Axis []struct{ Direction string }
			} `json:"coordinate_system"`
			BBox struct {
				S float64 `json:"south_latitude"`
				W float64 `json:"west_longitude"`
				N float64 `json:"north_latitude"`
				E float64 `json:"east_longitude"`
			} `json:"bbox"`
		}
		if err := json.Unmarshal(out, &pj); err != nil || len(pj.CS.Axis) != 2 {
			t.Fatalf("EPSG:%d: PROJJSON: %v", code, err)
		}
		northFirst := pj.CS.Axis[0].Direction == "north"
		e := pj.BBox.E
		if e < pj.BBox.W {
			e += 360
		}
		lon := math.Remainder((pj.BBox.W+e)/2, 360)
		lat := (pj.BBox.S + pj.BBox.N) / 2
		dlon, dlat := (e-pj.BBox.W)/10, (pj.BBox.N-pj.BBox.S)/10
		var pts []orb.Point
		for _, f := range [][2]float64{{0, 0}, {-1, -1}, {1, 1}, {-1, 1}, {1, -1}} {
			pts = append(pts, orb.Point{lon + f[0]*dlon, lat + f[1]*dlat})
		}
		base, err := crs.ByCode(pj.Base.ID.Code)
		if err != nil {
			t.Fatalf("EPSG:%d's base: %v", code, err)
		}
		if d := sweepWorst(t, base, c, pts, northFirst); d > 1e-3 {
			t.Errorf("%v (%s) from its base %v: %.3g m from cs2cs at (%.4f, %.4f)", c, c.Method(), base, d, lon, lat)
		}
		worst := sweepWorst(t, wgs, c, pts, northFirst)
		checked++
		if worst > 1e-3 {
			if c.ShiftNote() != "" {
				skipped++
				t.Logf("%v from WGS 84: %.3g m from cs2cs (%s)", c, worst, c.ShiftNote())
				continue
			}
			t.Errorf("%v (%s) from WGS 84: %.3g m from cs2cs at (%.4f, %.4f)", c, c.Method(), worst, lon, lat)
		}
	}
	t.Logf("%d codes checked against cs2cs, %d with a datum note", checked, skipped)
}

// sweepWorst converts pts (lon, lat in from) to c with us and with cs2cs
// and returns the worst distance in metres.
func sweepWorst(t *testing.T, from, c *crs.CRS, pts []orb.Point, northFirst bool) float64 {
	want := cs2csDef(t, fmt.Sprintf("EPSG:%d", from.Code), fmt.Sprintf("EPSG:%d", c.Code), pts, false)
	tr, _ := crs.NewTransform(from, c)
	worst := 0.0
	for j, p := range pts {
		x, y, err := tr.Forward(p[0], p[1])
		if err != nil {
			t.Errorf("%v at %v: %v", c, p, err)
			continue
		}
		wx, wy := want[j][0], want[j][1]
		if northFirst {
			wx, wy = wy, wx
		}
		worst = max(worst, math.Hypot(x-wx, y-wy)*c.Unit())
	}
	return worst
}
