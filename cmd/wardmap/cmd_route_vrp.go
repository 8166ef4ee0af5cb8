package main

import (
	"context"
	"time"

	"wardmap/cmd/internal/cli"
	"wardmap/gis/vrp"
)

func init() { routeSubcommands["vrp"] = runRouteVRP }

// runRouteVRP solves one CVRPLIB instance (CVRP or VRPTW) and prints the
// solution in CVRPLIB's .sol form, so anyone can compare it with the
// best-known solution of the instance.
func runRouteVRP(ctx context.Context, e *env, args []string) error {
	fl := cli.NewFlags("route vrp")
	limit := fl.Duration("time-limit", 10*time.Second, "search time")
	cpu := fl.Bool("cpu-time", false, "measure the time limit in CPU time (for benchmarks on a shared machine)")
	seed := fl.Uint64("seed", 1, "random seed")
	file, err := solverFile(fl, args, limit, "route vrp cần đúng một tệp .vrp (needs exactly one .vrp file): wardmap route vrp FILE.vrp [--time-limit 10s] [--seed N]")
	if err != nil {
		return err
	}
	_, err = vrp.Run(ctx, file, vrp.Options{TimeLimit: *limit, CPUTime: *cpu, Seed: *seed}, e.stdout)
	return solverErr(err, file, vrp.ErrNoFeasible,
		"không tìm được lời giải khả thi trong thời gian cho phép (no feasible solution within the time limit)")
}
