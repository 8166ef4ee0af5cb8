package inventory_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"

	"wardmap/data/formats/shapefile"
	"wardmap/data/formats/shapefile/shapefiletest"
	"wardmap/data/formats/vnenc"
	"wardmap/data/laptop/gpkg"
	"wardmap/data/laptop/inventory"
	"wardmap/gis"
)

func ogr(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("ogr2ogr", args...).CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// vnTrees are trees as a Hải Phòng register holds them: WGS 84 position
// (where ogr2ogr starts from), code, species, address, height, survey.
var vnTrees = []struct {
	lon, lat              float64
	code, species, addr   string
	height, surveyed, dbh string
	side, number          string
}{
	{106.6801, 20.8601, "HP-0001", "Sấu", "Số 12 phố Hàng Bạc, phường Hoàn Kiếm", "12.5", "20240131", "35", "Bên trái đường", "1"},
	{106.6811, 20.8606, "HP-0002", "Bằng lăng nước", "Ngõ 5 Nguyễn Thị Minh Khai", "7", "20231115", "22.5", "Mặt tiền", "2"},
	{106.6822, 20.8612, "HP-0003", "Xà cừ", "ĐƯỜNG LÁNG HẠ", "18.2", "20240605", "61", "Dải phân cách", "1"},
	{106.6833, 20.8618, "HP-0004", "Hoàng lan", "Trần Hưng Đạo, tổ dân phố số 4", "9", "20220228", "18", "Bên phải đường", "3"},
	{106.6844, 20.8624, "HP-0005", "Lộc vừng", "Quán Toan, Hồng Bàng", "6.5", "20240101", "15", "", ""},
}

const vnMapping = `{"kind": "tree",
  "fields": {"code": "MA_CAY", "species_vi": "LOAI", "address": "DIA_CHI",
             "height_m": "CAO_M", "trunk_diameter_cm": "DK_CM",
             "surveyed_on": "NGAY_KS", "street_side": "VI_TRI", "tree_number": "SO_CAY"}}`

// vnShapefile writes the trees as a Shapefile in EPSG:9210 (VN-2000,
// Hải Phòng zone): the .shp, .shx and .prj by ogr2ogr from WGS 84, the
// .dbf by our own encoder in enc (GDAL cannot write TCVN3 or VNI, and
// truncates Windows-1258), the .cpg when cpg is set.
func vnShapefile(t *testing.T, dir string, enc vnenc.Encoding, cpg string) string {
	t.Helper()
	geoms := make([]string, len(vnTrees))
	for i, tr := range vnTrees {
		geoms[i] = fmt.Sprintf(`{"type":"Point","coordinates":[%v,%v]}`, tr.lon, tr.lat)
	}
	shp := shapefiletest.FromGeoJSON(t, dir, "cay_"+string(enc), geoms, "-t_srs", "EPSG:9210")

	fields := []shapefile.Field{
		{Name: "MA_CAY", Type: 'C', Length: 10}, {Name: "LOAI", Type: 'C', Length: 40},
		{Name: "DIA_CHI", Type: 'C', Length: 80}, {Name: "CAO_M", Type: 'N', Length: 6, Decimals: 1},
		{Name: "NGAY_KS", Type: 'D', Length: 8}, {Name: "DK_CM", Type: 'N', Length: 6, Decimals: 1},
		{Name: "VI_TRI", Type: 'C', Length: 30}, {Name: "SO_CAY", Type: 'N', Length: 3},
	}
	rows := make([][]string, len(vnTrees))
	for i, tr := range vnTrees {
		rows[i] = []string{tr.code, tr.species, tr.addr, tr.height, tr.surveyed, tr.dbh, tr.side, tr.number}
	}
	var buf bytes.Buffer
	if err := shapefile.WriteDBF(&buf, fields, rows, enc, 0); err != nil {
		t.Fatal(err)
	}
	shapefiletest.SetDBF(t, shp, buf.Bytes(), cpg)
	return shp
}

// TestShapefileVN2000Encodings: a Shapefile in VN-2000 whose .dbf holds
// Vietnamese in Windows-1258 (declared by its .cpg), TCVN3 and VNI (given
// with --encoding) imports with the right text at the right place; the
// CRS comes from the .prj. Read in a wrong encoding, the file is refused
// naming the field and the record, and nothing is written.
func TestShapefileVN2000Encodings(t *testing.T) {
	shapefiletest.NeedOGR(t)
	for _, c := range []struct {
		enc       vnenc.Encoding
		cpg, flag string
	}{
		{vnenc.Windows1258, "1258", ""},
		{vnenc.TCVN3, "", "tcvn3"},
		{vnenc.VNI, "", "VNI"},
	} {
		t.Run(string(c.enc), func(t *testing.T) {
			dir := t.TempDir()
			shp := vnShapefile(t, dir, c.enc, c.cpg)
			st := openDB(t)
			mp := writeFile(t, "map.json", []byte(vnMapping))
			res := mustImport(t, st, shp, mp, gis.Tree, func(o *inventory.Options) { o.Encoding = c.flag })
			// The .prj names no EPSG code: the CRS is its own (VN-2000, zone 105°45').
			if res.Imported != len(vnTrees) || res.Format != "shapefile" || res.CRS != "EPSG:9210" && !strings.Contains(res.CRS, "VN-2000_TM-3_105-45") {
				t.Fatalf("%+v", res)
			}
			got, err := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree})
			if err != nil {
				t.Fatal(err)
			}
			byCode := map[string]*gis.Feature{}
			for _, r := range got {
				byCode[r.Feature.Attrs["code"].(string)] = r.Feature
			}
			for _, tr := range vnTrees {
				f := byCode[tr.code]
				if f == nil {
					t.Fatalf("%s not imported", tr.code)
				}
				if f.Attrs["species_vi"] != tr.species || f.Attrs["address"] != tr.addr {
					t.Errorf("%s: %q, %q; want %q, %q", tr.code, f.Attrs["species_vi"], f.Attrs["address"], tr.species, tr.addr)
				}
				if h := fmt.Sprint(f.Attrs["height_m"]); h != tr.height {
					t.Errorf("%s: height %s, want %s", tr.code, h, tr.height)
				}
				// The survey date, side and tree number the schema gained.
				wantDate := tr.surveyed[:4] + "-" + tr.surveyed[4:6] + "-" + tr.surveyed[6:]
				side, _ := gis.MustLookup(gis.Tree).Field("street_side")
				wantSide := ""
				for _, o := range side.Options {
					if o.Label.VI == tr.side {
						wantSide = o.Value
					}
				}
				if d := fmt.Sprint(f.Attrs["surveyed_on"]); d != wantDate || fmt.Sprint(f.Attrs["street_side"]) != fmt.Sprint(orNil(wantSide)) || fmt.Sprint(f.Attrs["tree_number"]) != fmt.Sprint(orNil(tr.number)) {
					t.Errorf("%s: surveyed %v, side %v, number %v", tr.code, f.Attrs["surveyed_on"], f.Attrs["street_side"], f.Attrs["tree_number"])
				}
				p := f.Geom.(orb.Point)
				// ogr2ogr's and gis/crs's VN-2000 datum shifts are the same
				// published parameters: the round trip is within 1 cm.
				if dx, dy := (p[0]-tr.lon)*104e3, (p[1]-tr.lat)*111e3; math.Hypot(dx, dy) > 0.01 {
					t.Errorf("%s at %v, want (%v, %v): %.3f m off", tr.code, p, tr.lon, tr.lat, math.Hypot(dx, dy))
				}
			}
			// The wrong encoding: refused, with the field, the record and
			// the encoding that reads it, and nothing written.
			other := map[vnenc.Encoding]string{vnenc.Windows1258: "tcvn3", vnenc.TCVN3: "vni", vnenc.VNI: "windows-1258"}[c.enc]
			st2 := openDB(t)
			_, err = importFile(t, st2, shp, mp, gis.Tree, func(o *inventory.Options) { o.Encoding = other })
			if err == nil || !strings.Contains(err.Error(), "field LOAI, record 1") || !strings.Contains(err.Error(), "--encoding "+string(c.enc)) {
				t.Errorf("read as %s: %v", other, err)
			}
			if n := count(t, st2, gis.Tree); n != 0 {
				t.Errorf("read as %s: %d trees stored", other, n)
			}
		})
	}
}

