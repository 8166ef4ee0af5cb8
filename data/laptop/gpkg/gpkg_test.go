package gpkg_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

func mustOpen(tb testing.TB) *gpkg.Store {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "ward.gpkg")
	s, err := gpkg.Open(context.Background(), path, gpkg.Options{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func lamp(lon, lat float64, status string) *gis.Feature {
	f := gis.NewFeature(gis.Lamp, orb.Point{lon, lat})
	f.Attrs["status"] = status
	f.Attrs["pole_code"] = fmt.Sprintf("KA-L-%.5f", lon)
	f.Attrs["power_w"] = 120.0
	return f
}

func street(name string, pts ...orb.Point) *gis.Feature {
	f := gis.NewFeature(gis.Street, orb.LineString(pts))
	f.Attrs["name"] = name
	f.Attrs["class"] = "main"
	return f
}

func TestMigrateTwiceIsNoop(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.gpkg")
	s, err := gpkg.Open(ctx, path, gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Insert(ctx, "an", lamp(106.63, 20.82, "working")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = gpkg.Open(ctx, path, gpkg.Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(st, gis.Lamp); n != 1 {
		t.Fatalf("lamps after reopen = %d", n)
	}
}

// TestStatsJSON: the form `wardmap stats --json` prints, with the bbox
// GeoJSON's order, and none for an empty database.
func TestStatsJSON(t *testing.T) {
	ctx := context.Background()
	s, err := gpkg.Open(ctx, filepath.Join(t.TempDir(), "w.gpkg"), gpkg.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(st); strings.Contains(string(b), "bbox") || !strings.HasSuffix(string(b), `"ward":"","demo":false}`) {
		t.Errorf("empty database: %s", b)
	}
	for _, p := range [][2]float64{{106.63, 20.82}, {106.61, 20.85}} {
		if err := s.Insert(ctx, "an", lamp(p[0], p[1], "working")); err != nil {
			t.Fatal(err)
		}
	}
	if st, err = s.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(st)
	var got struct {
		Kinds []gpkg.KindStats
		BBox  []float64
	}
	if err := json.Unmarshal(b, &got); err != nil || !strings.Contains(string(b), `"demo":false,"bbox":[`) || len(got.Kinds) != len(gis.Kinds()) {
		t.Fatalf("two lamps: %v %s", err, b)
	}
	// The R-tree keeps single-precision bounds, rounded outwards.
	for i, want := range []float64{106.61, 20.82, 106.63, 20.85} {
		if d := got.BBox[i] - want; d > 1e-5 || d < -1e-5 || (i < 2) != (d <= 0) {
			t.Errorf("bbox[%d] = %v, want %v rounded outwards", i, got.BBox[i], want)
		}
	}
}

func count(st *gpkg.Stats, k gis.Kind) int {
	for _, ks := range st.Kinds {
		if ks.Kind == k {
			return ks.Count
		}
	}
	return -1
}

func TestRoundTripEveryKind(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	d := gis.Date{Year: 2026, Month: 11, Day: 3}
	at := time.Date(2026, 11, 3, 8, 30, 15, 123e6, time.UTC)
	poly := orb.Polygon{{{106.63, 20.82}, {106.631, 20.82}, {106.631, 20.821}, {106.63, 20.821}, {106.63, 20.82}}}
	fs := map[gis.Kind]*gis.Feature{}
	for _, k := range gis.Kinds() {
		sc := gis.MustLookup(k)
		var g orb.Geometry
		switch sc.Geom {
		case gis.Point:
			g = orb.Point{106.63, 20.82}
		case gis.LineString:
			g = orb.LineString{{106.63, 20.82}, {106.631, 20.821}}
		case gis.Polygon:
			g = poly
		}
		f := gis.NewFeature(k, g)
		for _, fd := range sc.Fields {
			if fd.Computed {
				continue
			}
			switch fd.Type {
			case gis.Text:
				f.Attrs[fd.Name] = "Trần Thành Ngọ " + fd.Name
			case gis.Ref:
				f.Attrs[fd.Name] = gis.NewID()
			case gis.Int:
				f.Attrs[fd.Name] = int64(fd.Min+fd.Max) / 2
			case gis.Real:
				f.Attrs[fd.Name] = (fd.Min + fd.Max) / 2
			case gis.Bool:
				f.Attrs[fd.Name] = true
			case gis.DateType:
				f.Attrs[fd.Name] = d
			case gis.TimeType:
				f.Attrs[fd.Name] = at
			case gis.EnumType:
				f.Attrs[fd.Name] = fd.Options[len(fd.Options)-1].Value
			}
		}
		if k == gis.Attachment {
			f.Attrs["sha256"] = strings.Repeat("ab", 32)
		}
		fs[k] = f
		if err := s.Insert(ctx, "an", f); err != nil {
			t.Fatalf("insert %s: %v", k, err)
		}
	}
	for k, want := range fs {
		got, err := s.Get(ctx, k, want.ID)
		if err != nil {
			t.Fatalf("get %s: %v", k, err)
		}
		for name, v := range want.Attrs {
			if fmt.Sprint(got.Attrs[name]) != fmt.Sprint(v) {
				t.Errorf("%s.%s = %v, want %v", k, name, got.Attrs[name], v)
			}
		}
		if fmt.Sprint(got.Geom) != fmt.Sprint(want.Geom) {
			t.Errorf("%s geometry = %v, want %v", k, got.Geom, want.Geom)
		}
		if got.CreatedBy != "an" || got.CreatedAt.IsZero() {
			t.Errorf("%s meta = %+v", k, got.Meta)
		}
	}
}

func TestInvalidChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	bowtie := gis.NewFeature(gis.Plot, orb.Polygon{{{106.63, 20.82}, {106.631, 20.821}, {106.631, 20.82}, {106.63, 20.821}, {106.63, 20.82}}})
	bowtie.Attrs["name"] = "Ô lỗi"
	bowtie.Attrs["status"] = "planned"
	err := s.Insert(ctx, "an", lamp(106.63, 20.82, "working"), bowtie)
	var ve gis.ValidationErrors
	if !errors.As(err, &ve) || ve.For("geometry") == nil || !strings.Contains(err.Error(), "intersects itself") {
		t.Fatalf("self-intersecting plot: %v", err)
	}
	st, _ := s.Stats(ctx)
	if count(st, gis.Lamp) != 0 || count(st, gis.Plot) != 0 {
		t.Fatalf("half-written: %+v", st.Kinds)
	}
	outbox := 0
	if err := s.QueryRow(ctx, "SELECT count(*) FROM wm_outbox", &outbox); err != nil || outbox != 0 {
		t.Fatalf("outbox = %d, %v", outbox, err)
	}
}

func TestOpenRefusesBadFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.gpkg")
	os.WriteFile(text, []byte("this is not a database at all, just text\n"), 0o644)
	corrupt := filepath.Join(dir, "corrupt.gpkg")
	good := mustOpen(t)
	good.Close()
	b, _ := os.ReadFile(good.Path())
	for i := 100; i < len(b); i += 7 {
		b[i] ^= 0x5a
	}
	os.WriteFile(corrupt, b, 0o644)
	plain := filepath.Join(dir, "plain.sqlite")
	if out, err := runSQLite(plain, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"); err != nil {
		t.Fatalf("sqlite3: %v %s", err, out)
	}
	cases := []struct{ name, path, want string }{
		{"text file", text, "not a GeoPackage"},
		{"corrupt", corrupt, "corrupt"},
		{"plain sqlite", plain, "not a wardmap database"},
		{"missing", filepath.Join(dir, "nope.gpkg"), "file not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := os.ReadFile(c.path)
			s, err := gpkg.Open(ctx, c.path, gpkg.Options{})
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
			after, _ := os.ReadFile(c.path)
			if string(before) != string(after) {
				t.Fatal("file changed")
			}
			if _, err := os.Stat(c.path + "-wal"); err == nil {
				t.Fatal("left a -wal file")
			}
		})
	}
}

func TestSearchIgnoresDiacritics(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	names := []string{"Trần Thành Ngọ", "Trần Nhân Tông", "Phan Đăng Lưu", "Đồng Hòa", "Lê Duẩn", "Ngõ 135 Trữ Khê"}
	var fs []*gis.Feature
	for i, n := range names {
		x := 106.63 + float64(i)*0.001
		fs = append(fs, street(n, orb.Point{x, 20.82}, orb.Point{x, 20.821}))
	}
	if err := s.Insert(ctx, "an", fs...); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q    string
		want []string
	}{
		{"tran thanh ngo", []string{"Trần Thành Ngọ"}},
		{"TRAN", []string{"Trần Thành Ngọ", "Trần Nhân Tông"}},
		{"dong hoa", []string{"Đồng Hòa"}},
		{"Đăng lưu", []string{"Phan Đăng Lưu"}},
		{"tru khe 135", []string{"Ngõ 135 Trữ Khê"}},
		{"duan", []string{"Lê Duẩn"}},
		{"100%", nil},
		{"hanoi", nil},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			res, err := s.Find(ctx, gpkg.Query{Kind: gis.Street, Search: c.q})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res {
				got = append(got, r.Text("name"))
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("search %q = %v, want %v", c.q, got, c.want)
			}
		})
	}
}

