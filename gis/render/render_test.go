package render

import (
	"context"
	"image"
	"image/color"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis"
	"wardmap/gis/tile"
)

// render draws fs at zoom z centred on kienAn in a w×h image.
func render(t *testing.T, r *Renderer, z float64, w, h int, layers []Layer) (*image.RGBA, Stats) {
	t.Helper()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	st, err := r.Render(context.Background(), dst, tile.View{Center: kienAn, Zoom: z, Width: w, Height: h}, layers)
	if err != nil {
		t.Fatal(err)
	}
	return dst, st
}

func pixelAt(img *image.RGBA, v tile.View, p orb.Point) color.RGBA {
	x, y := v.ToPixel(p)
	return img.RGBAAt(int(x), int(y))
}

func TestLampColoursByStatus(t *testing.T) {
	cases := []struct {
		name, status string
		want         color.RGBA
	}{
		{"working is yellow", "working", Light.Style(gis.Lamp, "working").Fill},
		{"broken is red", "broken", Light.Style(gis.Lamp, "broken").Fill},
		{"missing is grey ring, hollow", "missing", Light.Background},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := at(0, 0)
			r := New(NewSliceSource([]*gis.Feature{feature(gis.Lamp, p, map[string]any{"status": tc.status})}))
			img, st := render(t, r, 18, 100, 100, DefaultLayers())
			if st.Drawn[gis.Lamp] != 1 {
				t.Fatalf("drew %d lamps", st.Drawn[gis.Lamp])
			}
			got := pixelAt(img, tile.View{Center: kienAn, Zoom: 18, Width: 100, Height: 100}, p)
			if !closeColour(got, tc.want, 8) {
				t.Errorf("pixel at the lamp is %v, want %v", got, tc.want)
			}
		})
	}
	// the ring of a missing lamp is grey
	r := New(NewSliceSource([]*gis.Feature{feature(gis.Lamp, at(0, 0), map[string]any{"status": "missing"})}))
	img, _ := render(t, r, 18, 100, 100, DefaultLayers())
	if got, want := img.RGBAAt(50-4, 50), Light.Style(gis.Lamp, "missing").Fill; !closeColour(got, want, 40) {
		t.Errorf("missing lamp ring at 4 px is %v, want about %v", got, want)
	}
}

