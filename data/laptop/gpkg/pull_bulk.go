package gpkg

// A first pull into an empty layer builds its R-tree in bulk: SQLite's
// R*Tree inserts one box at a time (~20 µs, more than the row itself), so
// the pages of a large pull go in without the layer's R-tree insert
// trigger, and FinishPull packs the whole tree at once (bulkIndex, as the
// Loader does) and puts the trigger back. Each page still commits with its
// cursor; the trigger's text waits in wm_sync_state (key
// rtree_deferred:<table>) in the same transaction that dropped it, so a
// pull cut anywhere is finished when the store is next opened for writing
// (Open calls FinishPull), or by the next sync. Only a reader that opens
// the file while the writer that cut the pull still has it open sees an
// R-tree that misses the pulled rows.

import (
	"context"
	"fmt"
	"strings"

	"wardmap/data/sync/wire"
	"wardmap/gis"
)

const deferredKey = "rtree_deferred:"

// deferMin is the fewest rows of a layer in one page that suspend its
// R-tree trigger (a small pull is not worth a rebuild).
const deferMin = 256

// deferRTrees suspends the R-tree insert trigger of each spatial layer
// that this page fills in bulk while its R-tree is empty, and returns the
// tables whose trigger is suspended.
func (t *Tx) deferRTrees(ctx context.Context, recs []wire.Record) (map[string]bool, error) {
	bulk := map[string]bool{}
	counts := map[string]int{}
	for i := range recs {
		counts[recs[i].Kind]++
	}
	for kind, n := range counts {
		sc, ok := gis.Lookup(gis.Kind(kind))
		if !ok || !sc.Spatial() || n < deferMin {
			continue
		}
		key := deferredKey + sc.Table
		var pending int
		if err := t.tx.QueryRowContext(ctx, `SELECT count(*) FROM wm_sync_state WHERE key = ?`, key).Scan(&pending); err != nil {
			return nil, err
		}
		if pending > 0 {
			bulk[sc.Table] = true
			continue
		}
		name := "rtree_" + sc.Table + "_geom"
		var nonEmpty bool
		if err := t.tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+quoteIdent(name+"_rowid")+")").Scan(&nonEmpty); err != nil {
			return nil, err
		}
		if nonEmpty {
			continue
		}
		var body string
		if err := t.tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`, name+"_insert").Scan(&body); err != nil {
			return nil, fmt.Errorf("gpkg: find trigger %s_insert: %w", name, err)
		}
		if _, err := t.tx.ExecContext(ctx, "DROP TRIGGER "+quoteIdent(name+"_insert")); err != nil {
			return nil, err
		}
		if err := t.setState(ctx, key, body); err != nil {
			return nil, err
		}
		bulk[sc.Table] = true
	}
	return bulk, nil
}

// FinishPull builds the R-trees whose triggers a pull suspended and puts
// the triggers back, one transaction per layer.
func (s *Store) FinishPull(ctx context.Context) error {
	ps, err := s.deferredRTrees(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := s.update(ctx, "", false, func(t *Tx) error { return t.rebuildRTree(ctx, p) }); err != nil {
			return err
		}
	}
	return nil
}

// deferredRTree is a layer whose R-tree trigger a pull suspended, and the
// trigger's SQL to put back.
type deferredRTree struct{ table, trigger string }

func (s *Store) deferredRTrees(ctx context.Context) ([]deferredRTree, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, value FROM wm_sync_state WHERE key LIKE 'rtree_deferred:%' ORDER BY key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ps []deferredRTree
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		ps = append(ps, deferredRTree{strings.TrimPrefix(k, deferredKey), v})
	}
	return ps, rows.Err()
}

// rebuildRTree builds p's R-tree whole from its table, restores its
// trigger and forgets it was deferred.
func (t *Tx) rebuildRTree(ctx context.Context, p deferredRTree) error {
	name := "rtree_" + p.table + "_geom"
	q := func(suffix string) string { return quoteIdent(name + suffix) }
	// Rows updated through the other triggers meanwhile put boxes
	// in: the tree is emptied as SQLite makes a new one and built
	// whole from the table.
	for _, stmt := range []string{
		"DELETE FROM " + q("_rowid"),
		"DELETE FROM " + q("_parent"),
		"DELETE FROM " + q("_node") + " WHERE nodeno <> 1",
		"UPDATE " + q("_node") + " SET data = zeroblob(length(data)) WHERE nodeno = 1",
	} {
		if _, err := t.tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("gpkg: rebuild %s: %w", name, err)
		}
	}
	bs, err := t.boxes(ctx, p.table)
	if err != nil {
		return err
	}
	done, err := bulkIndex(ctx, t.tx, name, bs)
	if err != nil {
		return err
	}
	if !done {
		for _, b := range bs {
			if _, err := t.tx.ExecContext(ctx, "INSERT INTO "+quoteIdent(name)+" VALUES (?, ?, ?, ?, ?)", b.fid, b.b[0], b.b[1], b.b[2], b.b[3]); err != nil {
				return err
			}
		}
	}
	if _, err := t.tx.ExecContext(ctx, p.trigger); err != nil {
		return fmt.Errorf("gpkg: restore trigger of %s: %w", p.table, err)
	}
	_, err = t.tx.ExecContext(ctx, `DELETE FROM wm_sync_state WHERE key = ?`, deferredKey+p.table)
	return err
}

// boxes are the bounding boxes of table's geometries by fid, as the
// R-tree's triggers would put them in.
func (t *Tx) boxes(ctx context.Context, table string) ([]box, error) {
	rows, err := t.tx.QueryContext(ctx, "SELECT fid, geom FROM "+quoteIdent(table)+" WHERE geom IS NOT NULL ORDER BY fid")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var bs []box
	for rows.Next() {
		var fid int64
		var g []byte
		if err := rows.Scan(&fid, &g); err != nil {
			return nil, err
		}
		env, empty, err := envelope(g)
		if err != nil || empty {
			continue // as the trigger: no box for what ST_IsEmpty or ST_MinX refuse
		}
		bs = append(bs, box{fid: fid, b: env}) // minx, maxx, miny, maxy
	}
	return bs, rows.Err()
}
