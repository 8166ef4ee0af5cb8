package vrp

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wardmap/gis/gistest"
)

// sharedInstances lists the .vrp files of the shared data.
func sharedInstances(t testing.TB) []string {
	fs, err := filepath.Glob(filepath.Join(gistest.SharedData(t, "vrp"), "*.vrp"))
	if err != nil || len(fs) == 0 {
		t.Fatalf("no .vrp files: %v", err)
	}
	return fs
}

// refCheck is a feasibility check and cost written apart from the
// package's own: distances from the raw coordinates with the convention
// the BKS files state (nearest integer for CVRP, truncated to a tenth for
// VRPTW), times in float64 tenths.
func refCheck(t *testing.T, in *Instance, routes [][]int) float64 {
	t.Helper()
	d := func(i, j int) float64 {
		e := math.Hypot(in.X[i]-in.X[j], in.Y[i]-in.Y[j])
		if in.Type == "VRPTW" {
			return math.Floor(e*10) / 10
		}
		return math.Floor(e + 0.5)
	}
	seen := map[int]bool{}
	cost := 0.0
	for _, r := range routes {
		load := int64(0)
		tm := 0.0
		prev := 0
		for _, v := range r {
			if v < 1 || v >= in.N() || seen[v] {
				t.Fatalf("customer %d out of range or twice", v)
			}
			seen[v] = true
			load += in.Demand[v]
			cost += d(prev, v)
			if in.Type == "VRPTW" {
				tm = math.Max(tm+d(prev, v), float64(in.Ready[v])/10)
				if tm > float64(in.Due[v])/10+1e-9 {
					t.Fatalf("late at %d: %v > %v", v, tm, float64(in.Due[v])/10)
				}
				tm += float64(in.Service[v]) / 10
			}
			prev = v
		}
		if len(r) > 0 {
			cost += d(prev, 0)
			if in.Type == "VRPTW" && tm+d(prev, 0) > float64(in.Due[0])/10+1e-9 {
				t.Fatalf("back late")
			}
		}
		if load > in.Capacity {
			t.Fatalf("load %d > %d", load, in.Capacity)
		}
	}
	if len(seen) != in.N()-1 {
		t.Fatalf("%d of %d customers served", len(seen), in.N()-1)
	}
	return cost
}

func TestSharedInstancesAndBKS(t *testing.T) {
	for _, f := range sharedInstances(t) {
		name := strings.TrimSuffix(filepath.Base(f), ".vrp")
		t.Run(name, func(t *testing.T) {
			in, err := ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if in.Name != name || in.N() < 100 {
				t.Fatalf("name %q, %d nodes", in.Name, in.N())
			}
			sol, err := ReadSolFile(strings.TrimSuffix(f, ".vrp") + ".sol")
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Check(sol.Routes); err != nil {
				t.Fatal(err)
			}
			ref := refCheck(t, in, sol.Routes)
			if got := float64(in.Cost(sol.Routes)) / float64(in.Scale); math.Abs(got-sol.Cost) > 1e-6 || math.Abs(ref-sol.Cost) > 1e-6 {
				t.Fatalf("cost %v (reference %v), BKS file says %v", got, ref, sol.Cost)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(gistest.SharedData(t, "vrp"), "X-n101-k25.vrp"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, from, to string
		want           error
	}{
		{"type", "CVRP", "TSP", ErrUnsupported},
		{"weights", "EUC_2D", "GEO", ErrUnsupported},
		{"dimension", "DIMENSION : \t101", "DIMENSION : \t102", ErrSyntax},
		{"demand", "101\t35", "101\t-35", ErrInvalid},
		{"overload", "101\t35", "101\t3500", ErrInvalid},
		{"coordinate", "101\t35", "101\tx", ErrSyntax},
		{"depot", "\t1\t\r\n\t-1", "\t2\t\r\n\t-1", ErrUnsupported},
		{"capacity", "CAPACITY : \t206", "CAPACITY : \t0", ErrInvalid},
		{"no demands", "DEMAND_SECTION", "DEMAND_SECTIONX", ErrUnsupported},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := strings.Replace(string(good), c.from, c.to, 1)
			if s == string(good) {
				t.Fatalf("%q not in the file", c.from)
			}
			_, err := Parse(strings.NewReader(s))
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), "line ") && c.want != ErrInvalid {
				t.Fatalf("error does not name the line: %v", err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add("NAME : a\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 5\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n3 2 0\nDEMAND_SECTION\n1 0\n2 3\n3 2\nDEPOT_SECTION\n1\n-1\nEOF\n")
	f.Add("NAME : b\nTYPE : VRPTW\nDIMENSION : 2\nVEHICLES : 2\nCAPACITY : 5\nSERVICE_TIME : 10\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 3 4\nDEMAND_SECTION\n1 0\n2 3\nTIME_WINDOW_SECTION\n1 0 100\n2 5 50\nDEPOT_SECTION\n1\n-1\nEOF\n")
	f.Fuzz(func(t *testing.T, s string) {
		in, err := Parse(strings.NewReader(s))
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("unwrapped error %v", err)
			}
			return
		}
		// A parsed instance is usable: one route per customer is feasible
		// whenever Parse accepted it (every node fits alone).
		var routes [][]int
		for v := 1; v < in.N(); v++ {
			routes = append(routes, []int{v})
		}
		if in.Vehicles == 0 || in.Vehicles >= len(routes) {
			if err := in.Check(routes); err != nil {
				t.Fatalf("accepted instance has no trivial solution: %v", err)
			}
		}
	})
}