// TestXLSXFromOGR: a workbook written by `ogr2ogr -f XLSX` imports with
// numbers as numbers (12.345678, not what a format displays) and dates as
// dates (GDAL writes them as serial numbers shown "DD/MM/YY"); a sheet is
// chosen by name.
func TestXLSXFromOGR(t *testing.T) {
	shapefiletest.NeedOGR(t)
	dir := t.TempDir()
	lamps := writeFile(t, "lamps.csv", []byte("lon,lat,pole_code,status\n106.68,20.86,DC-01,working\n"))
	trees := writeFile(t, "Cay xanh.csv", []byte("lon,lat,code,height_m,trunk_diameter_cm,planted_on,species_vi\n"+
		"106.68,20.86,T-007,12.345678,35,2021-03-04,Sấu\n106.681,20.861,T-008,7,40.5,1999-12-31,Xà cừ\n"))
	xlsx := filepath.Join(dir, "so-cay.xlsx")
	ogr(t, "-f", "XLSX", xlsx, lamps, "-nln", "Den", "-oo", "AUTODETECT_TYPE=YES")
	ogr(t, "-update", xlsx, trees, "-nln", "Cay xanh", "-oo", "AUTODETECT_TYPE=YES")
	// What a reader of displayed values would get.
	xf, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	shown, _ := xf.GetCellValue("Cay xanh", "F2")
	xf.Close()
	st := openDB(t)
	res := mustImport(t, st, xlsx, "", gis.Tree, func(o *inventory.Options) { o.Layer = "Cay xanh" })
	if res.Imported != 2 || res.Format != "xlsx" {
		t.Fatalf("%+v", res)
	}
	got, err := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		f := r.Feature
		if f.Attrs["code"] != "T-007" {
			continue
		}
		// height_m is rounded to 0.01 by the importer, as for CSV.
		if f.Attrs["height_m"] != 12.35 || f.Attrs["trunk_diameter_cm"] != 35.0 || f.Attrs["species_vi"] != "Sấu" {
			t.Errorf("T-007: %v", f.Attrs)
		}
		if d := fmt.Sprint(f.Attrs["planted_on"]); d != "2021-03-04" {
			t.Errorf("T-007 planted %s (the sheet shows %q)", d, shown)
		} else {
			t.Logf("planted_on: the sheet shows %q, imported %s", shown, d)
		}
		if p := f.Geom.(orb.Point); p != (orb.Point{106.68, 20.86}) {
			t.Errorf("T-007 at %v", p)
		}
	}
	// The first sheet (lamps) without --sheet; a sheet that is not there.
	res = mustImport(t, openDB(t), xlsx, "", gis.Lamp, nil)
	if res.Imported != 1 {
		t.Errorf("first sheet: %+v", res)
	}
	if _, err := importFile(t, openDB(t), xlsx, "", gis.Tree, func(o *inventory.Options) { o.Layer = "Cây" }); err == nil || !strings.Contains(err.Error(), `"Cay xanh"`) {
		t.Errorf("missing sheet: %v", err)
	}
}

