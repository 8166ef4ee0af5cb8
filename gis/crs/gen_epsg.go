//go:build ignore

// Command gen_epsg writes epsg.txt.gz, the projected and geographic CRSs of
// the EPSG dataset that package crs can convert, from PROJ's proj.db (a
// SQLite file) and, for each geographic CRS's shift to WGS 84, the first
// operation PROJ's projinfo proposes. Run by `go generate ./gis/crs/` on a
// machine with PROJ (Debian proj-bin, proj-data).
//
// Line formats ('|' separated, one CRS a line, sorted by code):
//
//	G|code|name|datum code|datum names (;)|a|1/f|pm°|deg axes (1/0)|flags and shift candidates
//	P|code|name|method code|geographic code|metres per unit|lat0,lon0,k0,fe,fn,lat1,lat2
//	U|code|name|why it is not supported (the method's name, or its axes)
//
// The shift candidates are described at func shift.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"

	_ "github.com/mattn/go-sqlite3"
)

var methods = "9807,9801,9802,9804,9805,9822"

func main() {
	dbPath := flag.String("db", "/usr/share/proj/proj.db", "PROJ database")
	out := flag.String("o", "epsg.txt.gz", "output file")
	flag.Parse()
	db, err := sql.Open("sqlite3", "file:"+*dbPath+"?mode=ro")
	if err != nil {
		log.Fatal(err)
	}
	units := loadUnits(db)
	proj := projected(db, units)
	geog := geographic(db, units, proj)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	for _, l := range geog {
		fmt.Fprintln(w, l)
	}
	for _, l := range proj {
		fmt.Fprintln(w, l.line)
	}
	for _, l := range unsupported(db, proj) {
		fmt.Fprintln(w, l)
	}
	must(w.Flush())
	must(zw.Close())
	must(os.WriteFile(*out, buf.Bytes(), 0o644))
	log.Printf("%d geographic, %d projected CRSs, %d bytes", len(geog), len(proj), buf.Len())
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

type unit struct {
	typ    string
	factor float64 // to metres, radians or unity; NaN for sexagesimal DMS
}

func loadUnits(db *sql.DB) map[string]unit {
	rows, err := db.Query(`SELECT code, type, conv_factor FROM unit_of_measure WHERE auth_name='EPSG'`)
	must(err)
	defer rows.Close()
	u := map[string]unit{}
	for rows.Next() {
		var code, typ string
		var f sql.NullFloat64
		must(rows.Scan(&code, &typ, &f))
		v := math.NaN()
		if f.Valid {
			v = f.Float64
		}
		u[code] = unit{typ, v}
	}
	return u
}

// dms decodes EPSG:9110, sexagesimal DMS written as DDD.MMSSsss.
func dms(v float64) float64 {
	s := strconv.FormatFloat(math.Abs(v), 'f', 10, 64)
	ip, fp, _ := strings.Cut(s, ".")
	fp += "0000000000"
	d, _ := strconv.ParseFloat(ip, 64)
	m, _ := strconv.ParseFloat(fp[:2], 64)
	sec, _ := strconv.ParseFloat(fp[2:4]+"."+fp[4:], 64)
	return math.Copysign(d+m/60+sec/3600, v)
}

// value converts a parameter to degrees, metres or unity.
func value(units map[string]unit, v float64, uom string) (float64, bool) {
	switch uom {
	case "9110":
		return dms(v), true
	case "9102", "9122": // degrees already: no round trip through radians
		return v, true
	}
	u, ok := units[uom]
	if !ok || math.IsNaN(u.factor) {
		return 0, false
	}
	switch u.typ {
	case "angle":
		return v * u.factor * 180 / math.Pi, true
	case "length", "scale":
		return v * u.factor, true
	}
	return 0, false
}

type projRow struct {
	code, geog int
	line       string
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func projected(db *sql.DB, units map[string]unit) []projRow {
	q := `SELECT p.code, p.name, c.method_code, p.geodetic_crs_code, p.coordinate_system_code`
	for i := 1; i <= 7; i++ {
		q += fmt.Sprintf(`, c.param%[1]d_code, c.param%[1]d_value, c.param%[1]d_uom_code`, i)
	}
	q += ` FROM projected_crs p JOIN conversion_table c ON c.auth_name = p.conversion_auth_name AND c.code = p.conversion_code
		WHERE p.auth_name = 'EPSG' AND p.deprecated = 0 AND p.geodetic_crs_auth_name = 'EPSG'
		AND c.method_auth_name = 'EPSG' AND c.method_code IN (` + methods + `)`
	rows, err := db.Query(q)
	must(err)
	type raw struct {
		code, geog  int
		name, cs    string
		method      string
		pcode, puom [7]sql.NullString
		pval        [7]sql.NullFloat64
	}
	var raws []raw
	for rows.Next() {
		var r raw
		dest := []any{&r.code, &r.name, &r.method, &r.geog, &r.cs}
		for i := range 7 {
			dest = append(dest, &r.pcode[i], &r.pval[i], &r.puom[i])
		}
		must(rows.Scan(dest...))
		raws = append(raws, r)
	}
	must(rows.Err())
	rows.Close()
	var out []projRow
	for _, r := range raws {
		factor, ok := axes(db, units, r.cs)
		if !ok {
			skipped[r.code] = "axes other than east, north in one length unit"
			continue
		}
		// lat0, lon0, k0, fe, fn, lat1, lat2
		p := [7]float64{0, 0, 1, 0, 0, 0, 0}
		idx := map[string]int{"8801": 0, "8802": 1, "8805": 2, "8806": 3, "8807": 4,
			"8821": 0, "8822": 1, "8823": 5, "8824": 6, "8826": 3, "8827": 4}
		good := true
		for i := range 7 {
			if !r.pcode[i].Valid {
				continue
			}
			j, known := idx[r.pcode[i].String]
			v, okv := value(units, r.pval[i].Float64, r.puom[i].String)
			if !known || !okv {
				good = false
				break
			}
			p[j] = v
		}
		if !good {
			skipped[r.code] = "parameters in units not handled"
			continue
		}
		ps := make([]string, 7)
		for i, v := range p {
			ps[i] = num(v)
		}
		out = append(out, projRow{r.code, r.geog, fmt.Sprintf("P|%d|%s|%s|%d|%s|%s",
			r.code, clean(r.name), r.method, r.geog, num(factor), strings.Join(ps, ","))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].code < out[j].code })
	return out
}

// axes returns metres per unit of a projected CS whose axes are east and
// north (either order: x is always the easting here) in one length unit.
func axes(db *sql.DB, units map[string]unit, cs string) (float64, bool) {
	rows, err := db.Query(`SELECT orientation, uom_code FROM axis WHERE coordinate_system_auth_name='EPSG'
		AND coordinate_system_code = ? ORDER BY coordinate_system_order`, cs)
	must(err)
	defer rows.Close()
	seen := map[string]bool{}
	uom := ""
	n := 0
	for rows.Next() {
		var o, u string
		must(rows.Scan(&o, &u))
		n++
		seen[strings.ToLower(o)] = true
		if uom != "" && u != uom {
			return 0, false
		}
		uom = u
	}
	un, ok := units[uom]
	if n != 2 || !seen["east"] || !seen["north"] || !ok || un.typ != "length" || math.IsNaN(un.factor) {
		return 0, false
	}
	return un.factor, true
}

func clean(s string) string { return strings.NewReplacer("|", "/", "\n", " ").Replace(s) }

func geographic(db *sql.DB, units map[string]unit, proj []projRow) []string {
	need := map[int]bool{}
	for _, p := range proj {
		need[p.geog] = true
	}
	rows, err := db.Query(`SELECT g.code, g.name, g.type, g.deprecated, g.coordinate_system_code, d.code, d.name,
		e.semi_major_axis, e.uom_code, e.inv_flattening, e.semi_minor_axis, pm.longitude, pm.uom_code
		FROM geodetic_crs g JOIN geodetic_datum d ON d.auth_name = g.datum_auth_name AND d.code = g.datum_code
		JOIN ellipsoid e ON e.auth_name = d.ellipsoid_auth_name AND e.code = d.ellipsoid_code
		JOIN prime_meridian pm ON pm.auth_name = d.prime_meridian_auth_name AND pm.code = d.prime_meridian_code
		WHERE g.auth_name = 'EPSG' AND g.datum_auth_name = 'EPSG' ORDER BY g.code`)
	must(err)
	type raw struct {
		code, dcode          int
		name, typ, cs, dname string
		deprecated           bool
		a, invf, b           sql.NullFloat64
		aUom, pmUom          string
		pm                   float64
	}
	var raws []raw
	for rows.Next() {
		var r raw
		must(rows.Scan(&r.code, &r.name, &r.typ, &r.deprecated, &r.cs, &r.dcode, &r.dname,
			&r.a, &r.aUom, &r.invf, &r.b, &r.pm, &r.pmUom))
		raws = append(raws, r)
	}
	rows.Close()
	var out []string
	for _, r := range raws {
		if !need[r.code] && (r.deprecated || r.typ != "geographic 2D") {
			continue
		}
		a, ok := value(units, r.a.Float64, r.aUom)
		if !ok {
			continue
		}
		invf := r.invf.Float64
		if !r.invf.Valid || invf == 0 {
			if r.b.Valid && r.b.Float64 != r.a.Float64 {
				invf = r.a.Float64 / (r.a.Float64 - r.b.Float64)
			} else {
				invf = 0 // a sphere
			}
		}
		pm, ok := value(units, r.pm, r.pmUom)
		if !ok {
			continue
		}
		degAxes := "0"
		if r.typ == "geographic 2D" && degreeAxes(db, r.cs) {
			degAxes = "1"
		}
		out = append(out, fmt.Sprintf("G|%d|%s|%d|%s|%s|%s|%s|%s|%s", r.code, clean(r.name), r.dcode,
			clean(datumNames(db, r.dcode, r.dname)), num(a), num(invf), num(pm), degAxes, shift(db, r.code)))
	}
	return out
}

func degreeAxes(db *sql.DB, cs string) bool {
	var n int
	must(db.QueryRow(`SELECT count(*) FROM axis WHERE coordinate_system_auth_name='EPSG' AND coordinate_system_code=?
		AND uom_code NOT IN ('9102','9122')`, cs).Scan(&n))
	return n == 0
}

func datumNames(db *sql.DB, code int, name string) string {
	names := []string{name}
	rows, err := db.Query(`SELECT alt_name FROM alias_name WHERE table_name='geodetic_datum' AND auth_name='EPSG' AND code=?`, code)
	must(err)
	defer rows.Close()
	for rows.Next() {
		var s string
		must(rows.Scan(&s))
		names = append(names, strings.ReplaceAll(s, ";", ","))
	}
	return strings.Join(names, ";")
}

// shift asks projinfo for the operations from the geographic CRS to WGS 84,
// those whose grids are missing left out, as cs2cs does. It returns flags,
// then the candidates cs2cs chooses from point by point, ';' separated:
//
//	code:accuracy (m, -1 unknown):offshore (0/1):W,S,E,N:values
//
// values are empty for no shift (a noop), "X" for a kind not implemented
// (Molodensky-Badekas, a geographic offset, a chain of steps: no shift is
// applied), or the TOWGS84 values (Position Vector); a null transformation
// through geocentric coordinates (only the ellipsoid changes) is 0,0,0.
// Flags: G, PROJ would use an installed grid somewhere (left out here);
// X, a candidate is not implemented.
func shift(db *sql.DB, code int) string {
	if code == 4326 {
		return ""
	}
	cmd := exec.Command("projinfo", "-s", fmt.Sprintf("EPSG:%d", code), "-t", "EPSG:4326",
		"--spatial-test", "intersects", "--grid-check", "discard_missing", "-o", "PROJ", "--single-line")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	flags := ""
	var cands []string
	header := ""
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "EPSG:") || strings.HasPrefix(l, "unknown id,") || strings.HasPrefix(l, "INVERSE(") {
			header = l
			continue
		}
		if !strings.HasPrefix(l, "+proj=") {
			continue
		}
		if strings.Contains(l, "grids=") || strings.Contains(l, "gridshift") {
			if !strings.Contains(flags, "G") {
				flags += "G"
			}
			continue
		}
		if strings.HasPrefix(header, "unknown id, Ballpark geographic offset") {
			// PROJ's last resort, chosen where no other area holds the point.
			cands = append(cands, "B:-1:0:-180,-90,180,90:")
			continue
		}
		m := headerRE.FindStringSubmatch(header)
		if m == nil { // some other unnamed operation
			continue
		}
		acc := "-1"
		if m[2] != "" {
			acc = m[2]
		}
		offshore := "0"
		if strings.Contains(m[3], "offshore") && !strings.Contains(m[3], "onshore") {
			offshore = "1"
		}
		box, ok := extent(db, m[1])
		if !ok {
			continue
		}
		var vals string
		switch {
		case l == "+proj=noop":
		case strings.Count(l, "+proj=helmert") == 1 && !strings.Contains(l, "molo"):
			vals = helmertParams(l)
		case !strings.Contains(l, "+proj=helmert") && strings.Contains(l, "+proj=cart") && !strings.Contains(l, "molo") &&
			!strings.Contains(l, "geogoffset"):
			vals = "0,0,0"
		default:
			vals = "X"
			if !strings.Contains(flags, "X") {
				flags += "X"
			}
		}
		cands = append(cands, fmt.Sprintf("%s:%s:%s:%s:%s", m[1], acc, offshore, box, vals))
	}
	return flags + strings.Join(cands, ";")
}

