package render

import (
	"image/color"
	"testing"
)

func TestBlendLanes(t *testing.T) {
	for _, c := range []color.RGBA{{10, 200, 30, 255}, rgba(60, 150, 60, 150), rgba(200, 10, 90, 28), {0, 0, 0, 0}} {
		for a := 0; a < 256; a += 5 {
			for _, dv := range [][4]uint8{{242, 239, 233, 255}, {0, 0, 0, 0}, {255, 255, 255, 255}, {30, 60, 90, 120}} {
				d := dv[:]
				d2 := append([]uint8(nil), d...)
				blendRun(d2, []uint8{uint8(a)}, 0, 1, 0, 0, paint{c: c})
				m := uint32(a)
				sa := uint32(c.A) * m / 255
				k := 255 - sa
				want := []uint8{uint8((uint32(c.R)*m + uint32(d[0])*k) / 255), uint8((uint32(c.G)*m + uint32(d[1])*k) / 255), uint8((uint32(c.B)*m + uint32(d[2])*k) / 255), uint8(sa + uint32(d[3])*k/255)}
				if a == 0 {
					want = d
				}
				for i := range want {
					if diff := int(want[i]) - int(d2[i]); diff > 1 || diff < -1 {
						t.Fatalf("c %v a %d d %v: got %v want %v", c, a, d, d2, want)
					}
				}
			}
		}
	}
}
