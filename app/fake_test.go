package app

import (
	"context"
	"maps"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/app/settings"
	"wardmap/gis"
	"wardmap/gis/indicator"
	"wardmap/gis/tile"
)

// fakeStore is an in-memory Store: Apply works on a copy and keeps it only
// when every write succeeded, as a transaction does.
type fakeStore struct {
	mu    sync.Mutex
	recs  map[gis.Kind]map[string]*gis.Feature
	blobs map[string][]byte
	// applies counts successful Apply calls.
	applies int
}

var _ Store = (*fakeStore)(nil)

func newFakeStore(fs ...*gis.Feature) *fakeStore {
	s := &fakeStore{recs: map[gis.Kind]map[string]*gis.Feature{}, blobs: map[string][]byte{}}
	for _, f := range fs {
		gis.Derive(f)
		if err := gis.Validate(f); err != nil {
			panic(err)
		}
		s.put(s.recs, f)
	}
	return s
}

func (s *fakeStore) put(m map[gis.Kind]map[string]*gis.Feature, f *gis.Feature) {
	if m[f.Kind] == nil {
		m[f.Kind] = map[string]*gis.Feature{}
	}
	m[f.Kind][f.ID] = clone(f)
}

func (s *fakeStore) Features(_ context.Context, k gis.Kind, b orb.Bound) ([]*gis.Feature, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*gis.Feature
	for _, f := range s.recs[k] {
		if !f.Deleted && f.Geom != nil && f.Geom.Bound().Intersects(b) {
			out = append(out, clone(f))
		}
	}
	return out, nil
}

func (s *fakeStore) Search(_ context.Context, text string, limit int) ([]*gis.Feature, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	words := strings.Fields(gis.FoldSearch(text))
	var out []*gis.Feature
	for _, k := range gis.Kinds() {
		for _, f := range s.recs[k] {
			st := f.SearchText()
			ok := !f.Deleted
			for _, w := range words {
				ok = ok && strings.Contains(st, w)
			}
			if ok && len(out) < limit {
				out = append(out, clone(f))
			}
		}
	}
	return out, nil
}

func (s *fakeStore) Get(_ context.Context, k gis.Kind, id string) (*gis.Feature, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.recs[k][id]
	if f == nil {
		return nil, gis.Errorf(gis.ENOTFOUND, "not found")
	}
	return clone(f), nil
}

func (s *fakeStore) Apply(_ context.Context, user string, c Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := map[gis.Kind]map[string]*gis.Feature{}
	for k, m := range s.recs {
		next[k] = maps.Clone(m)
	}
	blobs := maps.Clone(s.blobs)
	for _, b := range c.Blobs {
		blobs[b.SHA256] = b.Data
	}
	for _, f := range c.Insert {
		gis.Derive(f)
		if err := gis.Validate(f); err != nil {
			return err
		}
		if next[f.Kind][f.ID] != nil {
			return gis.Errorf(gis.ECONFLICT, "exists")
		}
		f.CreatedBy, f.UpdatedBy = user, user
		s.put(next, f)
	}
	for _, f := range c.Save {
		old := next[f.Kind][f.ID]
		if old == nil || old.Deleted {
			return gis.Errorf(gis.ENOTFOUND, "not found")
		}
		gis.Derive(f)
		if err := gis.Validate(f); err != nil {
			return err
		}
		s.put(next, f)
	}
	for _, r := range c.Delete {
		f := next[r.Kind][r.ID]
		if f == nil {
			return gis.Errorf(gis.ENOTFOUND, "not found")
		}
		f = clone(f)
		f.Deleted = true
		next[r.Kind][r.ID] = f
	}
	for _, r := range c.Restore {
		f := next[r.Kind][r.ID]
		if f == nil {
			return gis.Errorf(gis.ENOTFOUND, "not found")
		}
		f = clone(f)
		f.Deleted = false
		next[r.Kind][r.ID] = f
	}
	s.recs, s.blobs = next, blobs
	s.applies++
	return nil
}

