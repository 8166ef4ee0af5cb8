// Package section groups street segments into the street sections people
// inspect: "Trần Thành Ngọ, từ Lê Duẩn đến Trường Chinh". The network is
// split at every junction for routing; a section runs along one named
// street between two junctions with other named streets of its class or
// a greater one (or a dead end), so an alley opening onto a main street,
// a street with no name or a bend does not cut it. It is pure:
// it reads street and TDP features and hands back sections with their
// edge ids.
package section

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"wardmap/gis"
)

// Section is a run of segments of one street between cross streets.
type Section struct {
	// ID is the first edge's id: stable while the network is.
	ID    string `json:"id"`
	Name  string `json:"name"`
	Class string `json:"class,omitempty"`
	// From and To name the cross streets at its ends, west end first
	// unless only the east end has one ("" at a dead end, the ward's edge
	// or a fork of the same street).
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// TDP is the name of the TDP holding most of its length.
	TDP   string `json:"tdp,omitempty"`
	TDPID string `json:"tdp_id,omitempty"`
	// Edges are the street segments' ids in order along the section.
	Edges   []string  `json:"edges"`
	LengthM float64   `json:"length_m"`
	Mid     orb.Point `json:"middle"`
	// Toward is set only where two sections of a street in one TDP would
	// read alike (both run from one cross street to a dead end): the way
	// it runs from From, "tây" (west), "đông", "bắc", "nam".
	Toward string `json:"toward,omitempty"`
	// Part numbers sections that still read alike (rare).
	Part int `json:"part,omitempty"`
	// deadFrom, deadTo: the end is a dead end (one segment meets there).
	deadFrom, deadTo bool
	// a, b are its first and last points, for Toward.
	a, b orb.Point
}

// Label says which section it is: "Trần Thành Ngọ, từ Lê Duẩn đến Trường
// Chinh" in Vietnamese, "Trần Thành Ngọ, from Lê Duẩn to Trường Chinh"
// otherwise. Names stay as signed; a dead end reads "cuối đường" (the end).
func (s *Section) Label(lang string) string {
	name := s.Name
	if name == "" {
		name = pick(lang, "Đường không tên", "Unnamed street")
	}
	from, to := s.end(lang, s.From, s.deadFrom), s.end(lang, s.To, s.deadTo)
	if from == "" {
		from, to = to, ""
	}
	out := name
	switch {
	case to != "":
		out += pick(lang, ", từ "+from+" đến "+to, ", from "+from+" to "+to)
	case from != "":
		out += pick(lang, ", từ "+from, ", from "+from)
	}
	if s.Toward != "" {
		out += pick(lang, " (phía "+s.Toward+")", " ("+towardEN[s.Toward]+")")
	}
	if s.Part > 0 {
		out += pick(lang, " (đoạn "+strconv.Itoa(s.Part)+")", " (part "+strconv.Itoa(s.Part)+")")
	}
	return out
}

var towardEN = map[string]string{"tây": "west", "đông": "east", "bắc": "north", "nam": "south"}

// toward is the compass way from a to b, on the stronger axis.
func toward(a, b orb.Point) string {
	kx, ky := gis.MetresPerDegree(a[1])
	dx, dy := (b[0]-a[0])*kx, (b[1]-a[1])*ky
	switch {
	case math.Abs(dx) >= math.Abs(dy) && dx < 0:
		return "tây"
	case math.Abs(dx) >= math.Abs(dy):
		return "đông"
	case dy < 0:
		return "nam"
	}
	return "bắc"
}

// disambiguate tells apart sections of one TDP that read alike: first by
// the way they run, then by number.
func disambiguate(secs []Section) {
	for pass := 0; pass < 2; pass++ {
		same := map[string][]int{}
		for i := range secs {
			k := secs[i].TDP + "|" + secs[i].Label("vi")
			same[k] = append(same[k], i)
		}
		for _, is := range same {
			if len(is) < 2 {
				continue
			}
			for n, i := range is {
				if pass == 0 {
					secs[i].Toward = toward(secs[i].a, secs[i].b)
				} else {
					secs[i].Part = n + 1
				}
			}
		}
	}
}

