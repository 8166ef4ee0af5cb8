// Package open311 is the citizens' side of the ward server: the Open311
// GeoReport v2 API (JSON and XML) for partner channels and apps, and the
// public page where residents read what was done about reports and send
// their own with a photo. Both sit on a Queue: an in-memory index of the
// ward's field reports, kept current from the server store's change feed
// (server.Store.Changes, by revision), and an intake that writes a new
// report (and its re-encoded photo) through server.Service.Push, so that
// it is an ordinary `report` record that syncs to every laptop.
//
// Private fields (reporter name and phone, private notes) are never read
// into what these handlers print: responses are built from an explicit
// list of public fields.
package open311

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/server"
	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/casework"
)

// Backend is what the queue needs from the ward server.
type Backend interface {
	Push(ctx context.Context, u *server.User, ops []wire.Op) ([]wire.OpResult, error)
	Changes(ctx context.Context, ward string, q server.ChangesQuery) ([]wire.Record, error)
	PutChunk(ctx context.Context, ward, sha string, size, offset int64, data []byte) (int64, error)
	Blob(ctx context.Context, ward, sha string) ([]byte, error)
	EnsureWard(ctx context.Context, ward, name string) error
}

// ServiceBackend adapts the server's Service (and its Store).
func ServiceBackend(svc *server.Service) Backend { return svcBackend{svc} }

type svcBackend struct{ svc *server.Service }

func (b svcBackend) Push(ctx context.Context, u *server.User, ops []wire.Op) ([]wire.OpResult, error) {
	return b.svc.Push(ctx, u, ops)
}

func (b svcBackend) Changes(ctx context.Context, ward string, q server.ChangesQuery) ([]wire.Record, error) {
	return b.svc.Store.Changes(ctx, ward, q)
}

func (b svcBackend) PutChunk(ctx context.Context, ward, sha string, size, offset int64, data []byte) (int64, error) {
	return b.svc.Store.PutChunk(ctx, ward, sha, size, offset, data)
}

func (b svcBackend) Blob(ctx context.Context, ward, sha string) ([]byte, error) {
	return b.svc.Store.Blob(ctx, ward, sha)
}

func (b svcBackend) EnsureWard(ctx context.Context, ward, name string) error {
	return b.svc.Store.EnsureWard(ctx, ward, name)
}

// Entry is one report as the public sees it. An entry is never changed
// once indexed (a new revision replaces it), so handlers read it without a
// lock.
type Entry struct {
	F        *gis.Feature
	Received time.Time
	Photos   []string // SHA-256 of the report's photos
	// cache holds the Open311 JSON object, made once per day (overdue
	// days change at midnight) and, with photos, per base URL.
	cache atomic.Pointer[rendered]
}

type rendered struct {
	day  gis.Date
	base string
	body []byte
}

// replace puts ne where e was (q.mu held).
func (q *Queue) replace(e, ne *Entry) {
	q.byID[e.F.ID] = ne
	i, _ := slices.BinarySearchFunc(q.sorted, e.Received, func(x *Entry, t time.Time) int { return x.Received.Compare(t) })
	for ; i < len(q.sorted); i++ {
		if q.sorted[i] == e {
			q.sorted[i] = ne
			return
		}
	}
	// Not sorted yet (dirty): look everywhere.
	for i := range q.sorted {
		if q.sorted[i] == e {
			q.sorted[i] = ne
			return
		}
	}
}

// Queue is the ward's reports, indexed for the public handlers.
type Queue struct {
	Ward string
	// MaxStale is how old the index may be when read; a write through the
	// queue refreshes it at once.
	MaxStale time.Duration
	Now      func() time.Time

	b Backend

	mu      sync.RWMutex
	after   int64
	checked time.Time
	byID    map[string]*Entry
	sorted  []*Entry // by received time, then id
	dirty   bool
	photos  map[string]string // attachment id → sha (report photos)
	photoOf map[string]string // attachment id → report id
	public  map[string]bool   // shas of report photos: the only blobs served
	streets map[string]*gis.Feature
	refresh sync.Mutex
}

