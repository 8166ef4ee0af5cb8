package citybench_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"time"

	"wardmap/data/server"
	"wardmap/data/server/sqlstore"
	"wardmap/data/server/storetest"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// extraVersion names what extend adds; a kept database without it (or
// with another version) gets it at the next run, without rebuilding the
// 10 million records.
const extraVersion = "extra-1"

// extended reports whether the database holds extend's records.
func extended(ctx context.Context, st *sqlstore.Store) bool {
	var v string
	err := st.DB().QueryRowContext(ctx, `SELECT version FROM bench_extra`).Scan(&v)
	return err == nil && v == extraVersion
}

// extend adds to every ward what the dashboard reads beside the
// generated trees, lamps, plates and streets: 12 TDPs tiling the ward,
// 300 field reports, 150 violations, 200 inspections of its streets and
// the TDPs' and the ward's reported figures, pushed through the service
// as an admin would import them (so records, layers and history are
// written by the server's own path, and the heads move).
func extend(ctx context.Context, st *sqlstore.Store, wards []string, per int) error {
	if _, err := st.DB().ExecContext(ctx, `DROP TABLE IF EXISTS bench_extra`); err != nil {
		return err
	}
	svc := server.NewService(st)
	start := time.Now()
	for _, ward := range wards {
		for _, g := range extraOps(ward, per) {
			ops := g.ops
			for len(ops) > 0 {
				n := min(len(ops), server.MaxOps)
				res, err := svc.Push(ctx, g.user, ops[:n])
				if err != nil {
					return fmt.Errorf("%s: %w", ward, err)
				}
				for _, r := range res {
					if r.Status != wire.Applied {
						return fmt.Errorf("%s: %+v", ward, r)
					}
				}
				ops = ops[n:]
			}
		}
	}
	fmt.Printf("citybench: TDPs, reports, violations, inspections, figures of %d wards: %s\n", len(wards), time.Since(start).Round(time.Millisecond))
	_, err := st.DB().ExecContext(ctx, `CREATE TABLE bench_extra AS SELECT $1::text AS version`, extraVersion)
	return err
}

// pushGroup is what one user pushes.
type pushGroup struct {
	user *server.User
	ops  []wire.Op
}

// extraOps are one ward's added records, the same for every ward but
// placed in its own square: pushed by an admin, and each TDP's figures
// by the TDP's head (only a TDP head enters them).
func extraOps(ward string, per int) []pushGroup {
	x0, y0 := origin(wardIndex(ward))
	const side = 0.011
	at := func(i, n int) []any { // the i-th of n points spread over the ward
		return []any{x0 + side*float64((i*7919)%n)/float64(n), y0 + side*float64((i*104729)%n)/float64(n)}
	}
	pt := func(c []any) map[string]any { return map[string]any{"type": "Point", "coordinates": c} }
	day := func(i int) string { return fmt.Sprintf("2026-%02d-%02d", 1+i%11, 1+i%28) }
	when := func(i int) string { return day(i) + fmt.Sprintf("T%02d:15:00.000Z", i%10) }
	var ops []wire.Op
	var tdps []string
	for r := range 3 {
		for c := range 4 {
			k := r*4 + c + 1
			w, h := side/4, side/3
			x, y := x0+float64(c)*w, y0+float64(r)*h
			ring := []any{[]any{x, y}, []any{x + w, y}, []any{x + w, y + h}, []any{x, y + h}, []any{x, y}}
			id := gis.NewID()
			tdps = append(tdps, id)
			ops = append(ops, storetest.Op(string(gis.TDP), id, wire.OpInsert, 0, map[string]any{
				"geom": map[string]any{"type": "Polygon", "coordinates": []any{ring}}, "name": fmt.Sprintf("Tổ dân phố %d", k),
				"code": fmt.Sprintf("TDP-%02d", k), "head": fmt.Sprintf("Tổ trưởng %d", k), "households": int64(250 + 10*k)}))
		}
	}
	statuses := []string{"received", "assigned", "in_progress", "answered", "closed", "closed"}
	for i := range 300 {
		f := map[string]any{"geom": pt(at(i, 300)), "channel": "portal", "category": gis.ReportCategories[i%len(gis.ReportCategories)].Value,
			"text": fmt.Sprintf("Phản ánh %d", i), "received_at": when(i), "deadline": day(i + 10), "status": statuses[i%len(statuses)]}
		if f["status"] == "closed" {
			f["closed_on"] = day(i + 5)
		}
		ops = append(ops, storetest.Op(string(gis.Report), gis.NewID(), wire.OpInsert, 0, f))
	}
	vstat := []string{"found", "recorded", "resolved", "recurred"}
	for i := range 150 {
		ops = append(ops, storetest.Op(string(gis.Violation), gis.NewID(), wire.OpInsert, 0, map[string]any{"geom": pt(at(i+1000, 150)),
			"kind": gis.ViolationKinds[i%len(gis.ViolationKinds)].Value, "found_on": day(i), "status": vstat[i%len(vstat)]}))
	}
	// Streets are the generated records i with i % 20 >= 18: inspect
	// 200 of them, cleaning and inspections.
	for i := range 200 {
		n := 20*(i*37%(per/20)) + 18 + i%2
		sum := md5.Sum([]byte(fmt.Sprintf("%s/%d", ward, n)))
		h := hex.EncodeToString(sum[:])
		id := h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
		act := []string{"inspection", "cleaning"}[i%2]
		ops = append(ops, storetest.Op(string(gis.Inspection), gis.NewID(), wire.OpInsert, 0, map[string]any{"target_kind": "street",
			"target_id": id, "inspected_at": when(i + 300), "result": []string{"ok", "issue"}[i%3/2], "activity": act}))
	}
	for m := 1; m <= 11; m++ {
		period := fmt.Sprintf("2026-%02d", m)
		ops = append(ops, storetest.CatalogueOp(server.KindFigure, map[string]any{"code": "MT-03", "scope": "ward", "period": period,
			"value": 90.0 + float64(m%5), "entered_by": "bench", "entered_at": period + "-28T08:00:00.000Z"}))
	}
	out := []pushGroup{{&server.User{Ward: ward, ID: "bench-admin", Name: "bench-admin", Role: server.Admin}, ops}}
	for k, tdp := range tdps {
		head := &server.User{Ward: ward, ID: fmt.Sprintf("bench-head-%d", k+1), Name: fmt.Sprintf("Tổ trưởng %d", k+1), Role: server.TDPHead, TDP: tdp}
		var figs []wire.Op
		for m := 1; m <= 11; m++ {
			period := fmt.Sprintf("2026-%02d", m)
			figs = append(figs, storetest.CatalogueOp(server.KindFigure, map[string]any{"code": "MT-02", "scope": "tdp", "scope_id": tdp,
				"period": period, "value": float64((k + m) % 2), "entered_by": head.Name, "entered_at": period + "-28T09:00:00.000Z"}))
		}
		out = append(out, pushGroup{head, figs})
	}
	return out
}
