package vrp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// ErrInfeasible wraps every reason Check gives.
var ErrInfeasible = errors.New("vrp: infeasible solution")

// Cost is the total distance of routes (customers by node number, depot
// omitted), in 1/Scale units, recomputed from the instance.
func (in *Instance) Cost(routes [][]int) int64 {
	var c int64
	for _, r := range routes {
		prev := 0
		for _, v := range r {
			c += in.Dist(prev, v)
			prev = v
		}
		if len(r) > 0 {
			c += in.Dist(prev, 0)
		}
	}
	return c
}

// Check tells whether routes serve every customer exactly once within
// the capacity, the time windows (arrival no later than the window's end,
// waiting allowed, back at the depot before it closes) and the fleet.
func (in *Instance) Check(routes [][]int) error {
	seen := make([]bool, in.N())
	used := 0
	for k, r := range routes {
		if len(r) == 0 {
			continue
		}
		used++
		var load, t int64
		prev := 0
		if in.HasTimeWindows() {
			t = in.Ready[0]
		}
		for _, v := range r {
			if v <= 0 || v >= in.N() {
				return fmt.Errorf("%w: route %d: no customer %d", ErrInfeasible, k+1, v)
			}
			if seen[v] {
				return fmt.Errorf("%w: customer %d served twice", ErrInfeasible, v)
			}
			seen[v] = true
			load += in.Demand[v]
			if in.HasTimeWindows() {
				t = max(t+in.Dist(prev, v), in.Ready[v])
				if t > in.Due[v] {
					return fmt.Errorf("%w: route %d reaches customer %d at %s, after its window closes at %s", ErrInfeasible, k+1, v, in.Format(t), in.Format(in.Due[v]))
				}
				t += in.Service[v]
			}
			prev = v
		}
		if load > in.Capacity {
			return fmt.Errorf("%w: route %d carries %d, capacity %d", ErrInfeasible, k+1, load, in.Capacity)
		}
		if in.HasTimeWindows() && t+in.Dist(prev, 0) > in.Due[0] {
			return fmt.Errorf("%w: route %d returns at %s, after the depot closes at %s", ErrInfeasible, k+1, in.Format(t+in.Dist(prev, 0)), in.Format(in.Due[0]))
		}
	}
	for v := 1; v < in.N(); v++ {
		if !seen[v] {
			return fmt.Errorf("%w: customer %d not served", ErrInfeasible, v)
		}
	}
	if in.Vehicles > 0 && used > in.Vehicles {
		return fmt.Errorf("%w: %d routes, %d vehicles", ErrInfeasible, used, in.Vehicles)
	}
	return nil
}

// Format prints a cost or time in the instance's units: an integer for
// CVRP, one decimal for VRPTW.
func (in *Instance) Format(v int64) string {
	if in.Scale == 10 {
		s := ""
		if v < 0 {
			s, v = "-", -v
		}
		return fmt.Sprintf("%s%d.%d", s, v/10, v%10)
	}
	return strconv.FormatInt(v, 10)
}

// WriteSol prints routes in CVRPLIB's .sol form, empty routes left out,
// with the cost recomputed from them.
func (in *Instance) WriteSol(w io.Writer, routes [][]int) error {
	bw := bufio.NewWriter(w)
	k := 0
	for _, r := range routes {
		if len(r) == 0 {
			continue
		}
		k++
		fmt.Fprintf(bw, "Route #%d:", k)
		for _, v := range r {
			fmt.Fprintf(bw, " %d", v)
		}
		bw.WriteByte('\n')
	}
	fmt.Fprintf(bw, "Cost %s\n", in.Format(in.Cost(routes)))
	return bw.Flush()
}

// Sol is a solution file as read: routes and the stated cost.
type Sol struct {
	Routes [][]int
	Cost   float64
}

// ReadSolFile reads a CVRPLIB .sol file.
func ReadSolFile(path string) (*Sol, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := ReadSol(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ReadSol reads "Route #k: c1 c2 …" lines and a "Cost X" line.
func ReadSol(r io.Reader) (*Sol, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	s := &Sol{Cost: -1}
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
		case strings.EqualFold(f[0], "Route"):
			if len(f) < 2 || !strings.HasPrefix(f[1], "#") || !strings.HasSuffix(f[1], ":") {
				return nil, fmt.Errorf("%w: line %d: want \"Route #k: …\"", ErrSyntax, line)
			}
			var rt []int
			for _, t := range f[2:] {
				v, err := strconv.Atoi(t)
				if err != nil {
					return nil, fmt.Errorf("%w: line %d: customer %q", ErrSyntax, line, t)
				}
				rt = append(rt, v)
			}
			s.Routes = append(s.Routes, rt)
		case strings.EqualFold(f[0], "Cost") && len(f) == 2:
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return nil, fmt.Errorf("%w: line %d: cost %q", ErrSyntax, line, f[1])
			}
			s.Cost = v
		default:
			return nil, fmt.Errorf("%w: line %d: %q", ErrSyntax, line, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if s.Cost < 0 {
		return nil, fmt.Errorf("%w: no Cost line", ErrSyntax)
	}
	return s, nil
}
