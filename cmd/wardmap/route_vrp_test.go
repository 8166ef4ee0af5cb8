package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/gis/gistest"
	"wardmap/gis/vrp"
)

// `wardmap route vrp` prints a CVRPLIB .sol that reads back, is feasible
// (checked here again, distances recomputed from the coordinates by the
// file's convention) and costs what it says; on a CVRP and a VRPTW file.
func TestRouteVRPPrintsFeasibleSolution(t *testing.T) {
	dir := gistest.SharedData(t, "vrp")
	small := filepath.Join(t.TempDir(), "RC2_10_1-n100.vrp")
	if err := os.WriteFile(small, []byte(firstCustomers(t, filepath.Join(dir, "RC2_10_1.vrp"), 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, path, limit string }{
		{"X-n101-k25", filepath.Join(dir, "X-n101-k25.vrp"), "2s"},
		{"RC2_10_1-n100", small, "2s"}, // its first 100 customers: a VRPTW of test size
	} {
		t.Run(c.name, func(t *testing.T) {
			path := c.path
			out, errOut, code := wardmap(t, "route", "vrp", path, "--time-limit", c.limit, "--seed", "3")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			sol, err := vrp.ReadSol(strings.NewReader(out))
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			in, err := vrp.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Check(sol.Routes); err != nil {
				t.Fatal(err)
			}
			// Independent cost: coordinates and the convention alone.
			cost := 0.0
			for _, r := range sol.Routes {
				prev := 0
				for _, v := range append(r, 0) {
					e := math.Hypot(in.X[prev]-in.X[v], in.Y[prev]-in.Y[v])
					if in.HasTimeWindows() {
						cost += math.Floor(e*10) / 10
					} else {
						cost += math.Floor(e + 0.5)
					}
					prev = v
				}
			}
			if math.Abs(cost-sol.Cost) > 1e-6 {
				t.Fatalf("printed cost %v, recomputed %v", sol.Cost, cost)
			}
			if in.HasTimeWindows() {
				return
			}
			best, err := vrp.ReadSolFile(filepath.Join(dir, c.name+".sol"))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %v (BKS %v, gap %.2f%%)", c.name, sol.Cost, best.Cost, 100*(sol.Cost/best.Cost-1))
			if sol.Cost < best.Cost-1e-6 {
				t.Fatalf("better than the best known: %v < %v, the cost convention is wrong", sol.Cost, best.Cost)
			}
		})
	}
}

func TestRouteVRPErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.vrp")
	os.WriteFile(bad, []byte("NAME : x\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 x 1\n"), 0o644)
	over := filepath.Join(dir, "over.vrp")
	os.WriteFile(over, []byte("NAME : o\nTYPE : CVRP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 1 1\nDEMAND_SECTION\n1 0\n2 9\nDEPOT_SECTION\n1\n-1\nEOF\n"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"route", "vrp"}, 2, "exactly one"},
		{[]string{"route", "vrp", bad, "--time-limit", "0s"}, 2, "positive"},
		{[]string{"route", "vrp", filepath.Join(dir, "missing.vrp")}, 1, "cannot solve"},
		{[]string{"route", "vrp", bad}, 1, "line 8"},
		{[]string{"route", "vrp", over}, 1, "more than the capacity"},
	} {
		out, errOut, code := wardmap(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit %d mentioning %q", c.args, code, errOut, out, c.code, c.want)
		}
	}
}

// firstCustomers is a CVRPLIB file cut to its depot and first k
// customers (every section's first k+1 lines).
func firstCustomers(t testing.TB, path string, k int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	keep := -1 // lines left to keep in the current section
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) > 0 && strings.HasSuffix(f[0], "_SECTION") && f[0] != "DEPOT_SECTION":
			keep = k + 1
			out = append(out, l)
		case keep > 0:
			keep--
			out = append(out, l)
		case keep == 0 && len(f) > 0 && !strings.HasSuffix(f[0], "_SECTION") && f[0] != "EOF":
			// the rest of a section
		case len(f) > 0 && f[0] == "DIMENSION":
			out = append(out, fmt.Sprintf("DIMENSION : %d", k+1))
		default:
			keep = -1
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
