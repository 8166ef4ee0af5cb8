package gpkg

import (
	"context"
	"fmt"
)

// ForgetQueued drops the changes of one kind waiting in the outbox. It is
// for a database just made from generated data: the demo's reported
// figures go through AddEntry, checked as a person's would be, but they are
// nobody's work to send to a server, and a new demo ward that opened with
// a hundred changes pending would say otherwise.
func (s *Store) ForgetQueued(ctx context.Context, kind string) error {
	if s.w == nil {
		return errReadOnly
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM wm_outbox WHERE kind = ?`, kind); err != nil {
		return fmt.Errorf("gpkg: forget queued %s: %w", kind, err)
	}
	return nil
}