func (s *Section) end(lang, cross string, dead bool) string {
	if cross != "" || !dead {
		return cross
	}
	if strings.HasPrefix(s.Name, "Ngõ") || strings.HasPrefix(s.Name, "Ngách") || strings.HasPrefix(s.Name, "Hẻm") {
		return pick(lang, "cuối ngõ", "the end of the alley")
	}
	return pick(lang, "cuối đường", "the end of the street")
}

func pick(lang, vi, en string) string {
	if lang == "en" {
		return en
	}
	return vi
}

// seg is one street segment as the grouping sees it.
type seg struct {
	f        *gis.Feature
	line     orb.LineString
	name     string
	from, to string // node keys
	lengthM  float64
}

// nodeKey names a segment's end: its graph node when the import recorded
// one (from_node/to_node), else its coordinates to about 1 cm.
func nodeKey(f *gis.Feature, attr string, p orb.Point) string {
	if v, ok := f.Float(attr); ok && v != 0 {
		return fmt.Sprintf("n%d", int64(v))
	}
	return fmt.Sprintf("c%.7f,%.7f", p[0], p[1])
}

// classRank orders cross streets: a main street is the better landmark.
func classRank(c string) int {
	switch c {
	case "main":
		return 0
	case "secondary":
		return 1
	case "alley":
		return 2
	}
	return 3
}

// Build groups the streets into sections and places each in the TDP that
// holds most of its length. Deleted records and non-lines are skipped.
// The order is stable: by TDP, name, then west to east.
func Build(streets, tdps []*gis.Feature) *Index {
	var segs []*seg
	for _, f := range streets {
		ls, ok := f.Geom.(orb.LineString)
		if f.Deleted || !ok || len(ls) < 2 {
			continue
		}
		s := &seg{f: f, line: ls, name: streetName(f),
			from: nodeKey(f, "from_node", ls[0]), to: nodeKey(f, "to_node", ls[len(ls)-1])}
		s.lengthM = lengthM(ls)
		segs = append(segs, s)
	}
	at := map[string][]*seg{}
	for _, s := range segs {
		at[s.from] = append(at[s.from], s)
		if s.to != s.from {
			at[s.to] = append(at[s.to], s)
		}
	}
	x := &Index{byEdge: map[string]int{}, tdps: polygons(tdps)}
	done := map[*seg]bool{}
	for _, s := range segs {
		if done[s] {
			continue
		}
		x.Sections = append(x.Sections, x.walk(s, at, done))
	}
	sort.SliceStable(x.Sections, func(i, j int) bool {
		a, b := &x.Sections[i], &x.Sections[j]
		if a.TDP != b.TDP {
			return a.TDP < b.TDP
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Mid[0] < b.Mid[0]
	})
	disambiguate(x.Sections)
	for i, s := range x.Sections {
		for _, e := range s.Edges {
			x.byEdge[e] = i
		}
	}
	x.near = newNearIndex(segs, x.byEdge)
	return x
}

// through is the segment that carries s's street on past node n, or nil
// when n ends the section: a dead end, a fork of the street, or a
// junction with another named street of its class or a greater one. An
// alley opening onto a main street does not cut it: people say "Lê Quốc
// Uy, from Trường Chinh to Lê Duẩn", not "from Ngõ 430 to Ngõ 457".
func through(s *seg, n string, at map[string][]*seg, done map[*seg]bool) *seg {
	var next *seg
	same := 0
	rank := classRank(s.f.Text("class"))
	for _, o := range at[n] {
		if o.name != s.name {
			if o.name != "" && classRank(o.f.Text("class")) <= rank {
				return nil
			}
			continue
		}
		same++
		if o != s {
			next = o
		}
	}
	if same != 2 || next == nil || done[next] {
		return nil
	}
	return next
}

// walk follows s's street both ways to the section's ends.
func (x *Index) walk(s *seg, at map[string][]*seg, done map[*seg]bool) Section {
	done[s] = true
	chain := []*seg{s}
	nodes := []string{s.from, s.to}
	for cur, n := s, s.to; ; {
		next := through(cur, n, at, done)
		if next == nil {
			break
		}
		done[next] = true
		chain = append(chain, next)
		n = other(next, n)
		nodes = append(nodes, n)
		cur = next
	}
	for cur, n := s, s.from; ; {
		next := through(cur, n, at, done)
		if next == nil {
			break
		}
		done[next] = true
		chain = append([]*seg{next}, chain...)
		n = other(next, n)
		nodes = append([]string{n}, nodes...)
		cur = next
	}
	first, last := nodes[0], nodes[len(nodes)-1]
	if west(endPoint(chain[len(chain)-1], last), endPoint(chain[0], first)) {
		for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
			chain[i], chain[j] = chain[j], chain[i]
		}
		first, last = last, first
	}
	from, deadFrom := cross(s.name, at[first])
	to, deadTo := cross(s.name, at[last])
	// A section that has a cross street at one end only reads from it:
	// "Ngõ 5, từ Lê Duẩn đến cuối ngõ", as one walks in.
	if from == "" && to != "" {
		slices.Reverse(chain)
		from, to, deadFrom, deadTo = to, from, deadTo, deadFrom
		first, last = last, first
	}
	sec := Section{ID: chain[0].f.ID, Name: s.name, Class: s.f.Text("class"),
		From: from, To: to, deadFrom: deadFrom, deadTo: deadTo,
		a: endPoint(chain[0], first), b: endPoint(chain[len(chain)-1], last)}
	byTDP := map[int]float64{}
	var longest *seg
	for _, c := range chain {
		sec.Edges = append(sec.Edges, c.f.ID)
		sec.LengthM += c.lengthM
		if longest == nil || c.lengthM > longest.lengthM {
			longest = c
		}
		if t := x.tdpOf(middle(c.line)); t >= 0 {
			byTDP[t] += c.lengthM
		}
	}
	sec.Mid = middle(longest.line)
	best, bestLen := -1, -1.0
	for t, l := range byTDP {
		if l > bestLen || (l == bestLen && t < best) {
			best, bestLen = t, l
		}
	}
	if best >= 0 {
		sec.TDP, sec.TDPID = x.tdps[best].name, x.tdps[best].id
	}
	return sec
}