// AttachmentsOf and Blob make the fake a PhotoStore.
func (s *fakeStore) AttachmentsOf(_ context.Context, k gis.Kind, id string) ([]*gis.Feature, error) {
	var out []*gis.Feature
	for _, a := range s.live(gis.Attachment) {
		if a.Text("owner_kind") == string(k) && a.Text("owner_id") == id {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *fakeStore) Blob(_ context.Context, sha string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.blobs[sha]
	if !ok {
		return nil, gis.Errorf(gis.ENOTFOUND, "no blob")
	}
	return b, nil
}

func (s *fakeStore) get(k gis.Kind, id string) *gis.Feature {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clone(s.recs[k][id])
}

func (s *fakeStore) live(k gis.Kind) []*gis.Feature {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*gis.Feature
	for _, f := range s.recs[k] {
		if !f.Deleted {
			out = append(out, clone(f))
		}
	}
	return out
}

// The test ward: one residential group, a street through it, a lamp
// beside the street.
var (
	centre = orb.Point{106.6265, 20.8085}
	today  = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
)

// off returns the point dx, dy metres east and north of centre.
func off(dx, dy float64) orb.Point {
	dLon, dLat := gis.MetresToDegrees(1, centre[1])
	return orb.Point{centre[0] + dx*dLon, centre[1] + dy*dLat}
}

type fixture struct {
	store  *fakeStore
	w      *Window
	win    fyne.Window
	lamp   *gis.Feature
	street *gis.Feature
}

func newFixture(t *testing.T) *fixture { return newFixtureWith(t, nil) }

// newFixtureWith is newFixture with wire given the store and the window's
// dependencies before the window is made (to add a sync store, say).
func newFixtureWith(t *testing.T, wire func(*fakeStore, *Deps)) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	tdp := gis.NewFeature(gis.TDP, orb.Polygon{{off(-300, -300), off(300, -300), off(300, 300), off(-300, 300), off(-300, -300)}})
	tdp.Attrs["name"] = "Tổ dân phố 1"
	street := gis.NewFeature(gis.Street, orb.LineString{off(-250, 40), off(250, 40)})
	street.Attrs["name"] = "Trần Thành Ngọ"
	street.Attrs["class"] = "main"
	lamp := gis.NewFeature(gis.Lamp, off(0, 0))
	lamp.Attrs["pole_code"] = "KA-0001"
	lamp.Attrs["status"] = "working"
	lamp.Attrs["power_w"] = 100.0
	st := newFakeStore(tdp, street, lamp)
	d := Deps{
		Store: st, Photos: st, WardName: "Kiến An", Home: tdp.Geom.Bound(),
		Settings: settings.New(a.Preferences()), User: "tester",
		Now: func() time.Time { return today },
	}
	if wire != nil {
		wire(st, &d)
	}
	w, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	content := w.Content()
	// Content opens the tab last shown, which may start a read in the
	// background; the test driver runs its fyne.Do on that goroutine, so
	// it must end before this one lays the window out.
	w.Wait()
	win := test.NewTempWindow(t, content)
	w.Attach(win)
	win.Resize(fyne.NewSize(1400, 900))
	t.Cleanup(w.Wait) // no background work runs into the next test
	f := &fixture{store: st, w: w, win: win, lamp: lamp, street: street}
	f.look(centre, 18)
	return f
}

// look sets the map's view at the map widget's size, so that a unit is a
// pixel.
func (f *fixture) look(c orb.Point, zoom float64) {
	sz := f.w.Map.Size()
	f.w.Map.SetView(tile.View{Center: c, Zoom: zoom, Width: int(sz.Width), Height: int(sz.Height)})
}

// tap clicks the map at p.
func (f *fixture) tap(p orb.Point) {
	x, y := f.w.Map.View().ToPixel(p)
	s := f.w.Map.PixelScale()
	test.TapAt(f.w.Map, fyne.NewPos(float32(x/s), float32(y/s)))
}

// tapButton taps the button labelled text in the window's top overlay (a
// dialog).
func tapButton(t *testing.T, c fyne.Canvas, text string) {
	t.Helper()
	top := c.Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open")
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q in the dialog", text)
}

// fakeIndicators is a fakeStore that also computes the plan's indicators
// (IndicatorStore) from its records with gis/indicator and the default
// catalogue, and checks reported figures as the GeoPackage store does (the
// head of a TDP is named by the TDP's head attribute).
type fakeIndicators struct {
	*fakeStore
	entries []indicator.Entry
	reports []string // paths written
	// reportErr, when set, is WriteBulletin's failure.
	reportErr error
	// computes counts Dashboard calls; each waits for gate when set.
	computes int
	gate     chan struct{}
}

var _ IndicatorStore = (*fakeIndicators)(nil)

func (s *fakeIndicators) input(today gis.Date) *indicator.Input {
	in := &indicator.Input{Today: today, Params: indicator.DefaultParams()}
	s.mu.Lock()
	in.Entries = append(in.Entries, s.entries...)
	s.mu.Unlock()
	for _, k := range gis.Kinds() {
		in.Features = append(in.Features, s.live(k)...)
	}
	return in
}

func (s *fakeIndicators) Dashboard(_ context.Context, p indicator.Period, today gis.Date) (*DashboardData, error) {
	s.mu.Lock()
	s.computes++
	gate := s.gate
	s.mu.Unlock()
	if gate != nil {
		<-gate
	}
	cat := indicator.Catalogue(indicator.Defaults())
	in := s.input(today)
	b := indicator.Compute(cat, in, p, indicator.Options{PerTDP: true, PerStreet: true})
	return &DashboardData{Catalogue: cat, Board: b, Trend: indicator.Trend(cat, in, indicator.Quarters(p, b.AsOf), indicator.Options{})}, nil
}

func (s *fakeIndicators) AddEntry(_ context.Context, e *indicator.Entry) error {
	t, err := indicator.Catalogue(indicator.Defaults()).Lookup(e.Code)
	if err != nil {
		return err
	}
	var info *indicator.TDPInfo
	userTDP := ""
	for _, f := range s.live(gis.TDP) {
		if e.Scope == indicator.TDP && (f.ID == e.ScopeID || f.Text("name") == e.ScopeID) {
			hh, _ := f.Float("households")
			info = &indicator.TDPInfo{ID: f.ID, Name: f.Text("name"), Head: f.Text("head"), Households: int64(hh)}
			e.ScopeID = f.ID
		}
		if h := f.Text("head"); h != "" && gis.FoldSearch(h) == gis.FoldSearch(e.By) {
			userTDP = f.ID
		}
	}
	if e.At.IsZero() {
		e.At = today
	}
	if err := indicator.Check(t, e, userTDP, info); err != nil {
		return err
	}
	s.mu.Lock()
	s.entries = append(s.entries, *e)
	s.mu.Unlock()
	return nil
}

func (s *fakeIndicators) WriteBulletin(_ context.Context, p indicator.Period, _ gis.Date, path string) error {
	if s.reportErr != nil {
		return s.reportErr
	}
	s.mu.Lock()
	s.reports = append(s.reports, path)
	s.mu.Unlock()
	return os.WriteFile(path, []byte("report "+p.Name), 0o644)
}
