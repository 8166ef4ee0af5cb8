package tile

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestParseView(t *testing.T) {
	for _, c := range []struct {
		in   string
		want View
		ok   bool
	}{
		{"106.6265,20.8085,17", View{Center: kienAn, Zoom: 17}, true},
		{" 106.6265 , 20.8085 , 17.5 ", View{Center: kienAn, Zoom: 17.5}, true},
		{"-180,-85,0", View{Center: orb.Point{-180, -85}, Zoom: MinZoom}, true},
		{"180,85,22", View{Center: orb.Point{180, 85}, Zoom: MaxZoom}, true},
		{"", View{}, false},
		{"106.6,20.8", View{}, false},
		{"106.6,20.8,17,1", View{}, false},
		{"x,20.8,17", View{}, false},
		{"NaN,20.8,17", View{}, false},
		{"106.6,Inf,17", View{}, false},
		{"180.1,20.8,17", View{}, false},
		{"106.6,85.1,17", View{}, false},
		{"106.6,20.8,-1", View{}, false},
		{"106.6,20.8,22.5", View{}, false},
	} {
		v, err := ParseView(c.in)
		if (err == nil) != c.ok || v != c.want {
			t.Errorf("ParseView(%q) = %+v, %v", c.in, v, err)
		}
	}
}

// Whatever the text, ParseView either refuses it or gives a view the map
// can show.
func FuzzParseView(f *testing.F) {
	for _, s := range []string{"106.6265,20.8085,17", "0,0,0", "1e308,1,1", ",,", "-0,-0,22"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseView(s)
		if err != nil {
			return
		}
		if math.Abs(v.Center[0]) > 180 || math.Abs(v.Center[1]) > 85 || v.Zoom < MinZoom || v.Zoom > MaxZoom || v.Width != 0 || v.Height != 0 {
			t.Fatalf("ParseView(%q) = %+v", s, v)
		}
	})
}