// NewQueue returns a queue over a backend for one ward.
func NewQueue(b Backend, ward string) *Queue {
	return &Queue{Ward: ward, MaxStale: 500 * time.Millisecond, Now: func() time.Time { return time.Now().UTC() }, b: b,
		byID: map[string]*Entry{}, photos: map[string]string{}, photoOf: map[string]string{}, public: map[string]bool{},
		streets: map[string]*gis.Feature{}}
}

var indexKinds = []string{string(gis.Report), string(gis.Attachment), string(gis.Street), string(gis.Address)}

// Sync brings the index up to date with the store, at most MaxStale old
// unless force.
func (q *Queue) Sync(ctx context.Context, force bool) error {
	q.mu.RLock()
	fresh := !force && q.Now().Sub(q.checked) < q.MaxStale
	q.mu.RUnlock()
	if fresh {
		return nil
	}
	q.refresh.Lock()
	defer q.refresh.Unlock()
	q.mu.RLock()
	after := q.after
	// Whoever waited for another refresh finds it done.
	fresh = !force && q.Now().Sub(q.checked) < q.MaxStale
	q.mu.RUnlock()
	if fresh {
		return nil
	}
	for {
		recs, err := q.b.Changes(ctx, q.Ward, server.ChangesQuery{After: after, Limit: 5000, Kinds: indexKinds})
		if err != nil {
			return err
		}
		q.mu.Lock()
		for i := range recs {
			q.apply(&recs[i])
			after = max(after, recs[i].Rev)
		}
		q.after = after
		if len(recs) < 5000 {
			q.checked = q.Now()
			if q.dirty {
				slices.SortFunc(q.sorted, func(a, b *Entry) int {
					if c := a.Received.Compare(b.Received); c != 0 {
						return c
					}
					return strings.Compare(a.F.ID, b.F.ID)
				})
				q.dirty = false
			}
			q.mu.Unlock()
			q.warm()
			return nil
		}
		q.mu.Unlock()
	}
}

// apply takes one changed record into the index (q.mu held).
func (q *Queue) apply(r *wire.Record) {
	switch gis.Kind(r.Kind) {
	case gis.Attachment:
		owner, _ := r.Fields["owner_id"].(string)
		sha, _ := r.Fields["sha256"].(string)
		mime, _ := r.Fields["mime"].(string)
		if ok, _ := r.Fields["owner_kind"].(string); ok != string(gis.Report) || r.Deleted || !strings.HasPrefix(mime, "image/") {
			if old, had := q.photoOf[r.ID]; had {
				q.dropPhoto(old, r.ID)
			}
			return
		}
		q.photos[r.ID], q.photoOf[r.ID] = sha, owner
		q.public[sha] = true
		if e := q.byID[owner]; e != nil && !slices.Contains(e.Photos, sha) {
			q.replace(e, &Entry{F: e.F, Received: e.Received, Photos: append(slices.Clone(e.Photos), sha)})
		}
		return
	case gis.Street, gis.Address:
		f, err := wire.Feature(gis.Kind(r.Kind), r.ID, r.Fields)
		if err != nil || r.Deleted {
			delete(q.streets, r.ID)
			return
		}
		q.streets[r.ID] = f
		return
	}
	f, err := wire.Feature(gis.Report, r.ID, r.Fields)
	old := q.byID[r.ID]
	if err != nil || r.Deleted {
		if old != nil {
			delete(q.byID, r.ID)
			q.sorted = slices.DeleteFunc(q.sorted, func(e *Entry) bool { return e == old })
		}
		return
	}
	f.Meta = gis.Meta{CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Rev: r.Rev}
	rt, _ := f.Time("received_at")
	if old != nil && old.Received.Equal(rt) {
		q.replace(old, &Entry{F: f, Received: rt, Photos: old.Photos})
		return
	}
	e := &Entry{F: f, Received: rt}
	for id, owner := range q.photoOf {
		if owner == r.ID {
			e.Photos = append(e.Photos, q.photos[id])
		}
	}
	if old != nil {
		e.Photos = old.Photos
		q.sorted = slices.DeleteFunc(q.sorted, func(x *Entry) bool { return x == old })
	}
	q.byID[r.ID] = e
	q.sorted = append(q.sorted, e)
	q.dirty = true
}