// headerRE reads projinfo's line above an operation: code, accuracy, area.
var headerRE = regexp.MustCompile(`^EPSG:(\d+), .*?, (?:([0-9.]+) m|unknown accuracy), (.*)$`)

// extent is the bounding box W,S,E,N of a transformation's area of use.
func extent(db *sql.DB, code string) (string, bool) {
	var w, s, e, n float64
	err := db.QueryRow(`SELECT e.west_lon, e.south_lat, e.east_lon, e.north_lat FROM usage u
		JOIN extent e ON e.auth_name = u.extent_auth_name AND e.code = u.extent_code
		WHERE u.object_auth_name = 'EPSG' AND u.object_code = ? AND u.object_table_name IN
		('helmert_transformation', 'other_transformation', 'concatenated_operation', 'grid_transformation')`, code).Scan(&w, &s, &e, &n)
	if err != nil {
		return "", false
	}
	return fmt.Sprintf("%s,%s,%s,%s", num(w), num(s), num(e), num(n)), true
}

func helmertParams(l string) string {
	i := strings.Index(l, "+proj=helmert")
	step := l[i:]
	if j := strings.Index(step, " +step"); j >= 0 {
		step = step[:j]
	}
	vals := map[string]float64{}
	cf := false
	for _, f := range strings.Fields(step) {
		k, v, ok := strings.Cut(strings.TrimPrefix(f, "+"), "=")
		if !ok {
			continue
		}
		if k == "convention" {
			cf = v == "coordinate_frame"
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err == nil {
			vals[k] = x
		}
	}
	p := []float64{vals["x"], vals["y"], vals["z"]}
	if _, rot := vals["rx"]; rot || vals["s"] != 0 {
		sign := 1.0
		if cf {
			sign = -1
		}
		p = append(p, sign*vals["rx"], sign*vals["ry"], sign*vals["rz"], vals["s"])
	}
	s := make([]string, len(p))
	for i, v := range p {
		s[i] = num(v)
	}
	return strings.Join(s, ",")
}

// skipped says why a projected CRS of a supported method was left out.
var skipped = map[int]string{}

// unsupported lists the other projected EPSG CRSs with the reason, so that
// an error can name the method rather than call the code unknown.
func unsupported(db *sql.DB, proj []projRow) []string {
	have := map[int]bool{}
	for _, p := range proj {
		have[p.code] = true
	}
	rows, err := db.Query(`SELECT p.code, p.name, coalesce(m.name, '?') FROM projected_crs p
		LEFT JOIN conversion_table c ON c.auth_name = p.conversion_auth_name AND c.code = p.conversion_code
		LEFT JOIN conversion_method m ON m.auth_name = c.method_auth_name AND m.code = c.method_code
		WHERE p.auth_name = 'EPSG' AND p.deprecated = 0 ORDER BY p.code`)
	must(err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var code int
		var name, method string
		must(rows.Scan(&code, &name, &method))
		if have[code] {
			continue
		}
		why := "method " + method
		if s, ok := skipped[code]; ok {
			why = method + ": " + s
		}
		out = append(out, fmt.Sprintf("U|%d|%s|%s", code, clean(name), clean(why)))
	}
	return out
}
