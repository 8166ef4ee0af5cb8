package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"wardmap/data/server"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/server/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) server.Store {
		st, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "ward.db"))
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) server.Store {
		st, err := sqlstore.Open(context.Background(), pgtest.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

// Migrations run once: opening again applies nothing and keeps the data.
func TestReopen(t *testing.T) {
	for name, dsn := range map[string]string{"sqlite": filepath.Join(t.TempDir(), "w.db"), "postgres": pgtest.DSN(t)} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := sqlstore.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.EnsureWard(ctx, "w", "W"); err != nil {
				t.Fatal(err)
			}
			st.Close()
			st, err = sqlstore.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if h, err := st.Head(ctx, "w"); err != nil || h != 0 {
				t.Fatal(h, err)
			}
		})
	}
}