func (q *Queue) dropPhoto(owner, attID string) {
	sha := q.photos[attID]
	delete(q.photos, attID)
	delete(q.photoOf, attID)
	if e := q.byID[owner]; e != nil {
		q.replace(e, &Entry{F: e.F, Received: e.Received, Photos: slices.DeleteFunc(slices.Clone(e.Photos), func(s string) bool { return s == sha })})
	}
	still := false
	for _, s := range q.photos {
		still = still || s == sha
	}
	if !still {
		delete(q.public, sha)
	}
}

// warm renders the JSON of entries that have none for today, so that
// the first GET of a new revision (or of a new day) does not pay for it.
func (q *Queue) warm() {
	today := gis.LocalDate(q.Now())
	q.mu.RLock()
	var todo []*Entry
	for _, e := range q.sorted {
		if c := e.cache.Load(); c == nil || c.day != today {
			todo = append(todo, e)
		}
	}
	q.mu.RUnlock()
	for _, e := range todo {
		if len(e.Photos) == 0 {
			q.jsonOf(e, today, "")
		}
	}
}

// Get returns one report.
func (q *Queue) Get(id string) (*Entry, bool) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	e, ok := q.byID[id]
	return e, ok
}

// Range calls fn for the reports received in [from, to), oldest first,
// until fn returns false.
func (q *Queue) Range(from, to time.Time, fn func(*Entry) bool) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	i, _ := slices.BinarySearchFunc(q.sorted, from, func(e *Entry, t time.Time) int { return e.Received.Compare(t) })
	for ; i < len(q.sorted) && q.sorted[i].Received.Before(to); i++ {
		if !fn(q.sorted[i]) {
			return
		}
	}
}

// Latest calls fn for reports newest first until it returns false.
func (q *Queue) Latest(fn func(*Entry) bool) {
	q.mu.RLock()
	defer q.mu.RUnlock()
	for i := len(q.sorted) - 1; i >= 0; i-- {
		if !fn(q.sorted[i]) {
			return
		}
	}
}

// Len is how many reports the queue holds.
func (q *Queue) Len() int {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return len(q.sorted)
}

// Streets returns the ward's street segments known to the server.
func (q *Queue) Streets() []*gis.Feature {
	q.mu.RLock()
	defer q.mu.RUnlock()
	out := make([]*gis.Feature, 0, len(q.streets))
	for _, f := range q.streets {
		if f.Kind == gis.Street {
			out = append(out, f)
		}
	}
	return out
}

// PublicPhoto reports whether a blob is a report's photo (the only blobs
// the public handlers serve).
func (q *Queue) PublicPhoto(sha string) bool {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.public[sha]
}

// Blob reads a stored photo.
func (q *Queue) Blob(ctx context.Context, sha string) ([]byte, error) {
	return q.b.Blob(ctx, q.Ward, sha)
}

// Locate finds a point for an address: an address record ("12 Trần Thành
// Ngọ", house number and street) or, failing that, the middle of a street
// segment of that name. Diacritics and case do not matter.
func (q *Queue) Locate(addr string) (orb.Point, bool) {
	want := gis.FoldSearch(addr)
	if strings.TrimSpace(want) == "" {
		return orb.Point{}, false
	}
	q.mu.RLock()
	defer q.mu.RUnlock()
	var street *gis.Feature
	for _, f := range q.streets {
		switch f.Kind {
		case gis.Address:
			full := gis.FoldSearch(f.Text("housenumber") + " " + f.Text("street"))
			if strings.Contains(want, full) || full == want {
				if p, ok := f.Geom.(orb.Point); ok {
					return p, true
				}
			}
		case gis.Street:
			if n := gis.FoldSearch(f.Text("name")); n != "" && strings.Contains(want, n) && (street == nil || f.ID < street.ID) {
				street = f
			}
		}
	}
	if street != nil {
		if ls, ok := street.Geom.(orb.LineString); ok && len(ls) > 0 {
			return ls[len(ls)/2], true
		}
	}
	return orb.Point{}, false
}

