package vrp

import (
	"context"
	"fmt"
	"io"
)

// Run solves a CVRPLIB file and writes the solution in .sol form, after
// checking it independently of the search (every customer once, capacity,
// time windows, fleet) and recomputing its cost from the routes.
func Run(ctx context.Context, path string, opt Options, w io.Writer) (*Result, error) {
	in, err := ParseFile(path)
	if err != nil {
		return nil, err
	}
	res, err := Solve(ctx, in.Problem(), opt)
	if err != nil {
		return res, err
	}
	if err := in.Check(res.Routes); err != nil {
		return res, fmt.Errorf("vrp: internal error, the solution is not feasible: %w", err)
	}
	if c := in.Cost(res.Routes); c != res.Distance {
		return res, fmt.Errorf("vrp: internal error, the search's cost %d differs from the routes' %d", res.Distance, c)
	}
	return res, in.WriteSol(w, res.Routes)
}
