package gpkg

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Bulk loading of an SQLite R*Tree.
//
// SQLite's R*Tree module inserts one row at a time (ChooseLeaf, splits,
// forced reinserts): about 20 µs a row, twice the cost of the table insert
// itself. It has no bulk load, but its storage is plain tables, the same in
// every SQLite since 3.8 (ext/rtree/rtree.c), which GDAL also writes
// directly for its bulk-built GeoPackage indexes:
//
//	<name>_node(nodeno INTEGER PRIMARY KEY, data BLOB)
//	<name>_rowid(rowid INTEGER PRIMARY KEY, nodeno)
//	<name>_parent(nodeno INTEGER PRIMARY KEY, parentnode)
//
// Node 1 is the root. A node blob is exactly as long as the root blob was
// when the table was created (page size − 64, at most 51 cells): big-endian
// 2 bytes tree depth (root only; 0 elsewhere), 2 bytes cell count, then the
// cells: 8 bytes rowid (leaf) or child node number, then minx, maxx, miny,
// maxy as float32, rounded outward as rtreeValueDown/rtreeValueUp do.
//
// When a Loader commits into an R-tree that is empty, bulkIndex writes a
// packed Hilbert R-tree (Kamel & Faloutsos): the boxes in Hilbert order,
// cut into leaves as full as the node size allows, the leaves grouped the
// same way level by level up to the root. SQLite's own checker,
// rtreecheck(), and PRAGMA integrity_check accept it, and later edits
// through the triggers work on it as on any other tree.

// rtreeCellSize is one cell of a 2-D float R-tree: rowid + 4 float32.
const rtreeCellSize = 8 + 4*4

// rtreeMaxDepth is rtree.c's RTREE_MAX_DEPTH.
const rtreeMaxDepth = 40

// bulkIndex fills the empty R-tree name with bs and reports true, or
// reports false without writing anything when the tree is not empty (the
// caller then inserts row by row).
func bulkIndex(ctx context.Context, tx *sql.Tx, name string, bs []box) (bool, error) {
	if len(bs) == 0 {
		return true, nil
	}
	q := func(suffix string) string { return quoteIdent(name + suffix) }
	var nonEmpty bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+q("_rowid")+")").Scan(&nonEmpty); err != nil {
		return false, fmt.Errorf("gpkg: bulk index %s: %w", name, err)
	}
	if nonEmpty {
		return false, nil
	}
	var nodeSize int
	if err := tx.QueryRowContext(ctx, "SELECT length(data) FROM "+q("_node")+" WHERE nodeno = 1").Scan(&nodeSize); err != nil {
		return false, fmt.Errorf("gpkg: bulk index %s: root node: %w", name, err)
	}
	capacity := (nodeSize - 4) / rtreeCellSize
	if capacity < 2 {
		return false, nil
	}
	t := packRTree(bs, nodeSize)
	if t.depth >= rtreeMaxDepth {
		return false, nil
	}
	for _, suffix := range []string{"_node", "_parent", "_rowid"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+q(suffix)); err != nil {
			return false, fmt.Errorf("gpkg: bulk index %s: %w", name, err)
		}
	}
	nodes := newBatchInsert(ctx, tx, q("_node"), "nodeno, data", 64)
	for _, n := range t.nodes {
		if err := nodes.add(n.no, n.data); err != nil {
			return false, err
		}
	}
	if err := nodes.flush(); err != nil {
		return false, err
	}
	parents := newBatchInsert(ctx, tx, q("_parent"), "nodeno, parentnode", 500)
	for _, n := range t.nodes {
		if n.no == 1 {
			continue
		}
		if err := parents.add(n.no, n.parent); err != nil {
			return false, err
		}
	}
	if err := parents.flush(); err != nil {
		return false, err
	}
	// bs is in fid order (the order of the inserts), so the rowid table
	// grows at its end.
	rowids := newBatchInsert(ctx, tx, q("_rowid"), "rowid, nodeno", 500)
	for i, x := range bs {
		if err := rowids.add(x.fid, t.leafOf[i]); err != nil {
			return false, err
		}
	}
	if err := rowids.flush(); err != nil {
		return false, err
	}
	return true, nil
}

// packedTree is an R-tree ready to be written: its nodes (root first, as
// node 1) and the leaf node number of each box, by the boxes' index.
type packedTree struct {
	nodes  []packedNode
	leafOf []int64
	depth  int
}

type packedNode struct {
	no, parent int64
	data       []byte
}

// packRTree builds the packed Hilbert R-tree of bs in nodes of nodeSize
// bytes. Node numbers are given level by level from the leaves up,
// starting at 2; the root is node 1.
func packRTree(bs []box, nodeSize int) packedTree {
	capacity := (nodeSize - 4) / rtreeCellSize
	order := hilbertOrder(bs)
	level := make([]cell, len(bs))
	for i, o := range order {
		x := bs[o].b
		level[i] = cell{bs[o].fid, [4]float32{roundDown(x[0]), roundUp(x[1]), roundDown(x[2]), roundUp(x[3])}}
	}
	t := packedTree{leafOf: make([]int64, len(bs))}
	next := int64(2)
	// below[i] is the index in t.nodes of the nodes made at the level
	// below, whose parent is set once the level above is cut.
	var below []int
	for depth := 0; ; depth++ {
		// Cut the level into k nodes whose sizes differ by at most one, so
		// that no node is left nearly empty at the end of a level.
		k := (len(level) + capacity - 1) / capacity
		root := k == 1
		up := make([]cell, 0, k)
		made := make([]int, 0, k)
		for i := 0; i < k; i++ {
			lo, hi := i*len(level)/k, (i+1)*len(level)/k
			no := next
			if root {
				no = 1
			} else {
				next++
			}
			data, ub := encodeNode(level[lo:hi], nodeSize, depth, root)
			for j := lo; j < hi; j++ {
				if depth == 0 {
					t.leafOf[order[j]] = no
				} else {
					t.nodes[below[j]].parent = no
				}
			}
			made = append(made, len(t.nodes))
			t.nodes = append(t.nodes, packedNode{no: no, data: data})
			up = append(up, cell{no, ub})
		}
		if root {
			t.depth = depth
			break
		}
		level, below = up, made
	}
	// Root first: node 1, then the rest in ascending node number.
	last := len(t.nodes) - 1
	t.nodes = append(t.nodes[last:], t.nodes[:last]...)
	return t
}

