package gpkg

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"

	"github.com/paulmach/orb"

	"wardmap/data/sync/wire"
	"wardmap/gis"
	"wardmap/gis/osmimport"
)

// OSMUser is who an OpenStreetMap import writes as (created_by, updated_by).
// A street segment tombstoned by an import comes back when a later extract
// has it again; one a person deleted stays deleted.
const OSMUser = "osm-import"

// OSMImport is an osmimport.Sink that writes one import into the store in a
// single transaction:
//
//   - street segments are matched on (osm_id, osm_part). A new one is
//     inserted; a known one gets the OSM-owned fields (geometry, name,
//     name_en, class, oneway, length, nodes) and keeps its ID and everything
//     people set (key_route, lit, cycle_days, last_inspected), so
//     inspections attached to it stay attached. Segments of earlier imports
//     that the file no longer has are tombstoned by Commit. Street changes
//     go to the outbox like any edit: other laptops attach inspections to
//     these IDs.
//   - addresses and basemap polygons from OSM are replaced wholesale. They
//     are reference data every machine imports itself, so they are not
//     queued for sync.
//
// Records that fail validation (a building footprint that crosses itself)
// are skipped and counted, not fatal. Commit keeps everything; Close without
// Commit (after osmimport.Read failed, or on any error here) leaves the
// database exactly as it was.
type OSMImport struct {
	ctx  context.Context // the import's lifetime; the Sink interface carries none
	l    *Loader
	tx   *Tx
	find *sql.Stmt
	seen map[int64]bool // fids of earlier imports' segments found in this file
	// startFID is the street table's largest fid before the import: every
	// segment this import inserts has a larger one.
	startFID int64
	// fresh is true while no segment needs looking up in the database: the
	// street table had no OSM segment when the import began and the ways
	// come in ascending id order (as in every sorted extract), so a
	// segment is new and a repeated way shows as a way id that does not
	// grow. A file out of order falls back to a lookup per segment.
	fresh            bool
	lastWay, lastIdx int64
	// w writes rows on its own goroutine while the import is fresh; nil
	// once anything else uses the transaction.
	w *osmWriter

	// Progress, when set, is called every ProgressEvery records written.
	Progress      func(OSMResult)
	ProgressEvery int

	res OSMResult
}

// OSMResult counts what an import did.
type OSMResult struct {
	SegmentsNew       int `json:"segments_new"`
	SegmentsUpdated   int `json:"segments_updated"`
	SegmentsUnchanged int `json:"segments_unchanged"`
	SegmentsRemoved   int `json:"segments_removed"`
	// SegmentsKeptDeleted are segments in the file that a person had
	// deleted: they stay deleted.
	SegmentsKeptDeleted int `json:"segments_kept_deleted"`
	Addresses           int `json:"addresses"`
	AddressesRemoved    int `json:"addresses_removed"`
	Polygons            int `json:"polygons"`
	PolygonsRemoved     int `json:"polygons_removed"`
	// Skipped records failed validation; SkipReasons holds the first few.
	Skipped     int      `json:"skipped"`
	SkipReasons []string `json:"skip_reasons,omitempty"`
}

// Segments is the number of live segments the file gave.
func (r OSMResult) Segments() int { return r.SegmentsNew + r.SegmentsUpdated + r.SegmentsUnchanged }

// NewOSMImport starts an import. Close it in every case (a deferred Close
// after Commit does nothing).
func (s *Store) NewOSMImport(ctx context.Context) (*OSMImport, error) {
	l, err := s.NewLoader(ctx, LoadOptions{User: OSMUser})
	if err != nil {
		return nil, err
	}
	im := &OSMImport{ctx: ctx, l: l, tx: l.txn(), seen: map[int64]bool{}, ProgressEvery: 5000, lastWay: -1 << 63}
	fail := func(err error) (*OSMImport, error) {
		l.Close()
		return nil, err
	}
	// Replace what earlier imports brought (records a person added, with no
	// OSM id, stay).
	for _, k := range []gis.Kind{gis.Address, gis.Basemap} {
		res, err := l.tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE osm_id IS NOT NULL", quoteIdent(gis.MustLookup(k).Table)))
		if err != nil {
			return fail(fmt.Errorf("gpkg: clear %s: %w", k, err))
		}
		n, _ := res.RowsAffected()
		if k == gis.Address {
			im.res.AddressesRemoved = int(n)
		} else {
			im.res.PolygonsRemoved = int(n)
		}
	}
	var known bool
	if err := l.tx.QueryRowContext(ctx, `SELECT coalesce(max(fid), 0), EXISTS (SELECT 1 FROM street WHERE osm_id IS NOT NULL) FROM street`).Scan(&im.startFID, &known); err != nil {
		return fail(fmt.Errorf("gpkg: street segments: %w", err))
	}
	im.fresh = !known
	if im.find, err = l.tx.PrepareContext(ctx, `SELECT fid, id, deleted, updated_by FROM street WHERE osm_id = ? AND osm_part = ?`); err != nil {
		return fail(err)
	}
	if im.fresh {
		im.w = startOSMWriter(ctx, l)
	}
	return im, nil
}

