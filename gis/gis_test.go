package gis_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/gis"
)

func TestFoldSearch(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"street", "Trần Thành Ngọ", "tran thanh ngo"},
		{"d stroke", "Đường Đồng Hòa", "duong dong hoa"},
		{"upper", "PHAN ĐĂNG LƯU", "phan dang luu"},
		{"decomposed input", "Tra\u0300n Nha\u0302n To\u0302ng", "tran nhan tong"},
		{"punctuation", "Ngõ 135/2 - Trữ Khê", "ngo 135/2 tru khe"},
		{"spaces", "  Lê   Duẩn ", "le duan"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := gis.FoldSearch(c.in); got != c.want {
				t.Errorf("FoldSearch(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func validTree() *gis.Feature {
	f := gis.NewFeature(gis.Tree, orb.Point{106.63, 20.82})
	f.Attrs["species_vi"] = "Bằng lăng"
	f.Attrs["height_m"] = 8.5
	f.Attrs["condition"] = "good"
	f.Attrs["planted_on"] = gis.Date{Year: 2026, Month: time.March, Day: 12}
	return f
}

func TestValidate(t *testing.T) {
	square := orb.Polygon{{{106.63, 20.82}, {106.631, 20.82}, {106.631, 20.821}, {106.63, 20.821}, {106.63, 20.82}}}
	bowtie := orb.Polygon{{{106.63, 20.82}, {106.631, 20.821}, {106.631, 20.82}, {106.63, 20.821}, {106.63, 20.82}}}
	cases := []struct {
		name  string
		edit  func(f *gis.Feature)
		field string // "" means valid
		want  string // part of the English message
	}{
		{"valid tree", func(f *gis.Feature) {}, "", ""},
		{"tree 300 m tall", func(f *gis.Feature) { f.Attrs["height_m"] = 300.0 }, "height_m", "between 0 and 60 m"},
		{"negative diameter", func(f *gis.Feature) { f.Attrs["trunk_diameter_cm"] = -1.0 }, "trunk_diameter_cm", "between"},
		{"unknown condition", func(f *gis.Feature) { f.Attrs["condition"] = "sad" }, "condition", "not one of"},
		{"wrong type", func(f *gis.Feature) { f.Attrs["height_m"] = "tall" }, "height_m", "want real"},
		{"unknown field", func(f *gis.Feature) { f.Attrs["colour"] = "green" }, "colour", "no such field"},
		{"latitude 95", func(f *gis.Feature) { f.Geom = orb.Point{106.63, 95} }, "geometry", "outside longitude"},
		{"line for a tree", func(f *gis.Feature) { f.Geom = orb.LineString{{1, 1}, {2, 2}} }, "geometry", "want POINT"},
		{"no geometry", func(f *gis.Feature) { f.Geom = nil }, "geometry", "missing geometry"},
		{"bad id", func(f *gis.Feature) { f.ID = "42" }, "id", "not a UUID"},
		{"bad plot ref", func(f *gis.Feature) { f.Attrs["plot_id"] = "plot-1" }, "plot_id", "not a UUID"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := validTree()
			c.edit(f)
			err := gis.Validate(f)
			if c.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			var ve gis.ValidationErrors
			if !errors.As(err, &ve) {
				t.Fatalf("want ValidationErrors, got %v", err)
			}
			fe := ve.For(c.field)
			if fe == nil || !strings.Contains(fe.EN, c.want) || fe.VI == "" {
				t.Fatalf("want error on %s containing %q, got %v", c.field, c.want, err)
			}
			if gis.ErrorCode(err) != gis.EINVALID {
				t.Errorf("code = %q", gis.ErrorCode(err))
			}
		})
	}

	t.Run("report text bound", func(t *testing.T) {
		f := gis.NewFeature(gis.Report, orb.Point{106.63, 20.82})
		f.Attrs["channel"], f.Attrs["category"], f.Attrs["status"] = "portal", "waste", "received"
		f.Attrs["received_at"] = time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
		f.Attrs["text"] = strings.Repeat("ư", gis.ReportTextMax)
		if err := gis.Validate(f); err != nil {
			t.Fatal(err)
		}
		f.Attrs["text"] = strings.Repeat("ư", gis.ReportTextMax+1)
		if err := gis.Validate(f); err == nil || !strings.Contains(err.Error(), "at most 4000") {
			t.Fatalf("4001 characters accepted: %v", err)
		}
	})
	t.Run("clean text", func(t *testing.T) {
		for in, want := range map[string]string{"ok": "ok", "a\x00b": "a\uFFFDb", "a\xff\xfeb": "a\uFFFDb", "\x00": "\uFFFD", "Bàng": "Bàng"} {
			if got := gis.CleanText(in); got != want || !gis.Clean(got) {
				t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
			}
		}
		v, changed := gis.CleanValue(map[string]any{"a\x00": []any{"x\x00", 1.0, map[string]any{"k": "\xff"}}, "b": "fine"})
		m := v.(map[string]any)
		if !changed || m["a\uFFFD"].([]any)[0] != "x\uFFFD" || m["a\uFFFD"].([]any)[2].(map[string]any)["k"] != "\uFFFD" || m["b"] != "fine" || len(m) != 2 {
			t.Fatalf("CleanValue: %v %v", v, changed)
		}
	})
	t.Run("lamp power", func(t *testing.T) {
		f := gis.NewFeature(gis.Lamp, orb.Point{106.63, 20.82})
		f.Attrs["status"] = "working"
		f.Attrs["power_w"] = -5.0
		if err := gis.Validate(f); err == nil || err.(gis.ValidationErrors).For("power_w") == nil {
			t.Fatalf("negative power accepted: %v", err)
		}
	})
	t.Run("required status", func(t *testing.T) {
		f := gis.NewFeature(gis.Lamp, orb.Point{106.63, 20.82})
		err := gis.Validate(f)
		if err == nil || err.(gis.ValidationErrors).For("status") == nil {
			t.Fatalf("missing status accepted: %v", err)
		}
	})
	for _, pc := range []struct {
		name  string
		poly  orb.Polygon
		valid bool
	}{
		{"square", square, true},
		{"bowtie", bowtie, false},
		{"open ring", orb.Polygon{square[0][:4]}, false},
		{"two points", orb.Polygon{{{106.63, 20.82}, {106.631, 20.82}, {106.63, 20.82}}}, false},
		{"flat", orb.Polygon{{{106.63, 20.82}, {106.631, 20.82}, {106.632, 20.82}, {106.63, 20.82}}}, false},
		{"hole outside", orb.Polygon{square[0], {{106.64, 20.83}, {106.641, 20.83}, {106.641, 20.831}, {106.64, 20.83}}}, false},
	} {
		t.Run("plot "+pc.name, func(t *testing.T) {
			f := gis.NewFeature(gis.Plot, pc.poly)
			f.Attrs["name"] = "Ô 1"
			f.Attrs["status"] = "planned"
			err := gis.Validate(f)
			if (err == nil) != pc.valid {
				t.Fatalf("valid=%v, err=%v", pc.valid, err)
			}
		})
	}
}

func TestParseField(t *testing.T) {
	s := gis.MustLookup(gis.Lamp)
	status, _ := s.Field("status")
	for _, in := range []string{"broken", "Hỏng", "hong", "BROKEN"} {
		if v, err := status.Parse(in); err != nil || v != "broken" {
			t.Errorf("Parse(%q) = %v, %v", in, v, err)
		}
	}
	power, _ := s.Field("power_w")
	if v, err := power.Parse("150,5"); err != nil || v != 150.5 {
		t.Errorf("decimal comma: %v %v", v, err)
	}
	if _, err := power.Parse("abc"); err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("letters accepted: %v", err)
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range gis.Kinds() {
		if got, err := gis.ParseKind(string(k)); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k, got, err)
		}
		if _, ok := gis.Lookup(k); !ok {
			t.Errorf("no schema for %s", k)
		}
	}
	_, err := gis.ParseKind("unicorn")
	if err == nil || !strings.Contains(err.Error(), "alley-sign") || gis.ErrorCode(err) != gis.EINVALID {
		t.Fatalf("unknown kind: %v", err)
	}
}

func TestDerivePlot(t *testing.T) {
	// About 100 m × 111 m at 20.82° N.
	p := orb.Polygon{{{106.63, 20.82}, {106.630961, 20.82}, {106.630961, 20.821}, {106.63, 20.821}, {106.63, 20.82}}}
	f := gis.NewFeature(gis.Plot, p)
	f.Attrs["spacing_m"] = 5.0
	gis.Derive(f)
	area, _ := f.Float("area_m2")
	if area < 10800 || area > 11400 {
		t.Fatalf("area = %v m², want about 11,100", area)
	}
	if c, _ := f.Float("capacity"); c != float64(int64(area/25)) && c != float64(int64(area/25))-1 {
		t.Fatalf("capacity = %v for area %v at 5 m", c, area)
	}
}
