package gpkg

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"wardmap/data/sync/catalogue"
	"wardmap/gis"
	"wardmap/gis/inspect"
)

// Cycles returns the stored inspection cycles (wm_cycles), sorted.
func (s *Store) Cycles(ctx context.Context) (inspect.Cycles, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT kind, class, days, season, note FROM wm_cycles`)
	if err != nil {
		return nil, fmt.Errorf("gpkg: cycles: %w", err)
	}
	defer rows.Close()
	var out inspect.Cycles
	for rows.Next() {
		var c inspect.Cycle
		var kind, season string
		if err := rows.Scan(&kind, &c.Class, &c.Days, &season, &c.Note); err != nil {
			return nil, err
		}
		c.Kind = gis.Kind(kind)
		if c.Season, err = inspect.ParseSeason(season); err != nil {
			return nil, fmt.Errorf("gpkg: cycle %s: %w", c.Key(), err)
		}
		out = append(out, c)
	}
	out.Sort()
	return out, rows.Err()
}

// SetCycle stores one cycle (adding or replacing kind/class) as user.
func (s *Store) SetCycle(ctx context.Context, user string, c inspect.Cycle) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if s.w == nil {
		return errReadOnly
	}
	err := s.catalogueExec(ctx, user, catalogue.KindCycle, "", map[string]any{"kind": string(c.Kind), "class": c.Class}, `INSERT INTO wm_cycles (kind, class, days, season, note, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, class) DO UPDATE SET days = excluded.days, season = excluded.season,
		  note = CASE WHEN excluded.note = '' THEN note ELSE excluded.note END,
		  updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		string(c.Kind), c.Class, c.Days, c.SeasonString(), c.Note, s.Now().Format(timeFormat), user)
	if err != nil {
		return fmt.Errorf("gpkg: set cycle %s: %w", c.Key(), err)
	}
	return nil
}

// LastInspections returns, for every record named by an inspection (as its
// target or as the violation it re-inspected), the time of the latest one.
func (s *Store) LastInspections(ctx context.Context) (map[string]time.Time, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT target_id, max(inspected_at) FROM inspection WHERE deleted = 0 AND target_id IS NOT NULL GROUP BY target_id
		UNION ALL
		SELECT violation_id, max(inspected_at) FROM inspection WHERE deleted = 0 AND violation_id IS NOT NULL GROUP BY violation_id`)
	if err != nil {
		return nil, fmt.Errorf("gpkg: last inspections: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var id string
		var at any
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		t, err := scanTime(at)
		if err != nil {
			continue
		}
		if old, ok := out[id]; !ok || t.After(old) {
			out[id] = t
		}
	}
	return out, rows.Err()
}

// DueInput loads what inspect.Due needs for date: the cycles, the ward's
// first-cycle start (setting inspect.StartSetting), the records of
// inspect.DueKinds and their last inspections.
func (s *Store) DueInput(ctx context.Context, date gis.Date) (inspect.Input, error) {
	in := inspect.Input{Date: date}
	v, err := s.Setting(ctx, inspect.StartSetting)
	if err != nil {
		return in, err
	}
	if in.Start, err = inspect.ParseStart(v); err != nil {
		return in, err
	}
	if in.Cycles, err = s.Cycles(ctx); err != nil {
		return in, err
	}
	if in.Last, err = s.LastInspections(ctx); err != nil {
		return in, err
	}
	for _, k := range inspect.DueKinds {
		res, err := s.Find(ctx, Query{Kind: k})
		if err != nil {
			return in, err
		}
		for _, r := range res {
			in.Features = append(in.Features, r.Feature)
		}
	}
	return in, nil
}

// Due lists what is due or overdue on date, most overdue first.
func (s *Store) Due(ctx context.Context, date gis.Date) ([]inspect.Item, error) {
	in, err := s.DueInput(ctx, date)
	if err != nil {
		return nil, err
	}
	return inspect.Due(in), nil
}

// Track is an imported GPS log as stored in inspection_track.
type Track struct {
	ID        string
	Name      string
	Inspector string
	Started   time.Time
	Ended     time.Time
	Points    int
	LengthM   float64
	Geom      orb.MultiLineString
	// Source is the file as read; its SHA-256 keeps a file from being
	// imported twice.
	Source []byte
}

// ErrTrackImported reports a GPX file whose exact bytes were imported before.
var ErrTrackImported = gis.Errorf(gis.ECONFLICT, "tệp GPX này đã được nhập trước đây (this GPX file was already imported)")

// ImportTrack stores a track, the inspections made from it and the
// records they update (a street's last_inspected) in one transaction:
// either all of them are recorded or none. Each inspection gets the
// track's id in track_id.
func (s *Store) ImportTrack(ctx context.Context, user string, t *Track, inspections, updates []*gis.Feature) error {
	if t.ID == "" {
		t.ID = gis.NewID()
	}
	if len(t.Geom) == 0 {
		return gis.Errorf(gis.EINVALID, "nhật ký GPS không có điểm nào (track has no points)")
	}
	for _, ls := range t.Geom {
		if err := gis.CheckGeometry(ls); err != nil && len(ls) > 1 {
			return err
		}
	}
	sum := sha256.Sum256(t.Source)
	g, err := encodeGeom(t.Geom)
	if err != nil {
		return err
	}
	return s.Update(ctx, user, func(tx *Tx) error {
		var n int
		if err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM inspection_track WHERE source_sha256 = ?`, hex.EncodeToString(sum[:])).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrTrackImported
		}
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO inspection_track
			(geom, id, name, inspector, started_at, ended_at, points, length_m, source_sha256, segments_covered, imported_at, imported_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			g, t.ID, t.Name, t.Inspector, nullTime(t.Started), nullTime(t.Ended), t.Points, t.LengthM,
			hex.EncodeToString(sum[:]), len(inspections), s.Now().Format(timeFormat), user)
		if err != nil {
			return fmt.Errorf("gpkg: store track: %w", err)
		}
		for _, f := range inspections {
			f.Attrs["track_id"] = t.ID
			if err := tx.Insert(ctx, f); err != nil {
				return err
			}
		}
		for _, f := range updates {
			if err := tx.Save(ctx, f); err != nil {
				return err
			}
		}
		return nil
	})
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeFormat)
}

// TrackCount returns how many tracks are stored (for tests and stats).
func (s *Store) TrackCount(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM inspection_track`).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}