// osmWriter hands prepared rows to SQLite on a goroutine of its own: the
// reading of the file, the building of segments and their validation and
// encoding go on beside SQLite's inserts instead of waiting for them. Rows
// are written in the order they come, as one goroutine would.
type osmWriter struct {
	ch   chan row
	done chan struct{}
	err  error // the first write error; read after done is closed
}

func startOSMWriter(ctx context.Context, l *Loader) *osmWriter {
	w := &osmWriter{ch: make(chan row, 256), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for r := range w.ch {
			if err := l.write(ctx, r); err != nil {
				w.err = err
				return
			}
		}
	}()
	return w
}

// writeRow writes a prepared row, through the writer while there is one.
func (im *OSMImport) writeRow(r row) error {
	if im.w == nil {
		return im.l.write(im.ctx, r)
	}
	select {
	case im.w.ch <- r:
		return nil
	case <-im.w.done:
		return im.w.err
	}
}

// stopWriter waits for every row handed to the writer to be written, and
// ends it: the transaction is this goroutine's alone again.
func (im *OSMImport) stopWriter() error {
	w := im.w
	if w == nil {
		return nil
	}
	im.w = nil
	close(w.ch)
	<-w.done
	return w.err
}

var _ osmimport.Sink = (*OSMImport)(nil)

// Segment writes one street segment.
func (im *OSMImport) Segment(seg osmimport.Segment) error {
	if seg.Class == osmimport.ClassPath {
		return im.skip(fmt.Sprintf("way %d: footpaths are not street segments", seg.WayID))
	}
	attrs := segmentAttrs(seg)
	line := seg.Line

	if im.fresh {
		way, idx := seg.WayID, int64(seg.Index)
		switch {
		case way > im.lastWay:
			im.lastWay, im.lastIdx = way, idx
			return im.insertSegment(line, attrs, seg)
		case way == im.lastWay && idx > im.lastIdx:
			im.lastIdx = idx
			return im.insertSegment(line, attrs, seg)
		}
		// Out of order, or the same way again: from now on look each
		// segment up, with what is pending written first.
		im.fresh = false
	}
	if err := im.stopWriter(); err != nil {
		return err
	}
	if err := im.l.flushKind(im.ctx, gis.Street); err != nil {
		return err
	}
	var fid int64
	var id, updatedBy string
	var deleted bool
	err := im.find.QueryRowContext(im.ctx, seg.WayID, seg.Index).Scan(&fid, &id, &deleted, &updatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return im.insertSegment(line, attrs, seg)
	}
	if err == nil && fid > im.startFID {
		return fmt.Errorf("gpkg: OSM way %d part %d twice in one file", seg.WayID, seg.Index)
	}
	if err != nil {
		return fmt.Errorf("gpkg: find segment %d/%d: %w", seg.WayID, seg.Index, err)
	}
	if im.seen[fid] {
		return fmt.Errorf("gpkg: OSM way %d part %d twice in one file", seg.WayID, seg.Index)
	}
	im.seen[fid] = true
	if deleted && updatedBy != OSMUser {
		im.res.SegmentsKeptDeleted++
		return nil
	}
	return im.updateSegment(id, deleted, line, attrs, seg)
}

// updateSegment writes OSM's version of a segment already in the store
// (id, deleted when OSM's earlier import had deleted it): the store's
// attributes with OSM's over them, restored if deleted, saved only when
// something changed.
func (im *OSMImport) updateSegment(id string, deleted bool, line orb.LineString, attrs map[string]any, seg osmimport.Segment) error {
	old, err := im.tx.get(im.ctx, gis.StreetSchema, id)
	if err != nil {
		return err
	}
	f := &gis.Feature{Kind: gis.Street, ID: id, Geom: line, Attrs: maps.Clone(old.Attrs), Meta: old.Meta}
	delete(f.Attrs, "name_en")
	maps.Copy(f.Attrs, attrs)
	gis.Derive(f)
	if err := gis.Validate(f); err != nil {
		return im.skip(fmt.Sprintf("way %d part %d: %v", seg.WayID, seg.Index, err))
	}
	if deleted {
		if err := im.tx.Restore(im.ctx, gis.Street, id); err != nil {
			return err
		}
	}
	if len(wire.Changed(gis.StreetSchema, f, old)) == 0 && !deleted {
		im.res.SegmentsUnchanged++
		return im.progress()
	}
	f.Deleted = false
	if err := im.tx.Save(im.ctx, f); err != nil {
		return err
	}
	im.res.SegmentsUpdated++
	return im.progress()
}