// randomLamps spreads n lamps over the ward's area.
func randomLamps(n int, seed uint64) []*gis.Feature {
	rng := rand.New(rand.NewPCG(seed, 1))
	fs := make([]*gis.Feature, n)
	for i := range fs {
		st := "working"
		if i%17 == 0 {
			st = "broken"
		}
		fs[i] = lamp(106.62+rng.Float64()*0.05, 20.80+rng.Float64()*0.04, st)
	}
	return fs
}

func TestBoundNearWithin(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	fs := randomLamps(3000, 7)
	if err := s.Load(ctx, fs, gpkg.LoadOptions{User: "test"}); err != nil {
		t.Fatal(err)
	}
	box := orb.Bound{Min: orb.Point{106.63, 20.81}, Max: orb.Point{106.64, 20.82}}
	res, err := s.Find(ctx, gpkg.Query{Kind: gis.Lamp, Bound: &box})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, f := range fs {
		if box.Contains(f.Geom.(orb.Point)) {
			want++
		}
	}
	if len(res) != want || want == 0 {
		t.Fatalf("bbox: %d features, brute force %d", len(res), want)
	}

	p := orb.Point{106.645, 20.825}
	near, err := s.Find(ctx, gpkg.Query{Kind: gis.Lamp, Near: &p, Limit: 5})
	if err != nil || len(near) != 5 {
		t.Fatalf("near: %d, %v", len(near), err)
	}
	for _, f := range fs {
		d := gis.DistanceM(f.Geom, p)
		if d < near[4].DistanceM-1e-9 && !containsID(near, f.ID) {
			t.Fatalf("lamp %s at %.1f m missed; 5th nearest is %.1f m", f.ID, d, near[4].DistanceM)
		}
	}

	tri := orb.Polygon{{{106.62, 20.80}, {106.67, 20.80}, {106.645, 20.84}, {106.62, 20.80}}}
	in, err := s.Find(ctx, gpkg.Query{Kind: gis.Lamp, Within: tri})
	if err != nil {
		t.Fatal(err)
	}
	want = 0
	for _, f := range fs {
		if gis.Within(f.Geom, tri) {
			want++
		}
	}
	if len(in) != want || want < 1000 || want > 2000 {
		t.Fatalf("within: %d, brute force %d", len(in), want)
	}
}

