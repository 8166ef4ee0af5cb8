package gpkg

import (
	"context"
	"fmt"

	"wardmap/gis"
)

// AttachmentsOf returns the live attachments (photos) of one record, oldest
// first: the form shows them as thumbnails.
func (s *Store) AttachmentsOf(ctx context.Context, k gis.Kind, id string) ([]*gis.Feature, error) {
	sc := gis.MustLookup(gis.Attachment)
	stmt := fmt.Sprintf("SELECT %s FROM %s WHERE owner_kind = ? AND owner_id = ? AND deleted = 0 ORDER BY created_at, fid",
		selectList(sc, ""), quoteIdent(sc.Table))
	rows, err := s.r.QueryContext(ctx, stmt, string(k), id)
	if err != nil {
		return nil, fmt.Errorf("gpkg: attachments of %s %s: %w", k, id, err)
	}
	defer rows.Close()
	var out []*gis.Feature
	for rows.Next() {
		f, err := scanFeature(sc, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