// segmentAttrs are the attributes OSM gives a street segment.
func segmentAttrs(seg osmimport.Segment) map[string]any {
	oneway := "no"
	switch seg.Oneway {
	case 1:
		oneway = "forward"
	case -1:
		oneway = "backward"
	}
	attrs := map[string]any{
		"class":     string(seg.Class),
		"oneway":    oneway,
		"osm_id":    seg.WayID,
		"osm_part":  int64(seg.Index),
		"from_node": seg.FromNode,
		"to_node":   seg.ToNode,
	}
	name := seg.NameVI
	if name == "" {
		name = seg.Name
	}
	if name == "" {
		// The schema requires a name; most service roads and many ngõ
		// have none in OSM. Searchable, and replaced when OSM names it.
		name = "(không tên)"
	}
	attrs["name"] = name
	if seg.NameEN != "" {
		attrs["name_en"] = seg.NameEN
	}
	return attrs
}

// insertSegment writes a new segment, queued for sync.
func (im *OSMImport) insertSegment(line orb.LineString, attrs map[string]any, seg osmimport.Segment) error {
	f := gis.NewFeature(gis.Street, line)
	f.Attrs = attrs
	r, err := im.l.prepareRow(f)
	if err != nil {
		return im.skip(fmt.Sprintf("way %d part %d: %v", seg.WayID, seg.Index, err))
	}
	if err := r.queueInsert(im.l.created, OSMUser); err != nil {
		return err
	}
	if err := im.writeRow(r); err != nil {
		return err
	}
	im.res.SegmentsNew++
	return im.progress()
}

// Address writes one address point.
func (im *OSMImport) Address(a osmimport.Address) error {
	f := gis.NewFeature(gis.Address, a.Point)
	f.Attrs["housenumber"] = a.HouseNumber
	if a.Street != "" {
		f.Attrs["street"] = a.Street
	}
	f.Attrs["osm_type"] = a.OSMType
	f.Attrs["osm_id"] = a.OSMID
	if err := im.add(f, fmt.Sprintf("%s %d", a.OSMType, a.OSMID)); err != nil {
		return err
	}
	return nil
}

// Polygon writes one basemap polygon. OSM way and relation ids are separate
// number spaces and the basemap has one osm_id column: a multipolygon
// relation's polygons are stored with the negated relation id (osm_id < 0),
// one row per outer ring, as GDAL's osm_id/osm_way_id pair tells them apart.
func (im *OSMImport) Polygon(p osmimport.BasemapPolygon) error {
	f := gis.NewFeature(gis.Basemap, p.Polygon)
	f.Attrs["kind"] = p.Kind
	if p.Subkind != "" {
		f.Attrs["subkind"] = p.Subkind
	}
	id, what := p.OSMID, "way"
	if p.OSMType == "relation" {
		id, what = -p.OSMID, "relation"
	}
	f.Attrs["osm_id"] = id
	return im.add(f, fmt.Sprintf("%s %d", what, p.OSMID))
}

func (im *OSMImport) add(f *gis.Feature, what string) error {
	r, err := im.l.prepareRow(f)
	if err != nil {
		return im.skip(fmt.Sprintf("%s: %v", what, err))
	}
	if err := im.writeRow(r); err != nil {
		return err
	}
	if f.Kind == gis.Address {
		im.res.Addresses++
	} else {
		im.res.Polygons++
	}
	return im.progress()
}

func (im *OSMImport) skip(reason string) error {
	im.res.Skipped++
	if len(im.res.SkipReasons) < 20 {
		im.res.SkipReasons = append(im.res.SkipReasons, reason)
	}
	return nil
}

func (im *OSMImport) progress() error {
	if err := im.ctx.Err(); err != nil {
		return err
	}
	n := im.res.Segments() + im.res.Addresses + im.res.Polygons
	if im.Progress != nil && im.ProgressEvery > 0 && n%im.ProgressEvery == 0 {
		im.Progress(im.res)
	}
	return nil
}

// Result returns the counts so far.
func (im *OSMImport) Result() OSMResult { return im.res }

// Commit tombstones the segments of earlier imports that the file no longer
// has, then commits everything.
func (im *OSMImport) Commit() (OSMResult, error) {
	if err := im.stopWriter(); err != nil {
		im.Close()
		return im.res, err
	}
	if err := im.l.flush(im.ctx); err != nil {
		im.Close()
		return im.res, err
	}
	rows, err := im.l.tx.QueryContext(im.ctx, `SELECT fid, id FROM street WHERE osm_id IS NOT NULL AND deleted = 0 AND fid <= ?`, im.startFID)
	if err != nil {
		im.Close()
		return im.res, err
	}
	var gone []string
	for rows.Next() {
		var fid int64
		var id string
		if err := rows.Scan(&fid, &id); err != nil {
			rows.Close()
			im.Close()
			return im.res, err
		}
		if !im.seen[fid] {
			gone = append(gone, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		im.Close()
		return im.res, err
	}
	for _, id := range gone {
		if err := im.tx.Delete(im.ctx, gis.Street, id); err != nil {
			im.Close()
			return im.res, err
		}
	}
	im.res.SegmentsRemoved = len(gone)
	im.find.Close()
	if err := im.l.Commit(); err != nil {
		return im.res, err
	}
	return im.res, nil
}

// Close rolls back an import that was not committed.
func (im *OSMImport) Close() error {
	im.stopWriter() // an error here is the import's, already returned or moot
	if im.find != nil {
		im.find.Close()
	}
	return im.l.Close()
}
