package osmimport

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Node weights, saturating: how a node is used by the selected ways.
const (
	useNeeded   = 0 // coordinates needed (polygon, building address)
	useStreet   = 1 // on exactly one street way, once
	useJunction = 2 // shared by streets, visited twice, or a street's end
)

// pendingMax is how many node references pass 1 buffers before merging them
// into the sorted index: 4 Mi refs, 32 MB.
const pendingMax = 1 << 22

// missing marks a needed node whose coordinates never showed up.
const missing = math.MinInt32

// nodeIndex holds, for the nodes the selected ways need, their id (sorted),
// their use and their coordinates in OSM's own fixed point (1e-7 degree).
// That is 17 bytes per node; a map would take several times more.
type nodeIndex struct {
	ids      []int64
	use      []uint8
	lon, lat []int32
	pending  []int64 // id<<2 | use, merged in batches
}

// add records one reference to id with the given use.
func (x *nodeIndex) add(id int64, use uint8) {
	x.pending = append(x.pending, id<<2|int64(use))
	if len(x.pending) >= pendingMax {
		x.flush()
	}
}

// flush sorts the pending references and merges them into ids/use, adding
// uses (saturating at useJunction) so that two street refs make a junction.
func (x *nodeIndex) flush() {
	if len(x.pending) == 0 {
		return
	}
	slices.Sort(x.pending)
	ids := make([]int64, 0, len(x.ids)+len(x.pending)/2)
	use := make([]uint8, 0, cap(ids))
	i := 0
	push := func(id int64, u uint8) {
		if n := len(ids); n > 0 && ids[n-1] == id {
			use[n-1] = min(use[n-1]+u, useJunction)
			return
		}
		ids = append(ids, id)
		use = append(use, u)
	}
	for _, p := range x.pending {
		id, u := p>>2, uint8(p&3)
		for i < len(x.ids) && x.ids[i] < id {
			push(x.ids[i], x.use[i])
			i++
		}
		push(id, u)
	}
	for ; i < len(x.ids); i++ {
		push(x.ids[i], x.use[i])
	}
	x.ids, x.use = slices.Clip(ids), slices.Clip(use)
	x.pending = x.pending[:0]
}

// seal ends pass 1: merges what is pending and makes room for coordinates.
func (x *nodeIndex) seal() {
	x.flush()
	x.pending = nil
	x.lon = make([]int32, len(x.ids))
	x.lat = make([]int32, len(x.ids))
	for i := range x.lon {
		x.lon[i] = missing
	}
}

// set stores a node's coordinates if the index wants it.
func (x *nodeIndex) set(id int64, p orb.Point) {
	x.setFixed(newNodeAt(id, p))
}

// setFixed stores a node's coordinates, already in fixed point, if the
// index wants it.
func (x *nodeIndex) setFixed(n nodeAt) {
	if i, ok := slices.BinarySearch(x.ids, n.id); ok {
		x.lon[i], x.lat[i] = n.lon, n.lat
	}
}

// nodeAt is a node's id and coordinates in the index's fixed point, kept
// while a small file is read once (16 bytes a node).
type nodeAt struct {
	id       int64
	lon, lat int32
}

func newNodeAt(id int64, p orb.Point) nodeAt {
	return nodeAt{id, int32(math.Round(p[0] * 1e7)), int32(math.Round(p[1] * 1e7))}
}

// get returns a node's coordinates and whether it is a graph node.
func (x *nodeIndex) get(id int64) (p orb.Point, junction, ok bool) {
	i, found := slices.BinarySearch(x.ids, id)
	if !found || x.lon[i] == missing {
		return orb.Point{}, false, false
	}
	return orb.Point{float64(x.lon[i]) / 1e7, float64(x.lat[i]) / 1e7}, x.use[i] >= useJunction, true
}