func closeColour(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return abs(int(x)-int(y)) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// crossWidth counts, along column x, the pixels that differ from the
// background: the drawn width of a horizontal street there.
func crossWidth(img *image.RGBA, x int) int {
	n := 0
	for y := 0; y < img.Rect.Dy(); y++ {
		if !closeColour(img.RGBAAt(x, y), Light.Background, 3) {
			n++
		}
	}
	return n
}

func TestStreetWidthByClass(t *testing.T) {
	widths := map[string]int{}
	for _, class := range []string{"main", "secondary", "alley"} {
		r := New(NewSliceSource([]*gis.Feature{street("Phố", class, false, [2]float64{-200, 0}, [2]float64{200, 0})}))
		img, _ := render(t, r, 17, 200, 100, []Layer{{Kind: gis.Street, Visible: true}})
		widths[class] = crossWidth(img, 100)
	}
	if !(widths["main"] > widths["secondary"] && widths["secondary"] > widths["alley"] && widths["alley"] > 0) {
		t.Errorf("widths across at zoom 17: %v, want main > secondary > alley > 0", widths)
	}
	// and streets grow with zoom
	r := New(NewSliceSource([]*gis.Feature{street("Phố", "main", false, [2]float64{-200, 0}, [2]float64{200, 0})}))
	img15, _ := render(t, r, 15, 200, 100, []Layer{{Kind: gis.Street, Visible: true}})
	img18, _ := render(t, r, 18, 200, 100, []Layer{{Kind: gis.Street, Visible: true}})
	if w15, w18 := crossWidth(img15, 100), crossWidth(img18, 100); w15 >= w18 {
		t.Errorf("main street %d px at zoom 15, %d at 18", w15, w18)
	}
}

func TestStrokeJoinsHaveNoHoles(t *testing.T) {
	// a sharp V: quads and discs overlap at the joint; if they wound
	// opposite ways the overlap would cancel to background.
	r := New(NewSliceSource([]*gis.Feature{street("V", "main", false, [2]float64{-60, 40}, [2]float64{0, 0}, [2]float64{60, 40})}))
	v := tile.View{Center: kienAn, Zoom: 18, Width: 200, Height: 200}
	img, _ := render(t, r, 18, 200, 200, []Layer{{Kind: gis.Street, Visible: true}})
	want := Light.Style(gis.Street, "main").Fill
	for _, p := range []orb.Point{at(0, 0), at(-30, 20), at(30, 20)} {
		if got := pixelAt(img, v, p); !closeColour(got, want, 2) {
			t.Errorf("street at %v is %v, want fill %v", p, got, want)
		}
	}
}

func TestPlotHatching(t *testing.T) {
	plot := feature(gis.Plot, rect(-50, -30, 50, 30), map[string]any{"name": "A", "status": "planned"})
	flat := feature(gis.Plot, rect(-50, -30, 50, 30), map[string]any{"name": "B", "status": "planted"})
	cases := []struct {
		name    string
		f       *gis.Feature
		hatched bool
	}{
		{"planned plot is hatched", plot, true},
		{"planted plot is flat", flat, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := New(NewSliceSource([]*gis.Feature{tc.f}))
			img, _ := render(t, r, 18, 300, 200, []Layer{{Kind: gis.Plot, Visible: true}})
			// walk along the middle row inside the plot: count switches
			// between background and paint
			switches, prev := 0, false
			for x := 120; x < 180; x++ {
				bg := closeColour(img.RGBAAt(x, 100), Light.Background, 3)
				if x > 120 && bg != prev {
					switches++
				}
				prev = bg
			}
			if tc.hatched && switches < 10 {
				t.Errorf("%d switches across a hatched plot, want stripes", switches)
			}
			if !tc.hatched && (switches != 0 || prev) {
				t.Errorf("flat plot: %d switches, background %v", switches, prev)
			}
		})
	}
}

func TestLabelsDoNotOverlap(t *testing.T) {
	// many parallel streets a few pixels apart, all wanting a label
	var fs []*gis.Feature
	for i := 0; i < 30; i++ {
		y := float64(i)*6 - 90
		fs = append(fs, street([]string{"Trần Thành Ngọ", "Đồng Hòa", "Lệ Tảo"}[i%3]+string(rune('A'+i)), "main", false,
			[2]float64{-300, y}, [2]float64{300, y + 20}))
	}
	r := New(NewSliceSource(fs))
	_, st := render(t, r, 17, 640, 400, DefaultLayers())
	if len(st.Labels) < 3 {
		t.Fatalf("placed %d labels, want several", len(st.Labels))
	}
	if len(st.Labels) >= 30 {
		t.Fatalf("placed all %d labels on top of each other", len(st.Labels))
	}
	for i, a := range st.Labels {
		if !a.In(image.Rect(0, 0, 640, 400)) {
			t.Errorf("label %v leaves the frame", a)
		}
		for _, b := range st.Labels[i+1:] {
			if a.Overlaps(b) {
				t.Errorf("labels %v and %v overlap", a, b)
			}
		}
	}
}

func TestLabelRepeatsOnlyFarApart(t *testing.T) {
	// one long straight street: its name repeats, but only labelRepeat apart
	r := New(NewSliceSource([]*gis.Feature{street("Trần Thành Ngọ", "main", false, [2]float64{-2000, 0}, [2]float64{2000, 0})}))
	_, st := render(t, r, 17, 1600, 200, DefaultLayers())
	if len(st.Labels) < 2 {
		t.Fatalf("%d labels on a 1600 px street", len(st.Labels))
	}
	for i, a := range st.Labels {
		for _, b := range st.Labels[i+1:] {
			if d := abs(a.Min.X - b.Min.X); d < labelRepeat {
				t.Errorf("same name %d px apart, want ≥ %d", d, labelRepeat)
			}
		}
	}
}

