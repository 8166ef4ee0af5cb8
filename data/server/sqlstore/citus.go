package sqlstore

import "context"

// distribute runs the Citus distribution (migrations/citus) when the
// citus extension is installed in the database; on plain PostgreSQL it
// does nothing. See the README's deployment section.
func (s *Store) distribute(ctx context.Context) error {
	var n int
	if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM pg_extension WHERE extname = 'citus'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	return s.Distribute(ctx)
}

// Distribute runs the Citus distribution statements whether or not the
// extension is there: for the tests, which stand in for Citus's
// functions on plain PostgreSQL, and for operators.
func (s *Store) Distribute(ctx context.Context) error {
	body, err := migrations.ReadFile("migrations/citus/distribute.sql")
	if err != nil {
		return err
	}
	_, err = s.w.ExecContext(ctx, string(body))
	return err
}