func containsID(rs []gpkg.Result, id string) bool {
	for _, r := range rs {
		if r.ID == id {
			return true
		}
	}
	return false
}

func TestEditDeleteOutbox(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	l := lamp(106.63, 20.82, "working")
	if err := s.Insert(ctx, "an", l); err != nil {
		t.Fatal(err)
	}
	// the insert goes to a push: later changes are entries of their own
	// (outbox_net_test.go has the folding of changes not yet sent)
	if _, err := s.Outbox(ctx, 100); err != nil {
		t.Fatal(err)
	}
	l.Attrs["status"] = "broken"
	if err := s.Save(ctx, "binh", l); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, gis.Lamp, l.ID)
	if got.Text("status") != "broken" || got.UpdatedBy != "binh" || got.CreatedBy != "an" {
		t.Fatalf("after save: %+v %+v", got.Attrs, got.Meta)
	}
	if err := s.Delete(ctx, "binh", gis.Lamp, l.ID); err != nil {
		t.Fatal(err)
	}
	box := orb.Bound{Min: orb.Point{106.6, 20.8}, Max: orb.Point{106.7, 20.9}}
	if res, _ := s.Find(ctx, gpkg.Query{Kind: gis.Lamp, Bound: &box}); len(res) != 0 {
		t.Fatal("tombstone still found")
	}
	if got, _ := s.Get(ctx, gis.Lamp, l.ID); !got.Deleted {
		t.Fatal("tombstone missing")
	}
	var ops string
	if err := s.QueryRow(ctx, "SELECT group_concat(op || ':' || fields, ' | ') FROM (SELECT * FROM wm_outbox ORDER BY fid)", &ops); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ops, "insert:") || !strings.Contains(ops, `update:{"status":"broken"}`) || !strings.HasSuffix(ops, "delete:{}") {
		t.Fatalf("outbox = %s", ops)
	}
	l.Attrs["status"] = "working"
	if err := s.Save(ctx, "an", l); gis.ErrorCode(err) != gis.ECONFLICT {
		t.Fatalf("save of a deleted record: %v", err)
	}
}

func TestSchemaMatchesTables(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for _, k := range gis.Kinds() {
		sc := gis.MustLookup(k)
		cols, err := s.Columns(ctx, sc.Table)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range sc.Fields {
			if _, ok := cols[f.Name]; !ok {
				t.Errorf("table %s lacks column %s: add a migration", sc.Table, f.Name)
			}
		}
	}
}

// A kind spelled in another case is refused, not silently skipped.
func TestKindMustMatchExactly(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	f := lamp(106.63, 20.82, "working")
	f.Kind = "Lamp"
	if err := s.Insert(ctx, "an", f); gis.ErrorCode(err) != gis.EINVALID {
		t.Fatalf("insert of kind %q: %v", f.Kind, err)
	}
	if _, err := s.Find(ctx, gpkg.Query{Kind: "LAMP"}); gis.ErrorCode(err) != gis.EINVALID {
		t.Fatalf("find: %v", err)
	}
	if err := s.Delete(ctx, "an", "Lamp", f.ID); gis.ErrorCode(err) != gis.EINVALID {
		t.Fatalf("delete: %v", err)
	}
}
