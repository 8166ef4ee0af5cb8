package tour

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"wardmap/gis/tsplib"
)

// ErrNotSymmetric reports a TSPLIB file this solver cannot take.
var ErrNotSymmetric = errors.New("tour: not a symmetric TSP with distances")

// RunTSPLIB solves a TSPLIB .tsp file within timeLimit and writes
// "length N", then the tour as 1-based node ids one per line, closed by -1
// and EOF as in a TSPLIB tour section. It backs `wardmap route tsp`.
func RunTSPLIB(ctx context.Context, path string, timeLimit time.Duration, w io.Writer) error {
	p, err := tsplib.ParseFile(path)
	if err != nil {
		return err
	}
	if p.Type != "TSP" || !p.HasDistances() {
		return fmt.Errorf("%w: %s is TYPE %s, EDGE_WEIGHT_TYPE %s", ErrNotSymmetric, path, p.Type, p.EdgeWeightType)
	}
	t, err := Solve(ctx, Ints(p.N(), p.Dist), Options{TimeLimit: timeLimit})
	if err != nil {
		return err
	}
	return WriteTSPLIB(w, t)
}

// WriteTSPLIB writes a tour in the RunTSPLIB output format.
func WriteTSPLIB(w io.Writer, t Tour) error {
	bw := &errWriter{w: w}
	bw.printf("length %s\n", formatLength(t.Length))
	for _, c := range t.Order {
		bw.printf("%d\n", c+1)
	}
	bw.printf("-1\nEOF\n")
	return bw.err
}

// formatLength prints integral lengths (all of TSPLIB) without decimals.
func formatLength(l float64) string {
	if l == math.Trunc(l) && math.Abs(l) < 1<<53 {
		return fmt.Sprintf("%d", int64(l))
	}
	return fmt.Sprintf("%g", l)
}

// errWriter keeps the first write error so the printing code stays flat.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}
