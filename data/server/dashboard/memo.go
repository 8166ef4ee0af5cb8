package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"wardmap/data/server"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// A view is kept in the store as a memo (server.Memos), stamped with the
// head revision it was computed at, so that a page of an unchanged ward
// costs one read of a few tens of kilobytes when the process does not
// hold the ward's model (after a restart, or once more than MaxWards
// wards were seen): the model's load reads every countable record of the
// ward, seconds at 100,000 records (BenchmarkCity's dashboard cases).
// What a page shows is what the view held when computed: TestMemoPageIsThePage
// compares the pages byte for byte.

// memoKey is the key of period p's view.
func memoKey(p indicator.Period) string { return "dashboard/" + p.Name }

// memoView is a view as kept: JSON, whose floats read back exactly, with
// the fields JSON leaves out (json:"-") carried beside, and without the
// results' items (the drill-down's features, which the page does not
// show and which grow with the ward).
type memoView struct {
	Day        gis.Date
	At         time.Time // when computed (shown while a newer one is computed)
	Cat        indicator.Catalogue
	ValidFrom  []gis.Date // Cat[i].ValidFrom
	Board      memoBoard
	Trend      []memoBoard
	TrendNames []indicator.Period
	Geoms      map[string][]byte // WKB, exact
}

type memoBoard struct {
	Board  *indicator.Board
	Period indicator.Period
	AsOf   gis.Date
}

func keepBoard(b *indicator.Board) memoBoard {
	c := *b
	c.Ward = noItems(b.Ward)
	c.TDPs = make([]indicator.TDPBoard, len(b.TDPs))
	for i, t := range b.TDPs {
		c.TDPs[i] = indicator.TDPBoard{TDP: t.TDP, Results: noItems(t.Results)}
	}
	c.Streets = make([]indicator.StreetBoard, len(b.Streets))
	for i, s := range b.Streets {
		c.Streets[i] = indicator.StreetBoard{Street: s.Street, Results: noItems(s.Results)}
	}
	return memoBoard{Board: &c, Period: b.Period, AsOf: b.AsOf}
}

func (m memoBoard) board() *indicator.Board {
	m.Board.Period, m.Board.AsOf = m.Period, m.AsOf
	return m.Board
}

func noItems(rs []indicator.Result) []indicator.Result {
	out := make([]indicator.Result, len(rs))
	for i, r := range rs {
		r.Items = nil
		out[i] = r
	}
	return out
}

// encodeMemo is v as kept.
func encodeMemo(v *view, day gis.Date) ([]byte, error) {
	m := memoView{Day: day, At: v.at, Cat: v.cat, Board: keepBoard(v.board), Geoms: map[string][]byte{}}
	for _, t := range v.cat {
		m.ValidFrom = append(m.ValidFrom, t.ValidFrom)
	}
	for _, q := range v.trend {
		m.Trend = append(m.Trend, keepBoard(q.Board))
		m.TrendNames = append(m.TrendNames, q.Period)
	}
	for id, g := range v.geoms {
		b, err := wkb.Marshal(g)
		if err != nil {
			return nil, err
		}
		m.Geoms[id] = b
	}
	return json.Marshal(m)
}

// decodeMemo is the kept view and the day it was computed for.
func decodeMemo(body []byte) (*view, gis.Date, error) {
	var m memoView
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, m.Day, err
	}
	if len(m.ValidFrom) != len(m.Cat) || len(m.TrendNames) != len(m.Trend) || m.Board.Board == nil {
		return nil, m.Day, fmt.Errorf("dashboard: memo malformed")
	}
	v := &view{cat: m.Cat, board: m.Board.board(), geoms: map[string]orb.Geometry{}, at: m.At}
	for i := range v.cat {
		v.cat[i].ValidFrom = m.ValidFrom[i]
	}
	for i, q := range m.Trend {
		v.trend = append(v.trend, quarter{Period: m.TrendNames[i], Board: q.board()})
	}
	for id, b := range m.Geoms {
		g, err := wkb.Unmarshal(b)
		if err != nil {
			return nil, m.Day, err
		}
		v.geoms[id] = g
	}
	return v, m.Day, nil
}

// recall is the ward's kept view of period p, with the head revision and
// the day it was computed at, or nil.
func recall(ctx context.Context, st server.Store, ward string, p indicator.Period) (*view, int64, gis.Date, error) {
	ms, ok := st.(server.Memos)
	if !ok {
		return nil, 0, gis.Date{}, nil
	}
	rev, body, ok, err := ms.Memo(ctx, ward, memoKey(p))
	if err != nil || !ok {
		return nil, 0, gis.Date{}, err
	}
	v, day, err := decodeMemo(body)
	return v, rev, day, err
}

// memoHead reports whether a memo of period p is kept, and its revision.
func memoHead(ctx context.Context, st server.Store, ward string, p indicator.Period) (int64, bool, error) {
	ms, ok := st.(server.Memos)
	if !ok {
		return 0, false, nil
	}
	rev, _, ok, err := ms.Memo(ctx, ward, memoKey(p))
	return rev, ok, err
}

// remember keeps v as the ward's view of period p at rev.
func remember(ctx context.Context, st server.Store, ward string, p indicator.Period, day gis.Date, rev int64, v *view) error {
	ms, ok := st.(server.Memos)
	if !ok {
		return nil
	}
	body, err := encodeMemo(v, day)
	if err != nil {
		return err
	}
	return ms.SetMemo(ctx, ward, memoKey(p), rev, body)
}
