package sqlstore_test

import (
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"wardmap/data/server"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/server/storetest"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// sample are the fields of record i of a kind, every field its schema has
// (computed and private ones aside) with a value of its type, so that each
// typed column of the layer is exercised.
func sample(s *gis.Schema, i int) map[string]any {
	f := map[string]any{}
	for _, fd := range s.Fields {
		if fd.Computed || fd.Private {
			continue
		}
		switch fd.Type {
		case gis.Text:
			f[fd.Name] = fmt.Sprintf("%s %d", fd.Name, i)
		case gis.Ref:
			f[fd.Name] = gis.NewID()
		case gis.EnumType:
			f[fd.Name] = fd.Options[i%len(fd.Options)].Value
		case gis.Int:
			f[fd.Name] = int64(max(fd.Min, min(fd.Max, float64(3+i))))
		case gis.Real:
			f[fd.Name] = max(fd.Min, min(fd.Max, 2.5+float64(i)))
		case gis.Bool:
			f[fd.Name] = i%2 == 0
		case gis.DateType:
			f[fd.Name] = fmt.Sprintf("2026-02-%02d", 1+i%28)
		case gis.TimeType:
			f[fd.Name] = fmt.Sprintf("2026-03-04T05:06:%02dZ", i%60)
		}
	}
	switch s.Kind {
	case gis.Attachment:
		f["sha256"] = fmt.Sprintf("%064x", i+1)
		f["owner_kind"] = "tree"
	case gis.Inspection:
		f["target_kind"] = "tree"
	}
	x, y := 106.62+float64(i)*1e-4, 20.80+float64(i)*1e-4
	switch s.Geom {
	case gis.Point:
		f["geom"] = map[string]any{"type": "Point", "coordinates": []any{x, y}}
	case gis.LineString:
		f["geom"] = map[string]any{"type": "LineString", "coordinates": []any{[]any{x, y}, []any{x + 1e-3, y}}}
	case gis.Polygon:
		f["geom"] = map[string]any{"type": "Polygon", "coordinates": []any{[]any{
			[]any{x, y}, []any{x + 1e-3, y}, []any{x + 1e-3, y + 1e-3}, []any{x, y + 1e-3}, []any{x, y}}}}
	}
	return f
}

// ogrLayer is what `ogrinfo -so` says of one layer.
type ogrLayer struct {
	geom   string
	count  int
	srid   bool // the layer's SRS is EPSG:4326
	fields map[string]string
}

var (
	ogrGeom   = regexp.MustCompile(`(?m)^Geometry: (.+)$`)
	ogrCount  = regexp.MustCompile(`(?m)^Feature Count: (\d+)$`)
	ogrField  = regexp.MustCompile(`(?m)^(\w+): (\w+(?:\(\w+\))?) `)
	ogrEPSG   = regexp.MustCompile(`ID\["EPSG",4326\]\]\s*\nData axis`)
	ogrLayers = regexp.MustCompile(`(?m)^\d+: (\w+) \(([^)]+)\)$`)
)

// ogrinfo runs GDAL's ogrinfo on the database (read-only), the referee of
// what QGIS and GeoServer see.
func ogrinfo(t *testing.T, pg string, args ...string) string {
	t.Helper()
	out, err := exec.Command("ogrinfo", append([]string{"-ro", "-so", "-oo", "LIST_ALL_TABLES=YES", pg}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func ogrLayerInfo(t *testing.T, pg, table string) ogrLayer {
	t.Helper()
	out := ogrinfo(t, pg, table)
	l := ogrLayer{fields: map[string]string{}}
	if m := ogrGeom.FindStringSubmatch(out); m != nil {
		l.geom = m[1]
	}
	m := ogrCount.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("ogrinfo %s: no feature count:\n%s", table, out)
	}
	l.count, _ = strconv.Atoi(m[1])
	l.srid = ogrEPSG.MatchString(strings.Split(out, "Geometry Column")[0])
	if _, after, ok := strings.Cut(out, "Geometry Column = geom\n"); ok {
		out = after
	} else if _, after, ok := strings.Cut(out, "FID Column"); ok {
		out = after
	}
	for _, m := range ogrField.FindAllStringSubmatch(out, -1) {
		l.fields[m[1]] = m[2]
	}
	return l
}

// PG: connection string of a postgres:// URL, as GDAL wants it.
func ogrPG(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("PG:host=%s port=%s user=%s dbname=%s", u.Hostname(), u.Port(), u.User.Username(), strings.TrimPrefix(u.Path, "/"))
}

var ogrType = map[gis.FieldType]string{
	gis.Text: "String", gis.EnumType: "String", gis.Ref: "String", gis.Int: "Integer64", gis.Real: "Real",
	gis.Bool: "Integer(Boolean)", gis.DateType: "Date", gis.TimeType: "DateTime",
}

var ogrGeomName = map[gis.GeomType]string{gis.Point: "Point", gis.LineString: "Line String", gis.Polygon: "Polygon"}

// checkLayers compares what ogrinfo sees of every kind's layer with the
// live records of the kind.
func checkLayers(t *testing.T, st *sqlstore.Store, pg string, want map[gis.Kind]int) {
	t.Helper()
	ctx := context.Background()
	list := ogrinfo(t, pg)
	listed := map[string]string{}
	for _, m := range ogrLayers.FindAllStringSubmatch(list, -1) {
		listed[m[1]] = m[2]
	}
	for _, k := range gis.Kinds() {
		s := gis.MustLookup(k)
		var live int
		if err := st.DB().QueryRowContext(ctx, `SELECT count(*) FROM records WHERE kind = $1 AND NOT deleted`, string(k)).Scan(&live); err != nil {
			t.Fatal(err)
		}
		if live != want[k] {
			t.Fatalf("%s: %d live records, the test made %d", k, live, want[k])
		}
		l := ogrLayerInfo(t, pg, s.Table)
		if l.count != live {
			t.Errorf("%s: ogrinfo counts %d features, %d live records", k, l.count, live)
		}
		if s.Spatial() {
			if listed[s.Table] != ogrGeomName[s.Geom] || l.geom != ogrGeomName[s.Geom] || !l.srid {
				t.Errorf("%s: ogrinfo lists %q, geometry %q, EPSG:4326 %v; want %s in EPSG:4326", k, listed[s.Table], l.geom, l.srid, ogrGeomName[s.Geom])
			}
		} else if listed[s.Table] != "None" {
			t.Errorf("%s: ogrinfo lists %q, want an attribute table", k, listed[s.Table])
		}
		for _, f := range s.Fields {
			got, ok := l.fields[f.Name]
			switch {
			case f.Private && ok:
				t.Errorf("%s: private field %s is in the layer", k, f.Name)
			case !f.Private && got != ogrType[f.Type]:
				t.Errorf("%s.%s: ogrinfo type %q, want %q", k, f.Name, got, ogrType[f.Type])
			}
		}
	}
}

// The referee: after pushes, updates and deletes of every kind through
// the service, ogrinfo lists each kind's layer with its geometry type,
// EPSG:4326, typed attributes and as many features as live records.
func TestLayersOgrinfo(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		t.Fatal("ogrinfo (gdal-bin) is the referee of the layers:", err)
	}
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pg := ogrPG(t, dsn)
	if err := st.EnsureWard(ctx, storetest.Ward, "Kiến An"); err != nil {
		t.Fatal(err)
	}
	svc := server.NewService(st)
	admin, err := svc.AddUser(ctx, storetest.Ward, "admin", server.Admin, "", "mật-khẩu-admin")
	if err != nil {
		t.Fatal(err)
	}
	push := func(ops ...wire.Op) []wire.OpResult {
		t.Helper()
		res, err := svc.Push(ctx, admin, ops)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Status != wire.Applied {
				t.Fatalf("push: %+v", r)
			}
		}
		return res
	}
	want := map[gis.Kind]int{}
	ids := map[gis.Kind][]string{}
	for _, k := range gis.Kinds() {
		var ops []wire.Op
		for i := range 5 {
			op := storetest.Op(string(k), gis.NewID(), wire.OpInsert, 0, sample(gis.MustLookup(k), i))
			ops = append(ops, op)
			ids[k] = append(ids[k], op.ID)
		}
		push(ops...)
		want[k] = 5
	}
	checkLayers(t, st, pg, want)

	// Updates: a tree moves and grows; a report's status changes. Deletes:
	// one record of each kind leaves its layer, and stays out after.
	tree, report := ids[gis.Tree][0], ids[gis.Report][1]
	res := push(storetest.Op(string(gis.Tree), tree, wire.OpUpdate, revOf(t, st, tree), map[string]any{
		"height_m": 12.5, "planted_on": "2024-02-29", "geom": map[string]any{"type": "Point", "coordinates": []any{106.7, 20.9}}}),
		storetest.Op(string(gis.Report), report, wire.OpUpdate, revOf(t, st, report), map[string]any{"status": "closed", "private_note": "chỉ nội bộ"}))
	if len(res) != 2 {
		t.Fatal(res)
	}
	for _, k := range gis.Kinds() {
		id := ids[k][4]
		push(storetest.Op(string(k), id, wire.OpDelete, revOf(t, st, id), nil))
		want[k]--
	}
	checkLayers(t, st, pg, want)
	var h float64
	var planted time.Time
	var wkt, status string
	if err := st.DB().QueryRowContext(ctx, `SELECT height_m, planted_on, ST_AsText(geom) FROM tree WHERE ward_id = $1 AND id = $2`, storetest.Ward, tree).
		Scan(&h, &planted, &wkt); err != nil || h != 12.5 || planted.Format(time.DateOnly) != "2024-02-29" || wkt != "POINT(106.7 20.9)" {
		t.Errorf("updated tree in its layer: %v %v %s %v", h, planted, wkt, err)
	}
	if err := st.DB().QueryRowContext(ctx, `SELECT status FROM report WHERE ward_id = $1 AND id = $2`, storetest.Ward, report).Scan(&status); err != nil || status != "closed" {
		t.Errorf("updated report in its layer: %q %v", status, err)
	}
	var n int
	if err := st.DB().QueryRowContext(ctx, `SELECT count(*) FROM tree WHERE ward_id = $1 AND id = $2`, storetest.Ward, ids[gis.Tree][4]).Scan(&n); err != nil || n != 0 {
		t.Errorf("a deleted tree is still in its layer: %d %v", n, err)
	}
}

func revOf(t *testing.T, st *sqlstore.Store, id string) int64 {
	t.Helper()
	var rev int64
	if err := st.DB().QueryRow(`SELECT rev FROM records WHERE ward_id = $1 AND id = $2`, storetest.Ward, id).Scan(&rev); err != nil {
		t.Fatal(err)
	}
	return rev
}

// A database from before the layers (records written, no layer tables)
// gets its layers, filled from the records, when the server starts; a
// value of the wrong type becomes NULL rather than stopping the start.
func TestLayersBuiltFromExistingRecords(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.EnsureWard(ctx, "w1", "W1"); err != nil {
		t.Fatal(err)
	}
	// As before the layers: records only.
	for _, table := range sqlstore.LayerTables() {
		if _, err := st.DB().ExecContext(ctx, `DROP TABLE "`+table+`"`); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC()
	put := func(id, kind, fields string, deleted bool) {
		if _, err := st.DB().ExecContext(ctx, `INSERT INTO records (ward_id, id, kind, rev, fields, field_revs, deleted, created_at, created_by, updated_at, updated_by)
			VALUES ('w1', $1, $2, (SELECT coalesce(max(rev), 0) + 1 FROM records), $3, '{}', $4, $5, 'x', $5, 'x')`, id, kind, fields, deleted, now); err != nil {
			t.Fatal(err)
		}
	}
	put("t1", "tree", `{"geom":{"type":"Point","coordinates":[106.6,20.8]},"height_m":7,"planted_on":"2020-01-31","condition":"good"}`, false)
	put("t2", "tree", `{"geom":{"type":"Point","coordinates":[106.61,20.8]},"height_m":"tall","planted_on":"2021-02-30","position_approximate":"yes"}`, false)
	put("t3", "tree", `{"geom":{"type":"Point","coordinates":[106.62,20.8]}}`, true)
	put("t4", "tree", `{"geom":{"type":"Point","coordinates":[200,95]}}`, false)
	put("s1", "street", `{"geom":{"type":"Point","coordinates":[106.6,20.8]},"name":"Trần Thành Ngọ","class":"main"}`, false)
	st.Close()
	if st, err = sqlstore.Open(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.DB().QueryContext(ctx, `SELECT id, height_m, planted_on::text, position_approximate, ST_AsText(geom) FROM tree ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id string
		var h *float64
		var d, g *string
		var a *bool
		if err := rows.Scan(&id, &h, &d, &a, &g); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %s %s %s", id, str(h), str(d), str(a), str(g)))
	}
	want := []string{"t1 7 2020-01-31 NULL POINT(106.6 20.8)", "t2 NULL NULL NULL POINT(106.61 20.8)", "t4 NULL NULL NULL POINT(200 95)"}
	if !slices.Equal(got, want) {
		t.Errorf("tree layer built from records:\n got %q\nwant %q", got, want)
	}
	var name string
	var geom *string
	if err := st.DB().QueryRowContext(ctx, `SELECT name, ST_AsText(geom) FROM street WHERE id = 's1'`).Scan(&name, &geom); err != nil || name != "Trần Thành Ngọ" || geom != nil {
		t.Errorf("a street whose geometry is not a line keeps its row without one: %q %v %v", name, geom, err)
	}
}

func str[T any](p *T) string {
	if p == nil {
		return "NULL"
	}
	return fmt.Sprint(*p)
}

// No schema field takes the name of a layer's own column.
func TestLayerNames(t *testing.T) {
	for _, k := range gis.Kinds() {
		for _, f := range gis.MustLookup(k).Fields {
			if slices.Contains([]string{"ward_id", "id", "rev", "created_at", "created_by", "updated_at", "updated_by", "geom"}, f.Name) {
				t.Errorf("%s.%s is also a layer column", k, f.Name)
			}
		}
	}
}
