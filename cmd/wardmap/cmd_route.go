package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"wardmap/gis/tour"
)

func init() {
	register(command{"route", runRoute})
}

// routeSubcommands are the verbs of `wardmap route`; plan registers itself
// from cmd_plan.go.
var routeSubcommands = map[string]func(ctx context.Context, e *env, args []string) error{
	"tsp": runRouteTSP,
}

func runRoute(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("route cần một lệnh con: tsp, vrp hoặc plan (route needs a subcommand: tsp, vrp or plan)")
	}
	f, ok := routeSubcommands[args[0]]
	if !ok {
		return usagef("route: lệnh con không rõ %q, dùng tsp, vrp hoặc plan (unknown subcommand; use tsp, vrp or plan)", args[0])
	}
	return f(ctx, e, args[1:])
}

// runRouteTSP solves one TSPLIB instance and prints "length N" and the tour,
// so anyone can check the solver against published optima.
func runRouteTSP(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("route tsp", flag.ContinueOnError)
	limit := fl.Duration("time-limit", 2*time.Second, "search time")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("route tsp cần đúng một tệp .tsp (needs exactly one .tsp file): wardmap route tsp FILE.tsp [--time-limit 2s]")
	}
	if *limit <= 0 {
		return usagef("--time-limit phải dương (must be positive): %v", *limit)
	}
	err = tour.RunTSPLIB(ctx, pos[0], *limit, e.stdout)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return errors.New("đã hủy (cancelled)")
	case errors.Is(err, tour.ErrNotSymmetric):
		return fmt.Errorf("chỉ giải TSP đối xứng có khoảng cách (only symmetric TSP with distances): %w", err)
	default:
		return fmt.Errorf("không giải được %s (cannot solve): %w", pos[0], err)
	}
}