// TestGPKGLayer: a layer of another tool's GeoPackage, chosen by name,
// in the CRS its gpkg_spatial_ref_sys gives (EPSG:9210 here).
func TestGPKGLayer(t *testing.T) {
	shapefiletest.NeedOGR(t)
	dir := t.TempDir()
	src := writeFile(t, "trees.csv", []byte("lon,lat,code,species_vi,planted_on\n106.6801,20.8601,G-1,Sấu,2020-01-02\n106.6812,20.8607,G-2,Xà cừ,\n"))
	gp := filepath.Join(dir, "other.gpkg")
	ogr(t, "-f", "GPKG", gp, src, "-nln", "cay", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "AUTODETECT_TYPE=YES", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:9210")
	ogr(t, "-update", gp, src, "-nln", "cay_wgs84", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326")
	if _, err := importFile(t, openDB(t), gp, "", gis.Tree, nil); err == nil || !strings.Contains(err.Error(), "cay, cay_wgs84") {
		t.Errorf("two layers, none chosen: %v", err)
	}
	st := openDB(t)
	res := mustImport(t, st, gp, "", gis.Tree, func(o *inventory.Options) { o.Layer = "cay" })
	if res.Imported != 2 || res.CRS != "EPSG:9210" || res.Format != "gpkg" {
		t.Fatalf("%+v", res)
	}
	got, _ := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree})
	for _, r := range got {
		f := r.Feature
		if f.Attrs["code"] == "G-1" {
			p := f.Geom.(orb.Point)
			if math.Abs(p[0]-106.6801) > 1e-7 || math.Abs(p[1]-20.8601) > 1e-7 || f.Attrs["species_vi"] != "Sấu" || fmt.Sprint(f.Attrs["planted_on"]) != "2020-01-02" {
				t.Errorf("G-1: %v %v", p, f.Attrs)
			}
		}
	}
}