func TestClusteringAtWardScale(t *testing.T) {
	fs := scene()
	trees := 0
	for _, f := range fs {
		if f.Kind == gis.Tree {
			trees++
		}
	}
	layers := []Layer{{Kind: gis.Tree, Visible: true}}
	r := New(NewSliceSource(fs))
	_, ward := render(t, r, 15, 640, 400, layers)
	_, streetScale := render(t, r, 17.5, 1600, 1200, layers)
	if streetScale.Clusters != 0 || streetScale.Drawn[gis.Tree] != trees {
		t.Errorf("street scale: %d clusters, %d of %d trees drawn", streetScale.Clusters, streetScale.Drawn[gis.Tree], trees)
	}
	markers := ward.Drawn[gis.Tree] + ward.Clusters
	if ward.Clusters == 0 || markers >= trees/4 {
		t.Errorf("ward scale: %d markers + bubbles for %d trees", markers, trees)
	}
	if got := ward.Drawn[gis.Tree] + ward.Clustered; got != trees {
		t.Errorf("ward scale shows %d trees (drawn + in bubbles), want %d", got, trees)
	}
}

func TestClusterBubbleShowsCount(t *testing.T) {
	// 120 trees on one spot: one bubble reading "120"
	var fs []*gis.Feature
	for i := 0; i < 120; i++ {
		fs = append(fs, feature(gis.Tree, at(float64(i%10), float64(i/10)), nil))
	}
	r := New(NewSliceSource(fs))
	img, st := render(t, r, 14, 200, 200, []Layer{{Kind: gis.Tree, Visible: true}})
	if st.Clusters != 1 || st.Clustered != 120 {
		t.Fatalf("clusters %d holding %d, want 1 holding 120", st.Clusters, st.Clustered)
	}
	// the digits are drawn in the contrast colour inside the bubble
	text := contrast(Light.Style(gis.Tree, "").Fill)
	n := 0
	for y := 90; y < 110; y++ {
		for x := 85; x < 115; x++ {
			if closeColour(img.RGBAAt(x, y), text, 30) {
				n++
			}
		}
	}
	if n < 15 {
		t.Errorf("%d text pixels in the bubble, want the count drawn", n)
	}
}

// countingSource records what the renderer asks for.
type countingSource struct {
	Source
	calls  map[gis.Kind]int
	bounds []orb.Bound
}

func (c *countingSource) Features(ctx context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error) {
	c.calls[k]++
	c.bounds = append(c.bounds, b)
	return c.Source.Features(ctx, k, b)
}

func TestOnlyVisibleLayersInViewAreRead(t *testing.T) {
	src := &countingSource{Source: NewSliceSource(scene()), calls: map[gis.Kind]int{}}
	r := New(src)
	v := tile.View{Center: kienAn, Zoom: 18, Width: 400, Height: 300}
	layers := []Layer{{Kind: gis.Lamp, Visible: true}, {Kind: gis.Street, Visible: true}, {Kind: gis.Tree, Visible: false}}
	dst := image.NewRGBA(image.Rect(0, 0, 400, 300))
	if _, err := r.Render(context.Background(), dst, v, layers); err != nil {
		t.Fatal(err)
	}
	if src.calls[gis.Lamp] != 1 || src.calls[gis.Street] != 1 || len(src.calls) != 2 {
		t.Errorf("calls %v, want one each for lamp and street", src.calls)
	}
	// the box asked for is the view plus the margin, not the whole scene
	want := tile.View{Center: kienAn, Zoom: 18, Width: 400 + 2*queryMargin, Height: 300 + 2*queryMargin}.Bound()
	for _, b := range src.bounds {
		if !want.Contains(b.Min) || !want.Contains(b.Max) || !b.Contains(kienAn) {
			t.Errorf("asked for %v, want inside %v", b, want)
		}
	}
}

func TestStatusFilter(t *testing.T) {
	fs := scene()
	r := New(NewSliceSource(fs))
	_, all := render(t, r, 17, 1200, 800, []Layer{{Kind: gis.Lamp, Visible: true}})
	_, broken := render(t, r, 17, 1200, 800, []Layer{{Kind: gis.Lamp, Visible: true, Status: []string{"broken"}}})
	if broken.Drawn[gis.Lamp] != 5 || all.Drawn[gis.Lamp] != 25 {
		t.Errorf("drew %d broken of %d lamps, want 5 of 25", broken.Drawn[gis.Lamp], all.Drawn[gis.Lamp])
	}
}

