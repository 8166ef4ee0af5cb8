package dashboard_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/data/server/dashboard"
	"wardmap/data/sync/catalogue"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// BenchmarkDashboardPage times what a leader waits for, on the demo ward
// (7,618 records) over HTTP on loopback, each as p50 of the iterations:
//
//   - cached: the ward unchanged since the last page (one Head query, a
//     template);
//   - after-push: one lamp pushed before each page (the model follows the
//     change, the period and its quarters are computed again);
//   - cold: a new handler each time and no view kept in the store (the
//     ward's records read from the store into a model, then computed);
//   - kept: a new handler each time (a restart, an eviction) over the
//     view an earlier page kept in the store (memo.go);
//   - push-wait: a lamp pushed, then a new handler's page (a process
//     without the ward's model) until the page shows the push: what a
//     leader waited for before the background recompute (refresh.go),
//     the model's load and compute;
//   - push-stale: the same, the page as shown now at once: the previous
//     memo with its "updating" note, while the recompute runs;
//   - push-done: the same once the recompute is done: the new memo;
//   - login: the anonymous login page, the floor of any answer;
//   - compute (the peer): indicator.Model.Compute of the same period with
//     every TDP, in memory, as the laptop's window does after an edit.
func BenchmarkDashboardPage(b *testing.B) {
	s := demoWard(b)
	tok := s.user(b, "bench-"+time.Now().Format("150405.000000"), server.Leader)
	const q = "?p=2026-Q4&t=TT-04"
	fetch := func(url string, auth bool) {
		req, _ := http.NewRequest("GET", url, nil)
		if auth {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%s: %d", url, resp.StatusCode)
		}
	}
	run := func(name string, before func(), do func()) {
		b.Run(name, func(b *testing.B) {
			var ts []time.Duration
			for range b.N {
				if before != nil {
					b.StopTimer()
					before()
					b.StartTimer()
				}
				t0 := time.Now()
				do()
				ts = append(ts, time.Since(t0))
			}
			slices.Sort(ts)
			b.ReportMetric(float64(ts[len(ts)/2].Microseconds())/1000, "p50_ms")
			b.ReportMetric(float64(ts[len(ts)*99/100].Microseconds())/1000, "p99_ms")
		})
	}
	url := s.ts.URL + dashboard.Prefix + q
	fetch(url, true)
	run("cached", nil, func() { fetch(url, true) })
	lamp := gis.NewFeature(gis.Lamp, orb.Point{106.631, 20.811})
	lamp.Attrs["pole_code"], lamp.Attrs["status"] = "KA-9999", "working"
	on := false
	admin := &server.User{Ward: ward, Name: "admin", Role: server.Admin}
	s.push(b, []wire.Op{{OpID: gis.NewID(), Kind: "lamp", ID: lamp.ID, Op: wire.OpInsert, Fields: wire.Fields(lamp), At: clock}})
	run("after-push", func() {
		on = !on
		st := map[bool]string{true: "broken", false: "working"}[on]
		res, err := s.svc.Push(context.Background(), admin, []wire.Op{{OpID: gis.NewID(), Kind: "lamp", ID: lamp.ID, Op: wire.OpUpdate, BaseRev: 1 << 40,
			Fields: map[string]any{"status": st}, At: clock}})
		if err != nil || res[0].Status != wire.Applied {
			b.Fatal(err, res)
		}
	}, func() { fetch(url, true) })
	run("cold", func() {
		if _, err := s.st.DB().Exec(`DELETE FROM memos`); err != nil {
			b.Fatal(err)
		}
		s.ts.Config.Handler = dashboard.New(s.svc, nil)
	}, func() { fetch(url, true) })
	run("kept", func() {
		s.ts.Config.Handler = dashboard.New(s.svc, nil)
	}, func() { fetch(url, true) })
	// After a push, in a handler that holds no model of the ward.
	var h *dashboard.Handler
	pushTo := func(wait bool) func() {
		return func() {
			if h != nil {
				h.Close()
			}
			h = dashboard.New(s.svc, nil)
			s.ts.Config.Handler = h
			fetch(url, true) // the page was seen: the memo is current
			s.svc.OnPush = h.Pushed
			on = !on
			st := map[bool]string{true: "broken", false: "working"}[on]
			res, err := s.svc.Push(context.Background(), admin, []wire.Op{{OpID: gis.NewID(), Kind: "lamp", ID: lamp.ID, Op: wire.OpUpdate, BaseRev: 1 << 40,
				Fields: map[string]any{"status": st}, At: clock}})
			if err != nil || res[0].Status != wire.Applied {
				b.Fatal(err, res)
			}
			if wait {
				dashboard.WaitRefresh(h)
			}
		}
	}
	run("push-wait", pushTo(false), func() { fetch(url, true); dashboard.WaitRefresh(h) })
	run("push-stale", pushTo(false), func() { fetch(url, true) })
	run("push-done", pushTo(true), func() { fetch(url, true) })
	s.svc.OnPush = nil
	h.Close()
	s.ts.Config.Handler = s.h
	run("login", nil, func() { fetch(s.ts.URL+dashboard.Prefix, false) })
	// The peer: the same computation from a model in memory.
	src, err := catalogue.NewWireSource()
	if err != nil {
		b.Fatal(err)
	}
	for after := int64(0); ; {
		recs, err := s.st.Changes(context.Background(), ward, server.ChangesQuery{After: after, Limit: 5000, Kinds: catalogue.WireKinds()})
		if err != nil {
			b.Fatal(err)
		}
		for i := range recs {
			src.Add(&recs[i])
			after = recs[i].Rev
		}
		if len(recs) < 5000 {
			break
		}
	}
	sv, err := src.Source()
	if err != nil {
		b.Fatal(err)
	}
	m := indicator.NewModel(sv)
	p := indicator.MustPeriod("2026-Q4")
	run("compute", nil, func() { m.Compute(p, gis.LocalDate(clock), indicator.Options{PerTDP: true}) })
}