// A cell is one entry of a level: id (rowid or child node) and its box.
type cell struct {
	id  int64
	box [4]float32
}

// hilbertOrder is the order of bs along the Hilbert curve over their
// extent (ties by position, so the tree is the same on every run).
func hilbertOrder(bs []box) []int32 {
	ext := [4]float64{bs[0].b[0], bs[0].b[1], bs[0].b[2], bs[0].b[3]}
	for _, x := range bs {
		ext[0], ext[1] = min(ext[0], x.b[0]), max(ext[1], x.b[1])
		ext[2], ext[3] = min(ext[2], x.b[2]), max(ext[3], x.b[3])
	}
	keys := make([]uint64, len(bs))
	order := make([]int32, len(bs))
	for i, x := range bs {
		keys[i] = hilbert((x.b[0]+x.b[1])/2, (x.b[2]+x.b[3])/2, ext)
		order[i] = int32(i)
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		return keys[a] < keys[b] || keys[a] == keys[b] && a < b
	})
	return order
}

// encodeNode writes cells as an rtree.c node of nodeSize bytes (the root
// also records the tree's depth) and returns it with the box of them all.
func encodeNode(cells []cell, nodeSize, depth int, root bool) ([]byte, [4]float32) {
	data := make([]byte, nodeSize)
	if root {
		binary.BigEndian.PutUint16(data[0:], uint16(depth))
	}
	binary.BigEndian.PutUint16(data[2:], uint16(len(cells)))
	ub := cells[0].box
	for j, c := range cells {
		p := data[4+j*rtreeCellSize:]
		binary.BigEndian.PutUint64(p, uint64(c.id))
		for d, v := range c.box {
			binary.BigEndian.PutUint32(p[8+4*d:], math.Float32bits(v))
		}
		ub[0], ub[1] = min(ub[0], c.box[0]), max(ub[1], c.box[1])
		ub[2], ub[3] = min(ub[2], c.box[2]), max(ub[3], c.box[3])
	}
	return data, ub
}

// roundDown is rtree.c's rtreeValueDown: the float32 at or below d.
func roundDown(d float64) float32 {
	f := float32(d)
	if float64(f) > d {
		x := math.Float32bits(f)
		if x&0x80000000 != 0 {
			x++
		} else {
			x--
		}
		f = math.Float32frombits(x)
	}
	return f
}

// roundUp is rtree.c's rtreeValueUp: the float32 at or above d.
func roundUp(d float64) float32 {
	f := float32(d)
	if float64(f) < d {
		x := math.Float32bits(f)
		if x&0x80000000 != 0 {
			x--
		} else {
			x++
		}
		f = math.Float32frombits(x)
	}
	return f
}

// batchInsert writes two-column rows many to a statement: one call into
// SQLite per batch instead of one per row.
type batchInsert struct {
	ctx   context.Context
	tx    *sql.Tx
	table string
	cols  string
	size  int
	st    *sql.Stmt
	args  []any
}

func newBatchInsert(ctx context.Context, tx *sql.Tx, table, cols string, size int) *batchInsert {
	return &batchInsert{ctx: ctx, tx: tx, table: table, cols: cols, size: size, args: make([]any, 0, 2*size)}
}

func (b *batchInsert) add(a, v any) error {
	b.args = append(b.args, a, v)
	if len(b.args) < 2*b.size {
		return nil
	}
	if b.st == nil {
		st, err := b.tx.PrepareContext(b.ctx, b.sql(b.size))
		if err != nil {
			return fmt.Errorf("gpkg: bulk index: %w", err)
		}
		b.st = st
	}
	if _, err := b.st.ExecContext(b.ctx, b.args...); err != nil {
		return fmt.Errorf("gpkg: bulk index %s: %w", b.table, err)
	}
	b.args = b.args[:0]
	return nil
}

// flush writes the rows left and closes the statement.
func (b *batchInsert) flush() error {
	if b.st != nil {
		defer b.st.Close()
	}
	if len(b.args) == 0 {
		return nil
	}
	if _, err := b.tx.ExecContext(b.ctx, b.sql(len(b.args)/2), b.args...); err != nil {
		return fmt.Errorf("gpkg: bulk index %s: %w", b.table, err)
	}
	b.args = b.args[:0]
	return nil
}

func (b *batchInsert) sql(rows int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "INSERT INTO %s (%s) VALUES ", b.table, b.cols)
	for i := 0; i < rows; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString("(?,?)")
	}
	return sb.String()
}
