package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"wardmap/gis/gistest"
	"wardmap/gis/tsplib"
)

// `wardmap route tsp` reaches within 2% of the published optimum on the
// TSPLIB instances, and the tour it prints is a permutation whose length,
// recomputed here with the parser's own distances, is the length printed.
func TestRouteTSPWithinTwoPercent(t *testing.T) {
	dir := gistest.SharedData(t, "tsplib")
	best := map[string]float64{}
	f, err := os.Open(filepath.Join(dir, "best-known.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			t.Fatal(err)
		}
		best[strings.TrimSpace(k)] = x
	}
	f.Close()
	names := []string{"att48", "eil51", "berlin52", "st70", "gr96", "kroA100", "ch130", "ch150", "a280"}
	if !testing.Short() {
		names = append(names, "pr1002")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".tsp")
			out, errOut, code := wardmap(t, "route", "tsp", path, "--time-limit", "1s")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			l, ok := strings.CutPrefix(lines[0], "length ")
			if !ok {
				t.Fatalf("first line %q", lines[0])
			}
			length, err := strconv.ParseFloat(l, 64)
			if err != nil {
				t.Fatal(err)
			}
			p, err := tsplib.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if lines[len(lines)-2] != "-1" || lines[len(lines)-1] != "EOF" {
				t.Fatalf("tour not closed by -1 EOF")
			}
			ids := lines[1 : len(lines)-2]
			if len(ids) != p.N() {
				t.Fatalf("%d nodes printed, want %d", len(ids), p.N())
			}
			seen := make([]bool, p.N())
			order := make([]int, len(ids))
			for i, s := range ids {
				v, err := strconv.Atoi(s)
				if err != nil || v < 1 || v > p.N() || seen[v-1] {
					t.Fatalf("bad or repeated node %q", s)
				}
				seen[v-1] = true
				order[i] = v - 1
			}
			var sum int64
			for i := range order {
				sum += p.Dist(order[i], order[(i+1)%len(order)])
			}
			if float64(sum) != length {
				t.Errorf("printed length %v, tour measures %d", length, sum)
			}
			gap := (length - best[name]) / best[name]
			t.Logf("%s: %v (best %v, gap %.2f%%)", name, length, best[name], 100*gap)
			if gap > 0.02 || gap < -1e-9 {
				t.Errorf("%s: length %v vs best-known %v: gap %.2f%%", name, length, best[name], 100*gap)
			}
		})
	}
}

func TestRouteTSPErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tsp")
	os.WriteFile(bad, []byte("NAME: x\nTYPE: TSP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 x 1\nEOF\n"), 0o644)
	atsp := filepath.Join(dir, "a.atsp")
	os.WriteFile(atsp, []byte("NAME: a\nTYPE: ATSP\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: EXPLICIT\nEDGE_WEIGHT_FORMAT: FULL_MATRIX\nEDGE_WEIGHT_SECTION\n0 1\n2 0\nEOF\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"route"}, 2, "tsp"},
		{[]string{"route", "nope"}, 2, "unknown subcommand"},
		{[]string{"route", "tsp"}, 2, "exactly one"},
		{[]string{"route", "tsp", bad, "--time-limit", "0s"}, 2, "positive"},
		{[]string{"route", "tsp", filepath.Join(dir, "missing.tsp")}, 1, "cannot solve"},
		{[]string{"route", "tsp", bad}, 1, "line 7"},
		{[]string{"route", "tsp", atsp}, 1, "symmetric"},
	} {
		out, errOut, code := wardmap(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit %d mentioning %q", c.args, code, errOut, out, c.code, c.want)
		}
	}
}
