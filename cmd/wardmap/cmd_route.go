package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"wardmap/cmd/internal/cli"
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
		return cli.Usagef("route cần một lệnh con: tsp, vrp hoặc plan (route needs a subcommand: tsp, vrp or plan)")
	}
	f, ok := routeSubcommands[args[0]]
	if !ok {
		return cli.Usagef("route: lệnh con không rõ %q, dùng tsp, vrp hoặc plan (unknown subcommand; use tsp, vrp or plan)", args[0])
	}
	return f(ctx, e, args[1:])
}

// runRouteTSP solves one TSPLIB instance and prints "length N" and the tour,
// so anyone can check the solver against published optima.
func runRouteTSP(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("route tsp")
	limit := fl.Duration("time-limit", 2*time.Second, "search time")
	file, err := solverFile(fl, args, limit, "route tsp cần đúng một tệp .tsp (needs exactly one .tsp file): wardmap route tsp FILE.tsp [--time-limit 2s]")
	if err != nil {
		return err
	}
	return solverErr(tour.RunTSPLIB(ctx, file, *limit, e.stdout), file,
		tour.ErrNotSymmetric, "chỉ giải TSP đối xứng có khoảng cách (only symmetric TSP with distances)")
}

// solverFile parses a solver's flags and returns its one instance file.
func solverFile(fl *flag.FlagSet, args []string, limit *time.Duration, usage string) (string, error) {
	pos, err := cli.ParseFlags(fl, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		return "", cli.Usagef("%s", usage)
	}
	if *limit <= 0 {
		return "", cli.Usagef("--time-limit phải dương (must be positive): %v", *limit)
	}
	return pos[0], nil
}

// solverErr says why a solver gave no answer: says for known, the
// solver's own way of failing.
func solverErr(err error, file string, known error, says string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return errors.New("đã hủy (cancelled)")
	case errors.Is(err, known):
		return fmt.Errorf("%s: %w", says, err)
	}
	return fmt.Errorf("không giải được %s (cannot solve): %w", file, err)
}
