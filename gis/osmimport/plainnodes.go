package osmimport

import (
	"sync"

	"github.com/paulmach/osm"
)

// plainNodes takes a PBF's plain nodes (those that are not addresses) off
// the scanner on its decoding goroutines (osmpbf's FilterNode), so that
// they are handled in parallel, block by block, and never become objects:
// reading a file once only needs their ids and coordinates, kept to the
// end of the file, in any order (a file has each node once). Address
// nodes go on to the reading goroutine, which keeps them in file order.
//
// The decoders do not tell where in the file a node was, so a plain node
// after a way is not refused (ErrUnsorted) here: read once, the whole file
// is in hand before any way is built, and such a file imports as its
// sorted copy would. Read in three passes, it is refused as before.
type plainNodes struct {
	mu sync.Mutex
	// chunks of plainChunk nodes: appending to a growing slice copied
	// every node about twice into fresh pages (3% of Andorra's import).
	chunks [][]nodeAt
	n      int
}

const plainChunk = 8192

// filter is osmpbf's FilterNode: false keeps the node from the scanner.
func (c *plainNodes) filter(n *osm.Node) bool {
	if len(n.Tags) > 0 {
		if _, _, ok := address(n.Tags); ok {
			return true
		}
	}
	at := newNodeAt(int64(n.ID), n.Point())
	c.mu.Lock()
	if k := len(c.chunks); k == 0 || len(c.chunks[k-1]) == plainChunk {
		c.chunks = append(c.chunks, make([]nodeAt, 0, plainChunk))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, at)
	c.n++
	c.mu.Unlock()
	return false
}