func TestAttribution(t *testing.T) {
	cases := []struct {
		name  string
		fs    []*gis.Feature
		base  Basemap
		wantA bool
	}{
		{"ward data only", []*gis.Feature{street("Ngõ", "alley", false, [2]float64{-50, 0}, [2]float64{50, 0})}, nil, false},
		{"street from OSM", []*gis.Feature{street("Phố", "main", true, [2]float64{-50, 0}, [2]float64{50, 0})}, nil, true},
		{"OSM street out of view", []*gis.Feature{street("Phố", "main", true, [2]float64{5000, 0}, [2]float64{5100, 0})}, nil, false},
		{"OSM basemap", nil, BaseSlice{{Kind: Building, Geom: rect(-10, -10, 10, 10), OSM: true}}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := New(NewSliceSource(tc.fs))
			r.Basemap = tc.base
			img, st := render(t, r, 17, 300, 200, DefaultLayers())
			if st.OSMAttribution != tc.wantA {
				t.Fatalf("attribution %v, want %v", st.OSMAttribution, tc.wantA)
			}
			// text pixels in the bottom-right corner
			dark := 0
			for y := 185; y < 200; y++ {
				for x := 150; x < 300; x++ {
					if c := img.RGBAAt(x, y); c.R < 100 && c.G < 100 && c.B < 100 {
						dark++
					}
				}
			}
			if (dark > 20) != tc.wantA {
				t.Errorf("%d dark pixels in the corner, attribution %v", dark, tc.wantA)
			}
		})
	}
}

func TestDarkTheme(t *testing.T) {
	r := New(NewSliceSource(scene()))
	r.Theme = Dark
	img, _ := render(t, r, 17, 100, 100, []Layer{})
	if got := img.RGBAAt(5, 5); got != Dark.Background {
		t.Errorf("background %v, want %v", got, Dark.Background)
	}
}

func TestRenderStopsOnCancelledContext(t *testing.T) {
	r := New(NewSliceSource(scene()))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dst := image.NewRGBA(image.Rect(0, 0, 50, 50))
	if _, err := r.Render(ctx, dst, tile.View{Center: kienAn, Zoom: 17, Width: 50, Height: 50}, DefaultLayers()); err == nil {
		t.Error("no error from a cancelled context")
	}
}

func TestClusterMixesKinds(t *testing.T) {
	// lamps and trees on one spot: one neutral bubble with both kinds' dots
	var fs []*gis.Feature
	for i := 0; i < 30; i++ {
		fs = append(fs, feature(gis.Tree, at(float64(i%6), float64(i/6)), nil))
		fs = append(fs, feature(gis.Lamp, at(float64(i%6), float64(i/6)+1), map[string]any{"status": "working"}))
	}
	r := New(NewSliceSource(fs))
	img, st := render(t, r, 14, 200, 200, DefaultLayers())
	if st.Clusters != 1 || st.Clustered != 60 || st.Drawn[gis.Tree]+st.Drawn[gis.Lamp] != 0 {
		t.Fatalf("clusters %d holding %d, drawn %v; want one bubble of 60", st.Clusters, st.Clustered, st.Drawn)
	}
	count := map[string]int{}
	for y := 60; y < 150; y++ { // the bubble is pulled inside its grid cell (96–144)
		for x := 60; x < 150; x++ {
			c := img.RGBAAt(x, y)
			for name, want := range map[string]color.RGBA{
				"mixed": Light.Mixed, "tree": Light.Style(gis.Tree, "").Fill, "lamp": Light.Style(gis.Lamp, "").Fill,
			} {
				tol := 4
				if name == "mixed" { // drawn at alpha 230 over the ground
					tol = 25
				}
				if closeColour(c, want, tol) {
					count[name]++
				}
			}
		}
	}
	if count["mixed"] < 100 || count["tree"] < 5 || count["lamp"] < 5 {
		t.Errorf("pixels by colour %v: want a neutral bubble with a tree dot and a lamp dot", count)
	}
}