// TestKMLFromOGR: ogr2ogr writes fields as SchemaData/SimpleData; a KMZ
// is the same document zipped.
func TestKMLFromOGR(t *testing.T) {
	shapefiletest.NeedOGR(t)
	dir := t.TempDir()
	src := writeFile(t, "trees.csv", []byte("lon,lat,code,species_vi,height_m\n106.6801,20.8601,K-1,Sấu,11.5\n106.6812,20.8607,K-2,Bằng lăng,8\n"))
	kmlPath := filepath.Join(dir, "trees.kml")
	ogr(t, "-f", "KML", kmlPath, src, "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326")
	doc, err := os.ReadFile(kmlPath)
	if err != nil {
		t.Fatal(err)
	}
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("doc.kml")
	w.Write(doc)
	zw.Close()
	kmz := writeFile(t, "trees.kmz", zb.Bytes())
	for _, path := range []string{kmlPath, kmz} {
		st := openDB(t)
		res := mustImport(t, st, path, "", gis.Tree, nil)
		if res.Imported != 2 || res.Format != "kml" {
			t.Fatalf("%s: %+v", path, res)
		}
		got, _ := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree})
		for _, r := range got {
			if f := r.Feature; f.Attrs["code"] == "K-1" && (f.Attrs["species_vi"] != "Sấu" || f.Attrs["height_m"] != 11.5 || f.Geom.(orb.Point) != (orb.Point{106.6801, 20.8601})) {
				t.Errorf("%s: K-1 %v %v", path, f.Geom, f.Attrs)
			}
		}
	}
}

// TestGPXWaypoints: waypoints are records; their name can be mapped.
func TestGPXWaypoints(t *testing.T) {
	gpxDoc := `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="20.8601" lon="106.6801"><ele>4.5</ele><name>CX-1</name><desc>Sấu trước số 12</desc></wpt>
<wpt lat="20.8607" lon="106.6812"><name>CX-2</name></wpt>
</gpx>`
	path := writeFile(t, "cay.gpx", []byte(gpxDoc))
	mp := writeFile(t, "map.json", []byte(`{"kind": "tree", "fields": {"code": "name", "address": "desc"}}`))
	st := openDB(t)
	res := mustImport(t, st, path, mp, gis.Tree, nil)
	if res.Imported != 2 || res.Format != "gpx" {
		t.Fatalf("%+v", res)
	}
	got, _ := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree})
	for _, r := range got {
		if f := r.Feature; f.Attrs["code"] == "CX-1" && (f.Attrs["address"] != "Sấu trước số 12" || f.Geom.(orb.Point) != (orb.Point{106.6801, 20.8601})) {
			t.Errorf("CX-1: %v %v", f.Geom, f.Attrs)
		}
	}
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TestCSVVietnameseEncodings: a CSV saved in TCVN3, VNI or Windows-1258
// imports with --encoding (or csv.encoding); read in the wrong one it is
// refused naming the line.
func TestCSVVietnameseEncodings(t *testing.T) {
	text := "lon,lat,code,species_vi,address\n106.68,20.86,C-1,Bằng lăng nước,Ngõ 5 Nguyễn Thị Minh Khai\n106.681,20.861,C-2,Sấu,Phường Hàng Bạc\n"
	for _, enc := range []vnenc.Encoding{vnenc.Windows1258, vnenc.TCVN3, vnenc.VNI} {
		b, err := vnenc.Encode(enc, text)
		if err != nil {
			t.Fatal(err)
		}
		path := writeFile(t, "cay-"+string(enc)+".csv", b)
		st := openDB(t)
		res := mustImport(t, st, path, "", gis.Tree, func(o *inventory.Options) { o.Encoding = string(enc) })
		if res.Imported != 2 {
			t.Fatalf("%s: %+v", enc, res)
		}
		got, _ := st.Find(context.Background(), gpkg.Query{Kind: gis.Tree})
		for _, r := range got {
			if f := r.Feature; f.Attrs["code"] == "C-1" && (f.Attrs["species_vi"] != "Bằng lăng nước" || f.Attrs["address"] != "Ngõ 5 Nguyễn Thị Minh Khai") {
				t.Errorf("%s: %v", enc, f.Attrs)
			}
		}
		wrong := map[vnenc.Encoding]string{vnenc.Windows1258: "vni", vnenc.TCVN3: "windows-1258", vnenc.VNI: "tcvn3"}[enc]
		st2 := openDB(t)
		if _, err := importFile(t, st2, path, "", gis.Tree, func(o *inventory.Options) { o.Encoding = wrong }); err == nil || !strings.Contains(err.Error(), "line 2 does not read as") {
			t.Errorf("%s read as %s: %v", enc, wrong, err)
		}
		if count(t, st2, gis.Tree) != 0 {
			t.Errorf("%s read as %s: stored", enc, wrong)
		}
	}
	// UTF-8 read as TCVN3: refused too.
	path := writeFile(t, "utf8.csv", []byte(text))
	if _, err := importFile(t, openDB(t), path, "", gis.Tree, func(o *inventory.Options) { o.Encoding = "tcvn3" }); err == nil {
		t.Error("UTF-8 read as TCVN3 passed")
	}
}