func other(s *seg, n string) string {
	if s.from == n {
		return s.to
	}
	return s.from
}

func endPoint(s *seg, n string) orb.Point {
	if s.from == n {
		return s.line[0]
	}
	return s.line[len(s.line)-1]
}

// west: a lies west of b (south first when level), so sections read in
// the same direction as a map.
func west(a, b orb.Point) bool {
	if math.Abs(a[0]-b[0]) > 1e-6 {
		return a[0] < b[0]
	}
	return a[1] < b[1]
}

// cross names the best landmark among the other named streets at a
// node (main streets before alleys, then by name); dead reports a dead
// end (nothing else meets there).
func cross(name string, here []*seg) (string, bool) {
	best, rank := "", 99
	for _, o := range here {
		if o.name == name || o.name == "" {
			continue
		}
		r := classRank(o.f.Text("class"))
		if r < rank || (r == rank && o.name < best) {
			best, rank = o.name, r
		}
	}
	return best, len(here) == 1
}

func lengthM(ls orb.LineString) float64 {
	var l float64
	for i := 1; i < len(ls); i++ {
		l += gis.DistanceM(ls[i-1], ls[i])
	}
	return l
}

// middle is the vertex-weighted middle of a line, good enough to place a
// segment in a TDP or measure a distance at street scale.
func middle(ls orb.LineString) orb.Point {
	c, _ := planar.CentroidArea(ls)
	return c
}

// streetName is a segment's name, "" when it has none: the OSM import
// stores "(không tên)" where the schema needs a name, and such a street
// neither cuts a named one nor serves as a landmark.
func streetName(f *gis.Feature) string {
	n := strings.TrimSpace(f.Text("name"))
	if strings.HasPrefix(n, "(") && strings.HasSuffix(n, ")") {
		return ""
	}
	return n
}
