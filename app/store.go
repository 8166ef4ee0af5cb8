package app

import (
	"context"

	"wardmap/gis"
	"wardmap/gis/render"
)

// Store is what the window needs from storage. cmd/internal/desktop
// implements it over the GeoPackage store; tests use a small in-memory
// fake.
type Store interface {
	render.Source
	// Search finds records of every map kind whose names or addresses
	// contain the words of text, ignoring diacritics and case.
	Search(ctx context.Context, text string, limit int) ([]*gis.Feature, error)
	// Get reads one live record.
	Get(ctx context.Context, k gis.Kind, id string) (*gis.Feature, error)
	// Apply writes a change set in one transaction: all of it or nothing.
	Apply(ctx context.Context, user string, c Change) error
}

// Ref names a record.
type Ref struct {
	Kind gis.Kind
	ID   string
}

// Blob is the content of an attached file, stored once by its SHA-256.
type Blob struct {
	SHA256 string
	Data   []byte
}

// Change is a set of writes that commit together. They are applied in the
// order Blobs, Insert, Save, Delete, Restore.
type Change struct {
	Blobs   []Blob
	Insert  []*gis.Feature
	Save    []*gis.Feature
	Delete  []Ref
	Restore []Ref
}

// Empty reports whether the change writes nothing.
func (c Change) Empty() bool {
	return len(c.Blobs)+len(c.Insert)+len(c.Save)+len(c.Delete)+len(c.Restore) == 0
}
