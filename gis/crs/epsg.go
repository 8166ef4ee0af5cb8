package crs

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The EPSG table: every non-deprecated projected CRS of the EPSG dataset
// whose method this package implements (Transverse Mercator, Lambert Conic
// Conformal 1SP/2SP, Mercator A/B, Albers) with east/north axes, the
// geographic CRSs they are based on, and, to name the method in an error,
// the projected CRSs it cannot convert. It is generated from PROJ's
// proj.db, which is what cs2cs uses; see gen_epsg.go for the format.
//
//go:generate go run gen_epsg.go -o epsg.txt.gz
//go:embed epsg.txt.gz
var epsgData []byte

type geogEntry struct {
	code, datumCode int
	name            string
	names           []string // the datum's names and aliases (ESRI's too)
	a, invf, pm     float64
	degAxes         bool
	// cands are PROJ's transformations to WGS 84 for this CRS, in its
	// order; none for WGS 84 itself.
	cands []rawCandidate
	// flags (gen_epsg.go): G, PROJ uses an installed grid somewhere; X, a
	// candidate is of a kind not implemented.
	flags string
}

type projEntry struct {
	code, geog int
	name       string
	method     string
	unit       float64
	p          projParams
}

type epsgTable struct {
	geog        map[int]*geogEntry
	proj        map[int]*projEntry
	unsupported map[int][2]string // name, reason
	byDatumName map[string]*geogEntry
	byDatumCode map[int]*geogEntry
	datums      sync.Map // geographic code → *datum
}

var epsg = sync.OnceValue(loadEPSG)

func loadEPSG() *epsgTable {
	t := &epsgTable{geog: map[int]*geogEntry{}, proj: map[int]*projEntry{},
		unsupported: map[int][2]string{}, byDatumName: map[string]*geogEntry{}, byDatumCode: map[int]*geogEntry{}}
	zr, err := gzip.NewReader(bytes.NewReader(epsgData))
	if err != nil {
		panic("crs: embedded EPSG table: " + err.Error())
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "|")
		if err := t.add(f); err != nil {
			panic(fmt.Sprintf("crs: embedded EPSG table line %q: %v", sc.Text(), err))
		}
	}
	if err := sc.Err(); err != nil {
		panic("crs: embedded EPSG table: " + err.Error())
	}
	return t
}

