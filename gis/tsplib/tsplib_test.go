package tsplib_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"wardmap/gis/gistest"
	"wardmap/gis/tsplib"
)

// bestKnown reads best-known.txt ("name : length" per line).
func bestKnown(t *testing.T) map[string]int64 {
	t.Helper()
	f, err := os.Open(gistest.SharedData(t, "tsplib", "best-known.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	best := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		v, err := strconv.ParseInt(strings.TrimSpace(val), 10, 64)
		if err != nil {
			t.Fatalf("best-known.txt: %q: %v", sc.Text(), err)
		}
		best[strings.TrimSpace(name)] = v
	}
	if len(best) == 0 {
		t.Fatal("best-known.txt is empty")
	}
	return best
}

func TestSharedInstancesParse(t *testing.T) {
	files, err := filepath.Glob(gistest.SharedData(t, "tsplib", "*.tsp"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .tsp files: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".tsp")
		t.Run(name, func(t *testing.T) {
			p, err := tsplib.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != name || p.Type != "TSP" {
				t.Errorf("name %q type %q, want %q TSP", p.Name, p.Type, name)
			}
			if !p.HasDistances() || len(p.Coords) != p.N() {
				t.Fatalf("distances %v, %d coords for dimension %d", p.HasDistances(), len(p.Coords), p.N())
			}
			if d := p.Dist(0, 0); d != 0 {
				t.Errorf("Dist(0,0) = %d", d)
			}
			if a, b := p.Dist(0, p.N()-1), p.Dist(p.N()-1, 0); a != b || a < 0 {
				t.Errorf("Dist not symmetric or negative: %d %d", a, b)
			}
		})
	}
}

// TestOptTours validates the distance functions: the published optimal tour
// must measure exactly the published optimum.
func TestOptTours(t *testing.T) {
	best := bestKnown(t)
	for name, want := range best {
		t.Run(name, func(t *testing.T) {
			tourPath := gistest.SharedData(t, "tsplib", name+".opt.tour")
			if _, err := os.Stat(tourPath); err != nil {
				t.Skipf("no opt tour: %v", err)
			}
			p, err := tsplib.ParseFile(gistest.SharedData(t, "tsplib", name+".tsp"))
			if err != nil {
				t.Fatal(err)
			}
			tour, err := tsplib.ReadTourFile(tourPath)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Length(tour); got != want {
				t.Errorf("%s (%s): opt tour length %d, best known %d", name, p.EdgeWeightType, got, want)
			}
		})
	}
}

// The same symmetric 4-node matrix written in every explicit format.
//
//	0 1 2 3
//	1 0 4 5
//	2 4 0 6
//	3 5 6 0
func TestExplicitFormats(t *testing.T) {
	want := [4][4]int64{{0, 1, 2, 3}, {1, 0, 4, 5}, {2, 4, 0, 6}, {3, 5, 6, 0}}
	cases := []struct {
		name, format, data string
	}{
		{"full", "FULL_MATRIX", "0 1 2 3\n1 0 4 5\n2 4 0 6\n3 5 6 0"},
		{"upper row", "UPPER_ROW", "1 2 3\n4 5\n6"},
		{"upper row one line", "UPPER_ROW", "1 2 3 4 5 6"},
		{"lower row", "LOWER_ROW", "1\n2 4\n3 5 6"},
		{"upper diag row", "UPPER_DIAG_ROW", "0 1 2 3\n0 4 5\n0 6\n0"},
		{"lower diag row", "LOWER_DIAG_ROW", "0\n1 0\n2 4 0\n3 5 6 0"},
		{"upper col", "UPPER_COL", "1\n2 4\n3 5 6"},
		{"lower col", "LOWER_COL", "1 2 3\n4 5\n6"},
		{"upper diag col", "UPPER_DIAG_COL", "0\n1 0\n2 4 0\n3 5 6 0"},
		{"lower diag col", "LOWER_DIAG_COL", "0 1 2 3\n0 4 5\n0 6\n0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := "NAME: m4\nTYPE: TSP\nDIMENSION: 4\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: " +
				c.format + "\nEDGE_WEIGHT_SECTION\n" + c.data + "\nEOF\n"
			p, err := tsplib.Parse(strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			for i := range 4 {
				for j := range 4 {
					if got := p.Dist(i, j); got != want[i][j] {
						t.Errorf("Dist(%d,%d) = %d, want %d", i, j, got, want[i][j])
					}
				}
			}
		})
	}
}

func TestATSPFullMatrix(t *testing.T) {
	in := `NAME: a3
TYPE: ATSP
DIMENSION: 3
EDGE_WEIGHT_TYPE: EXPLICIT
EDGE_WEIGHT_FORMAT: FULL_MATRIX
EDGE_WEIGHT_SECTION
9999 1 7
  2 9999 3
  4 8 9999
EOF`
	p, err := tsplib.Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if p.Type != "ATSP" || p.Dist(0, 1) != 1 || p.Dist(1, 0) != 2 || p.Dist(2, 1) != 8 {
		t.Errorf("type %s, d01=%d d10=%d d21=%d", p.Type, p.Dist(0, 1), p.Dist(1, 0), p.Dist(2, 1))
	}
	if got := p.Length([]int{0, 1, 2}); got != 1+3+4 {
		t.Errorf("Length = %d, want 8", got)
	}
}

func TestDistanceTypes(t *testing.T) {
	cases := []struct {
		name, typ, coords string
		want              int64
	}{
		{"euc 2d rounds half up", "EUC_2D", "1 0 0\n2 3 4.5", 5},
		{"euc 2d rounds down", "EUC_2D", "1 0 0\n2 1 1", 1},
		{"ceil 2d", "CEIL_2D", "1 0 0\n2 1 1", 2},
		{"ceil 2d exact", "CEIL_2D", "1 0 0\n2 3 4", 5},
		{"att bumps up", "ATT", "1 0 0\n2 10 0", 4}, // sqrt(10)=3.16 -> 3 < r -> 4
		{"att exact", "ATT", "1 0 0\n2 10 30", 10},  // sqrt(1000/10)=10
		{"man 2d", "MAN_2D", "1 0 0\n2 3 -4", 7},
		{"max 2d", "MAX_2D", "1 0 0\n2 3 -4", 4},
		{"euc 3d", "EUC_3D", "1 0 0 0\n2 2 3 6", 7},
		{"man 3d", "MAN_3D", "1 0 0 0\n2 2 3 6", 11},
		{"max 3d", "MAX_3D", "1 0 0 0\n2 2 3 6", 6},
		// Augsburg (48°23' N 10°53' E) to Heidelberg (49°25' N 8°42' E):
		// 196.8 km by haversine, +1 then truncated.
		{"geo", "GEO", "1 48.23 10.53\n2 49.25 8.42", 197},
		{"geo same node pair", "GEO", "1 48.23 10.53\n2 48.23 10.53", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := "TYPE: TSP\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: " + c.typ + "\nNODE_COORD_SECTION\n" + c.coords + "\nEOF\n"
			p, err := tsplib.Parse(strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Dist(0, 1); got != c.want {
				t.Errorf("Dist = %d, want %d", got, c.want)
			}
		})
	}
}

func TestTourFile(t *testing.T) {
	in := "NAME: t\nTYPE: TOUR\nDIMENSION: 4\nTOUR_SECTION\n2\n4 3\n1\n-1\n-1\nEOF\n"
	p, err := tsplib.Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Tours) != 1 || !equal(p.Tours[0], []int{1, 3, 2, 0}) {
		t.Errorf("tours = %v", p.Tours)
	}
	if p.HasDistances() {
		t.Error("a tour file has no distances")
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseErrors(t *testing.T) {
	head := "NAME: x\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\n"
	cases := []struct {
		name, in string
		want     error
		line     string // expected "line N" in the message, "" if none
	}{
		{"empty", "", tsplib.ErrDimension, ""},
		{"bad dimension", "DIMENSION: -3\n", tsplib.ErrDimension, "line 1"},
		{"huge dimension", "DIMENSION: 99999999999\n", tsplib.ErrDimension, "line 1"},
		{"unknown keyword", "NAME: x\nFOO: 1\n", tsplib.ErrSyntax, "line 2"},
		{"section before dimension", "NODE_COORD_SECTION\n1 0 0\n", tsplib.ErrDimension, "line 1"},
		{"bad coordinate", head + "NODE_COORD_SECTION\n1 0 0\n2 x 1\n3 1 1\n", tsplib.ErrSyntax, "line 7"},
		{"short coords", head + "NODE_COORD_SECTION\n1 0 0\n2 1 1\n", tsplib.ErrSyntax, "line 7"},
		{"node id out of range", head + "NODE_COORD_SECTION\n1 0 0\n7 1 1\n3 1 1\n", tsplib.ErrSyntax, "line 7"},
		{"duplicate node", head + "NODE_COORD_SECTION\n1 0 0\n1 1 1\n3 1 1\n", tsplib.ErrSyntax, "line 8"},
		{"no coords", head + "EOF\n", tsplib.ErrSyntax, ""},
		{"unsupported type", "DIMENSION: 2\nEDGE_WEIGHT_TYPE: XRAY1\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n", tsplib.ErrUnsupported, ""},
		{"unsupported format", "DIMENSION: 2\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: UPPER_X\nEDGE_WEIGHT_SECTION\n1\n", tsplib.ErrUnsupported, "line 4"},
		{"explicit too big", "DIMENSION: 5000\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: UPPER_ROW\nEDGE_WEIGHT_SECTION\n1\n", tsplib.ErrDimension, "line 4"},
		{"short matrix", "DIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: UPPER_ROW\nEDGE_WEIGHT_SECTION\n1 2\n", tsplib.ErrSyntax, "line 5"},
		{"real weight", "DIMENSION: 3\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: UPPER_ROW\nEDGE_WEIGHT_SECTION\n1 2.5 3\n", tsplib.ErrSyntax, "line 5"},
		{"tour repeats node", "TYPE: TOUR\nDIMENSION: 3\nTOUR_SECTION\n1\n2\n1\n-1\n", tsplib.ErrTour, "line 6"},
		{"tour too short", "TYPE: TOUR\nDIMENSION: 3\nTOUR_SECTION\n1\n2\n-1\n", tsplib.ErrTour, "line 6"},
		{"tour node out of range", "TYPE: TOUR\nDIMENSION: 3\nTOUR_SECTION\n1\n4\n", tsplib.ErrTour, "line 5"},
		{"unknown section", "DIMENSION: 3\nFOO_SECTION\n", tsplib.ErrUnsupported, "line 2"},
		{"line too long", "NAME: " + strings.Repeat("x", 2<<20) + "\n", tsplib.ErrSyntax, "line 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := tsplib.Parse(strings.NewReader(c.in))
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v (problem %v), want %v", err, p, c.want)
			}
			if c.line != "" && !strings.Contains(err.Error(), c.line+":") {
				t.Errorf("err %q does not name %s", err, c.line)
			}
		})
	}
}