// Intake is a new report from any public channel.
type Intake struct {
	Channel  string // gis.ReportSchema channel
	By       string // who sends it: "portal", "open311:<partner>"
	Category string
	Text     string
	Address  string
	Point    orb.Point
	Name     string // private
	Phone    string // private
	Note     string // private
	Photos   [][]byte
}

// MaxText is the longest report text (Open311's description limit): the
// report schema's bound, so that sync, Open311 and the public page hold
// every report to the same one.
const MaxText = gis.ReportTextMax

// Submit writes a new report (and its photos, already re-encoded) in one
// push, refreshes the index and returns the report and possible
// duplicates.
func (q *Queue) Submit(ctx context.Context, in Intake) (*gis.Feature, []casework.Suggestion, error) {
	if _, err := casework.Level(in.Category); err != nil {
		return nil, nil, err
	}
	if n := len([]rune(in.Text)); n > MaxText {
		return nil, nil, gis.Errorf(gis.EINVALID, "nội dung quá dài: %d ký tự, tối đa %d (text too long)", n, MaxText)
	}
	now := q.Now()
	f := gis.NewFeature(gis.Report, in.Point)
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			f.Attrs[k] = v
		}
	}
	f.Attrs["channel"] = in.Channel
	f.Attrs["category"] = in.Category
	f.Attrs["status"] = casework.Received
	f.Attrs["received_at"] = now.Truncate(time.Second)
	set("text", in.Text)
	set("address", in.Address)
	set("reporter_name", in.Name)
	set("reporter_phone", in.Phone)
	set("private_note", in.Note)
	if f.Text("text") == "" {
		l, _ := casework.Level(in.Category)
		f.Attrs["text"] = "(" + l.Category + ")"
	}
	if err := gis.Validate(f); err != nil {
		return nil, nil, gis.Errorf(gis.EINVALID, "%v", err)
	}
	u := &server.User{Ward: q.Ward, Name: in.By, Role: server.UnitOfficer}
	ops := []wire.Op{{OpID: gis.NewID(), Kind: string(gis.Report), ID: f.ID, Op: wire.OpInsert, Fields: wire.Fields(f), At: now, By: in.By}}
	for i, img := range in.Photos {
		sum := sha256.Sum256(img)
		sha := hex.EncodeToString(sum[:])
		for off := 0; off < len(img); off += server.ChunkMax {
			end := min(off+server.ChunkMax, len(img))
			if _, err := q.b.PutChunk(ctx, q.Ward, sha, int64(len(img)), int64(off), img[off:end]); err != nil {
				return nil, nil, fmt.Errorf("open311: store photo: %w", err)
			}
		}
		a := gis.NewFeature(gis.Attachment, nil)
		a.Attrs["owner_kind"], a.Attrs["owner_id"], a.Attrs["sha256"] = string(gis.Report), f.ID, sha
		a.Attrs["filename"], a.Attrs["mime"], a.Attrs["size_bytes"] = fmt.Sprintf("anh-%d.jpg", i+1), "image/jpeg", int64(len(img))
		ops = append(ops, wire.Op{OpID: gis.NewID(), Kind: string(gis.Attachment), ID: a.ID, Op: wire.OpInsert, Fields: wire.Fields(a), At: now, By: in.By})
	}
	if err := q.b.EnsureWard(ctx, q.Ward, q.Ward); err != nil {
		return nil, nil, err
	}
	res, err := q.b.Push(ctx, u, ops)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range res {
		if r.Status != wire.Applied {
			return nil, nil, gis.Errorf(gis.EINVALID, "không ghi được phản ánh (report refused): %s", r.Error)
		}
	}
	if err := q.Sync(ctx, true); err != nil {
		return f, nil, err
	}
	var all []*gis.Feature
	q.mu.RLock()
	lo := now.Add(-casework.DupWindow)
	i, _ := slices.BinarySearchFunc(q.sorted, lo, func(e *Entry, t time.Time) int { return e.Received.Compare(t) })
	for ; i < len(q.sorted); i++ {
		all = append(all, q.sorted[i].F)
	}
	q.mu.RUnlock()
	return f, casework.SuggestDuplicates(f, all), nil
}
