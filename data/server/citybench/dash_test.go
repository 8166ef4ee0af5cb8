package citybench_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"wardmap/data/server/dashboard"
)

// The dashboard's cases ask for the ward's page of this quarter (the
// page a leader opens), calling the handler directly (no socket: the
// page is the work). The load is seconds at 100,000 records a ward, so
// the cases visit WARDMAP_CITY_DASH_WARDS of the city's wards (default
// 10, spread over the city), and dash-load takes WARDMAP_CITY_DASH_LOADS
// samples (default 10), which leave each visited ward's view kept for
// dash-cold.

func dashWards(e *env) int { return min(envInt("WARDMAP_CITY_DASH_WARDS", 10), len(e.wards)) }

func dashLoads() int { return envInt("WARDMAP_CITY_DASH_LOADS", 10) }

// dashWard is the city's ward of sample i: the visited wards in turn.
func dashWard(e *env, i int, _ *rand.Rand) string {
	k := dashWards(e)
	return e.wards[(i%k)*len(e.wards)/k]
}

// dashWarmWard is one of the visited wards the long-lived handler keeps
// in memory (at most dashboard.MaxWards).
func dashWarmWard(e *env, i int, r *rand.Rand) string {
	k := dashWards(e)
	return e.wards[(i%min(k, dashboard.MaxWards))*len(e.wards)/k]
}

// dashLoad: nothing kept of the ward (its memos dropped, a new handler):
// the page loads the model from the ward's records and computes.
func dashLoad(ctx context.Context, e *env, ward string, _ *rand.Rand) error {
	if _, err := e.st.DB().ExecContext(ctx, `DELETE FROM memos WHERE ward_id = $1`, ward); err != nil {
		return err
	}
	return e.dashPage(ctx, dashboard.New(e.svc, nil), ward)
}

// dashCold: a new handler (a restarted wardd, or a ward evicted from its
// memory) over the views kept by an earlier page.
func dashCold(ctx context.Context, e *env, ward string, _ *rand.Rand) error {
	return e.dashPage(ctx, dashboard.New(e.svc, nil), ward)
}

// dashWarm: the environment's long-lived handler.
func dashWarm(ctx context.Context, e *env, ward string, _ *rand.Rand) error {
	return e.dashPage(ctx, e.dash, ward)
}

// dashPage asks h for the ward's page as its planner and checks that it
// shows the 18 targets and the ward's 12 TDPs.
func (e *env) dashPage(ctx context.Context, h http.Handler, ward string) error {
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, dashboard.Prefix, nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[ward])
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		return fmt.Errorf("dashboard: %d %.300s", rec.Code, body)
	}
	if n := strings.Count(body, `<li class="row`); n != 18 {
		return fmt.Errorf("dashboard: %d targets, want 18", n)
	}
	if !strings.Contains(body, "Tổ dân phố 12") {
		return fmt.Errorf("dashboard: the ward's TDPs are not on its page")
	}
	return nil
}

// staleDays moves dash-stale's day of evaluation one day on per sample, so
// that the view kept by the sample before is always of another day.
var staleDays int

// dashStale: a new handler whose clock is a day after the kept view's (a
// new day, or a push: the same path), so the page shows the kept view
// with its "updating" note and queues the ward; the recompute (a model
// load) runs behind and is waited for untimed.
func dashStale(ctx context.Context, e *env, ward string, _ *rand.Rand) error {
	staleDays++
	h := dashboard.New(e.svc, nil)
	days := staleDays
	h.Now = func() time.Time { return time.Now().AddDate(0, 0, days) }
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, dashboard.Prefix, nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[ward])
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var err error
	if body := rec.Body.String(); rec.Code != http.StatusOK || strings.Count(body, `<li class="row`) != 18 || !strings.Contains(body, "đang cập nhật") {
		err = fmt.Errorf("dashboard: %d, not the kept page with its note: %.300s", rec.Code, body)
	}
	start := time.Now()
	h.Wait()
	h.Close()
	untimed += time.Since(start)
	return err
}
