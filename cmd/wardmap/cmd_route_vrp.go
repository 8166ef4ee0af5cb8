package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"wardmap/gis/vrp"
)

func init() { routeSubcommands["vrp"] = runRouteVRP }

// runRouteVRP solves one CVRPLIB instance (CVRP or VRPTW) and prints the
// solution in CVRPLIB's .sol form, so anyone can compare it with the
// best-known solution of the instance.
func runRouteVRP(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("route vrp", flag.ContinueOnError)
	limit := fl.Duration("time-limit", 10*time.Second, "search time")
	cpu := fl.Bool("cpu-time", false, "measure the time limit in CPU time (for benchmarks on a shared machine)")
	seed := fl.Uint64("seed", 1, "random seed")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("route vrp cần đúng một tệp .vrp (needs exactly one .vrp file): wardmap route vrp FILE.vrp [--time-limit 10s] [--seed N]")
	}
	if *limit <= 0 {
		return usagef("--time-limit phải dương (must be positive): %v", *limit)
	}
	_, err = vrp.Run(ctx, pos[0], vrp.Options{TimeLimit: *limit, CPUTime: *cpu, Seed: *seed}, e.stdout)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return errors.New("đã hủy (cancelled)")
	case errors.Is(err, vrp.ErrNoFeasible):
		return fmt.Errorf("không tìm được lời giải khả thi trong thời gian cho phép (no feasible solution within the time limit): %w", err)
	default:
		return fmt.Errorf("không giải được %s (cannot solve): %w", pos[0], err)
	}
}