func (t *epsgTable) add(f []string) error {
	nums := func(ss ...string) ([]float64, error) {
		out := make([]float64, len(ss))
		for i, s := range ss {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	code, err := strconv.Atoi(f[1])
	if err != nil {
		return err
	}
	switch {
	case f[0] == "G" && len(f) == 10:
		g := &geogEntry{code: code, name: f[2], names: strings.Split(f[4], ";"), degAxes: f[8] == "1"}
		if g.datumCode, err = strconv.Atoi(f[3]); err != nil {
			return err
		}
		v, err := nums(f[5], f[6], f[7])
		if err != nil {
			return err
		}
		g.a, g.invf, g.pm = v[0], v[1], v[2]
		sh := strings.TrimLeft(f[9], "GX")
		g.flags = f[9][:len(f[9])-len(sh)]
		if sh != "" {
			for _, c := range strings.Split(sh, ";") {
				cand, err := parseCandidate(c)
				if err != nil {
					return err
				}
				g.cands = append(g.cands, cand)
			}
		}
		t.geog[code] = g
		// The first geographic CRS of a datum (the lowest code, its main
		// one) answers for the datum's names.
		if _, ok := t.byDatumCode[g.datumCode]; !ok {
			t.byDatumCode[g.datumCode] = g
		}
		for _, n := range g.names {
			if k := datumKey(n); k != "" {
				if _, ok := t.byDatumName[k]; !ok {
					t.byDatumName[k] = g
				}
			}
		}
	case f[0] == "P" && len(f) == 7:
		p := &projEntry{code: code, name: f[2]}
		mc, err := strconv.Atoi(f[3])
		if err != nil {
			return err
		}
		p.method = methodCodes[mc]
		if p.geog, err = strconv.Atoi(f[4]); err != nil {
			return err
		}
		v, err := nums(append([]string{f[5]}, strings.Split(f[6], ",")...)...)
		if err != nil || len(v) != 8 {
			return fmt.Errorf("parameters: %v", err)
		}
		p.unit = v[0]
		p.p = projParams{lat0: v[1], lon0: v[2], k0: v[3], fe: v[4], fn: v[5], lat1: v[6], lat2: v[7]}
		t.proj[code] = p
	case f[0] == "U" && len(f) == 4:
		t.unsupported[code] = [2]string{f[2], f[3]}
	default:
		return fmt.Errorf("unknown line kind")
	}
	return nil
}

// datumKey normalises a datum name for matching WKT against the table:
// case, punctuation and ESRI's "D_" prefix do not count.
func datumKey(name string) string {
	s := strings.ToLower(strings.TrimSpace(name))
	s = strings.TrimPrefix(s, "d_")
	var b strings.Builder
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// datumOf returns the datum of geographic entry g, shared per entry.
func (t *epsgTable) datumOf(g *geogEntry) (*datum, error) {
	if d, ok := t.datums.Load(g.code); ok {
		return d.(*datum), nil
	}
	d, err := g.datum()
	if err != nil {
		return nil, err
	}
	got, _ := t.datums.LoadOrStore(g.code, d)
	return got.(*datum), nil
}

// rawCandidate is one line of a geographic entry's candidates.
type rawCandidate struct {
	box         [4]float64 // W, S, E, N degrees
	acc         float64    // metres, -1 unknown
	offshore    bool
	unsupported bool
	towgs84     []float64 // nil: no shift
}

func parseCandidate(s string) (rawCandidate, error) {
	f := strings.SplitN(s, ":", 5)
	if len(f) != 5 {
		return rawCandidate{}, fmt.Errorf("candidate %q", s)
	}
	var c rawCandidate
	var err error
	if c.acc, err = strconv.ParseFloat(f[1], 64); err != nil {
		return c, err
	}
	c.offshore = f[2] == "1"
	box := strings.Split(f[3], ",")
	if len(box) != 4 {
		return c, fmt.Errorf("candidate box %q", f[3])
	}
	for i, b := range box {
		if c.box[i], err = strconv.ParseFloat(b, 64); err != nil {
			return c, err
		}
	}
	switch f[4] {
	case "":
	case "X":
		c.unsupported = true
	default:
		for _, v := range strings.Split(f[4], ",") {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return c, err
			}
			c.towgs84 = append(c.towgs84, x)
		}
	}
	return c, nil
}

func (g *geogEntry) datum() (*datum, error) {
	f := 0.0
	if g.invf != 0 {
		f = 1 / g.invf
	}
	el, err := newEllipsoid(g.a, f)
	if err != nil {
		return nil, err
	}
	var first []float64
	if len(g.cands) > 0 {
		first = g.cands[0].towgs84
	}
	d, err := datumFrom(g.names[0], el, first)
	// VN-2000 stays the package's own, with EPSG:6960 everywhere: PROJ's
	// other candidate (EPSG:5194) serves only two Mekong delta survey
	// blocks, and one datum keeps VN-2000's exact round trip.
	if err != nil || d == datumVN2000 || d == datumWGS84 && g.code == 4326 {
		return d, err
	}
	cp := *d // the shared datums must not carry another's candidates
	if len(g.cands) > 1 {
		for _, rc := range g.cands {
			c := candidate{box: rc.box, acc: rc.acc, offshore: rc.offshore}
			if rc.towgs84 != nil {
				sub, err := datumFrom(g.names[0], el, rc.towgs84)
				if err != nil {
					return nil, err
				}
				c.h = sub.shift
			}
			cp.cands = append(cp.cands, c)
		}
	}
	var notes []string
	for _, rc := range g.cands {
		if rc.unsupported {
			notes = append(notes, "PROJ transforms this datum to WGS 84 in some areas by a method not implemented here (Molodensky-Badekas, a geographic offset): there no shift is applied, tens to hundreds of metres off")
			break
		}
	}
	if strings.Contains(g.flags, "G") {
		notes = append(notes, "PROJ uses a grid for this datum where it has one: the Helmert used instead may be metres off")
	}
	cp.note = strings.Join(notes, "; ")
	if cp.note == "" && cp.cands == nil {
		return d, nil
	}
	return &cp, nil
}

// datumFrom builds a datum from its ellipsoid and TOWGS84 values (nil: no
// shift); WGS 84 and VN-2000 come back as the package's own, so that
// VN-2000 keeps its exact round trip whichever way it was named.
func datumFrom(name string, el *ellipsoid, towgs84 []float64) (*datum, error) {
	var pv [7]float64
	switch len(towgs84) {
	case 0:
		if el.same(wgs84Ell) {
			return datumWGS84, nil
		}
		return &datum{name: name, ell: el}, nil
	case 3, 7:
		copy(pv[:], towgs84)
	default:
		return nil, fmt.Errorf("%w: TOWGS84 needs 3 or 7 values, got %d", ErrUnknownCRS, len(towgs84))
	}
	if pv == ([7]float64{}) && el.same(wgs84Ell) {
		return datumWGS84, nil
	}
	if closeParams(pv, vn2000ToWGS84.params) && el.same(wgs84Ell) {
		return datumVN2000, nil
	}
	h := newHelmert(el, pv)
	return &datum{name: name, ell: el, shift: &h}, nil
}

// epsgCRS builds the CRS of an EPSG code from the table.
func epsgCRS(code int) (*CRS, error) {
	t := epsg()
	if p, ok := t.proj[code]; ok {
		g := t.geog[p.geog]
		if g == nil {
			return nil, fmt.Errorf("%w: EPSG:%d: its geographic CRS EPSG:%d is not in the table", ErrUnknownCRS, code, p.geog)
		}
		d, err := t.datumOf(g)
		if err != nil {
			return nil, err
		}
		c, err := newProjected(code, p.name, d, g.pm, p.method, p.p, p.unit)
		if err != nil {
			return nil, fmt.Errorf("EPSG:%d: %w", code, err)
		}
		return c, nil
	}
	if g, ok := t.geog[code]; ok {
		if !g.degAxes {
			return nil, fmt.Errorf("%w: EPSG:%d %s: geographic axes not in degrees", ErrUnknownCRS, code, g.name)
		}
		d, err := t.datumOf(g)
		if err != nil {
			return nil, err
		}
		return &CRS{Code: code, Name: g.name, datum: d, pm: g.pm}, nil
	}
	if u, ok := t.unsupported[code]; ok {
		return nil, fmt.Errorf("%w: EPSG:%d %s: %s is not supported (supported: %s)", ErrUnknownCRS, code, u[0], u[1], supportedMethods)
	}
	return nil, fmt.Errorf("%w: EPSG:%d", ErrUnknownCRS, code)
}

// supportedMethods lists the projection methods for error messages.
var supportedMethods = strings.Join([]string{methodTM, methodLCC1SP, methodLCC2SP, methodMercatorA, methodMercatorB, methodAlbers}, ", ")

// EPSGCodes returns every EPSG code ByCode accepts, ascending.
func EPSGCodes() []int {
	t := epsg()
	seen := map[int]bool{}
	for c := range registry {
		seen[c] = true
	}
	for c := range t.proj {
		seen[c] = true
	}
	for c, g := range t.geog {
		if g.degAxes {
			seen[c] = true
		}
	}
	out := make([]int, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// closeParams reports whether two TOWGS84 sets are the same to the digits
// written (a WKT 2 scale of 1.00000025290628 is 0.25290628 ppm, not
// 0.252906278).
func closeParams(a, b [7]float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-7 {
			return false
		}
	}
	return true
}
