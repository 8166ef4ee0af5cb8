package ward

import (
	"context"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// Blob is a photo's bytes, stored under their SHA-256.
type Blob struct {
	SHA256 string
	Data   []byte
}

// Change is a set of edits made in the window that commit together: the
// photos first, then inserts, saves, deletions and restorations.
type Change struct {
	Blobs   []Blob
	Insert  []*gis.Feature
	Save    []*gis.Feature
	Delete  []Ref
	Restore []Ref
}

// touched names the records c writes.
func (c Change) touched() []Ref {
	var refs []Ref
	for _, f := range append(append([]*gis.Feature{}, c.Insert...), c.Save...) {
		refs = append(refs, Ref{Kind: f.Kind, ID: f.ID})
	}
	return append(append(refs, c.Delete...), c.Restore...)
}

// Apply writes c in one transaction as user; the indicators' model
// follows the records it wrote.
func (x *Indicators) Apply(ctx context.Context, user string, c Change) error {
	before := x.Stamp()
	err := x.s.Update(ctx, user, func(tx *gpkg.Tx) error {
		for _, b := range c.Blobs {
			if _, err := tx.AddBlob(ctx, b.SHA256, b.Data); err != nil {
				return err
			}
		}
		for _, f := range c.Insert {
			if err := tx.Insert(ctx, f); err != nil {
				return err
			}
		}
		for _, f := range c.Save {
			if err := tx.Save(ctx, f); err != nil {
				return err
			}
		}
		for _, r := range c.Delete {
			if err := tx.Delete(ctx, r.Kind, r.ID); err != nil {
				return err
			}
		}
		for _, r := range c.Restore {
			if err := tx.Restore(ctx, r.Kind, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		x.Follow(ctx, before, c.touched())
	}
	return err
}

// SearchKinds are the kinds the window's search box looks in, streets
// first.
var SearchKinds = []gis.Kind{gis.Street, gis.Lamp, gis.Tree, gis.Plate, gis.AlleySign, gis.Drain, gis.FloodPoint, gis.Plot, gis.TDP, gis.Violation, gis.Report}

// Search finds up to limit records of SearchKinds whose text matches
// (diacritics and case ignored), streets first.
func Search(ctx context.Context, s *gpkg.Store, text string, limit int) ([]*gis.Feature, error) {
	var out []*gis.Feature
	for _, k := range SearchKinds {
		if len(out) >= limit {
			break
		}
		rs, err := s.Find(ctx, gpkg.Query{Kind: k, Search: text, Limit: limit - len(out)})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, r.Feature)
		}
	}
	return out, nil
}
