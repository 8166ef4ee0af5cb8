package dashboard

import (
	"context"
	"slices"
	"sync"

	"wardmap/gis"
	"wardmap/gis/indicator"
)

// A push makes a ward's kept views (memos) stale, and a process that does
// not hold the ward's model would load it on the next page: seconds at
// 100,000 records (BenchmarkCity's dash-load). So a push, or a page that
// finds only a stale memo (another head, or another day), queues the ward
// here, and a few workers bring its views up to date in the background,
// while pages show the previous memo with a note "as of … updating".
//
// Bounds, since an inspector's push (not a leader) is what starts the
// work: a ward is queued at most once (pushes while it waits coalesce,
// and pushes while it runs make it run once more, since they may have
// come after it read the records); at most workers wards are computed at
// once; the periods computed are today's quarter and those that pages
// asked for (at most the ~30 the form offers); a ward whose dashboard
// nobody has looked at (no memo of today's quarter, no page here) is
// skipped. Workers run only while there is work, and Close cancels them
// and waits.

// Workers is how many wards' views are recomputed at once.
const Workers = 2

// ward queue states
const (
	queued  = 1
	running = 2
	again   = 3 // running, and pushed since it started
)

type refresher struct {
	h       *Handler
	workers int
	ctx     context.Context
	cancel  context.CancelFunc

	mu     sync.Mutex
	idle   *sync.Cond // signalled when a ward's work ends
	queue  []string
	state  map[string]int
	asked  map[string][]string // ward → periods its pages asked for
	live   int                 // workers running
	closed bool
	// hold, when set (tests), is called by a worker before it computes a
	// ward: it blocks the recompute to look at what pages show meanwhile.
	hold func(ward string)
	done int // wards recomputed (or given up), for tests
	errs int
}

func newRefresher(h *Handler, workers int) *refresher {
	ctx, cancel := context.WithCancel(context.Background())
	r := &refresher{h: h, workers: max(workers, 1), ctx: ctx, cancel: cancel, state: map[string]int{}, asked: map[string][]string{}}
	r.idle = sync.NewCond(&r.mu)
	return r
}

// ask notes that a page asked for period p of the ward.
func (r *refresher) ask(ward, p string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !slices.Contains(r.asked[ward], p) {
		r.asked[ward] = append(r.asked[ward], p)
	}
}

// busy reports whether the ward is queued or being recomputed.
func (r *refresher) busy(ward string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state[ward] != 0
}

// nudge queues the ward unless it is queued or running already: a page
// that found a stale memo while a recompute runs must not start another.
func (r *refresher) nudge(ward string) {
	if !r.busy(ward) {
		r.enqueue(ward)
	}
}

// enqueue queues the ward, once, and starts a worker if fewer than
// workers run.
func (r *refresher) enqueue(ward string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	switch r.state[ward] {
	case queued, again:
		return
	case running:
		r.state[ward] = again
		return
	}
	r.state[ward] = queued
	r.queue = append(r.queue, ward)
	if r.live < r.workers {
		r.live++
		go r.work()
	}
}

// work recomputes queued wards until the queue is empty or Close.
func (r *refresher) work() {
	for {
		r.mu.Lock()
		if len(r.queue) == 0 || r.closed {
			r.live--
			r.idle.Broadcast()
			r.mu.Unlock()
			return
		}
		ward := r.queue[0]
		r.queue = r.queue[1:]
		r.state[ward] = running
		periods := slices.Clone(r.asked[ward])
		hold := r.hold
		r.mu.Unlock()

		if hold != nil {
			hold(ward)
		}
		err := r.recompute(ward, periods)

		r.mu.Lock()
		r.done++
		if err != nil && r.ctx.Err() == nil {
			r.errs++
			r.h.Log.Error("dashboard: tính lại chỉ tiêu (recomputing the dashboard)", "ward", ward, "err", err)
		}
		if r.state[ward] == again && !r.closed {
			r.state[ward] = queued
			r.queue = append(r.queue, ward)
		} else {
			delete(r.state, ward)
		}
		r.idle.Broadcast()
		r.mu.Unlock()
	}
}

// recompute brings the ward's views of today's quarter and of periods up
// to date, and keeps them (View remembers what it computes).
func (r *refresher) recompute(ward string, periods []string) error {
	today := gis.LocalDate(r.h.now())
	def, _ := choosePeriod("", today)
	st := r.h.Svc.Store
	if len(periods) == 0 {
		// Nobody looked at this ward's dashboard in this process: only if
		// someone did before (a memo is kept) is it worth a load.
		_, ok, err := memoHead(r.ctx, st, ward, def)
		if err != nil || !ok {
			return err
		}
	}
	if !slices.Contains(periods, def.Name) {
		periods = append([]string{def.Name}, periods...)
	}
	for _, name := range periods {
		p, err := indicator.ParsePeriod(name)
		if err != nil {
			return err
		}
		if _, err := r.h.cache.View(r.ctx, st, ward, p, today, true); err != nil {
			return err
		}
	}
	return nil
}

// wait blocks until no ward is queued or running.
func (r *refresher) wait() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.state) > 0 || r.live > 0 {
		r.idle.Wait()
	}
}

// close cancels the work in progress, drops the queue and waits for the
// workers to end.
func (r *refresher) close() {
	r.mu.Lock()
	r.closed = true
	r.queue = nil
	for w, s := range r.state {
		if s == queued {
			delete(r.state, w)
		}
	}
	r.mu.Unlock()
	r.cancel()
	r.mu.Lock()
	for r.live > 0 {
		r.idle.Wait()
	}
	r.mu.Unlock()
}
