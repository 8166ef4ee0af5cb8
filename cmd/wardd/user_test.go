package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wardmap/data/server"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// `wardd user add --tdp` names a TDP the ward has (by id, code or name)
// and stores its id; a malformed or unknown one, or --tdp on another
// role, is refused and nothing is created.
func TestUserAddTDP(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			db := filepath.Join(t.TempDir(), "ward.db")
			if kind == "postgres" {
				db = pgtest.DSN(t)
			}
			add := func(name string, args ...string) error {
				return userCmd(ctx, append([]string{"add", name, "--db", db}, args...), strings.NewReader("mật-khẩu-dài\n"), &strings.Builder{})
			}
			if err := add("an", "--role", "tdp_head", "--tdp", "tdp-5"); err == nil || !strings.Contains(err.Error(), "no TDP on the server yet") {
				t.Fatalf("TDP head before any TDP: %v", err)
			}
			st, err := sqlstore.Open(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			svc := server.NewService(st)
			if err := st.EnsureWard(ctx, DefaultWard, DefaultWard); err != nil {
				t.Fatal(err)
			}
			id := gis.NewID()
			square := map[string]any{"type": "Polygon", "coordinates": []any{[]any{[]any{106.63, 20.81}, []any{106.64, 20.81}, []any{106.64, 20.82}, []any{106.63, 20.81}}}}
			res, err := svc.Push(ctx, &server.User{Ward: DefaultWard, Name: "admin", Role: server.Admin}, []wire.Op{{OpID: gis.NewID(), Kind: "tdp", ID: id, Op: wire.OpInsert,
				Fields: map[string]any{"geom": square, "name": "Tổ dân phố số 5", "code": "TDP-05"}, At: time.Now()}})
			if err != nil || res[0].Status != wire.Applied {
				t.Fatal(err, res)
			}
			st.Close()
			for _, bad := range []string{"tdp-9", "'; DROP TABLE users;--", gis.NewID()} {
				if err := add("an", "--role", "tdp_head", "--tdp", bad); err == nil || !strings.Contains(err.Error(), "TDP-05") {
					t.Fatalf("--tdp %q: %v", bad, err)
				}
			}
			if err := add("binh", "--role", "inspector", "--tdp", id); err == nil {
				t.Fatal("--tdp accepted for an inspector")
			}
			for i, good := range []string{id, "tdp-05", "to dan pho so 5"} {
				name := []string{"an", "binh", "chi"}[i]
				if err := add(name, "--role", "tdp_head", "--tdp", good); err != nil {
					t.Fatalf("--tdp %q: %v", good, err)
				}
				st, err := sqlstore.Open(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				u, err := st.UserByName(ctx, name)
				st.Close()
				if err != nil || u.TDP != id {
					t.Fatalf("--tdp %q stored %v %v, want %s", good, u, err, id)
				}
			}
		})
	}
}
