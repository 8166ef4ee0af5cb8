package sqlstore_test

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"wardmap/data/server"
	"wardmap/data/server/pgtest"
	"wardmap/data/server/sqlstore"
	"wardmap/data/server/storetest"
	"wardmap/data/sync/wire"
	"wardmap/gis"
)

// Citus's functions as plain PostgreSQL stand-ins: each call is noted in
// pg_dist_partition (Citus's own catalogue table's name), so that the
// distribution statements run end to end and what they did can be read.
const citusStandIn = `
CREATE TABLE pg_dist_partition (logicalrelid regclass PRIMARY KEY, method text NOT NULL, col text, colocate_with text);
CREATE FUNCTION create_distributed_table(table_name regclass, distribution_column text, colocate_with text DEFAULT 'default') RETURNS void
  LANGUAGE sql AS $$ INSERT INTO pg_dist_partition VALUES (table_name, 'hash', distribution_column, colocate_with) $$;
CREATE FUNCTION create_reference_table(table_name regclass) RETURNS void
  LANGUAGE sql AS $$ INSERT INTO pg_dist_partition VALUES (table_name, 'reference', NULL, NULL) $$;
`

// The distribution statements cover every table of the server: wards by
// its key, every table with a ward_id by ward_id co-located with wards
// (the per-kind layers too), users as a reference table; what Citus
// refuses on a distributed table (a unique index without the
// distribution column, a reference table's foreign key to a distributed
// one) is not there; and a second run changes nothing.
func TestCitusDistribution(t *testing.T) {
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db := st.DB()
	if _, err := db.ExecContext(ctx, citusStandIn); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := st.Distribute(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]string{}
	rows, err := db.QueryContext(ctx, `SELECT logicalrelid::text, method || ' ' || coalesce(col, '') || ' ' || coalesce(colocate_with, '') FROM pg_dist_partition`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, how string
		if err := rows.Scan(&table, &how); err != nil {
			t.Fatal(err)
		}
		got[strings.Trim(table, `"`)] = strings.TrimSpace(how)
	}
	rows.Close()
	want := map[string]string{"wards": "hash id default", "users": "reference"}
	for _, tb := range []string{"records", "history", "tokens", "applied_ops", "uploads", "upload_chunks", "blobs"} {
		want[tb] = "hash ward_id wards"
	}
	for _, tb := range sqlstore.LayerTables() {
		want[tb] = "hash ward_id wards"
	}
	for tb, how := range want {
		if got[tb] != how {
			t.Errorf("%s: distributed %q, want %q", tb, got[tb], how)
		}
	}
	// Every table of the server is in the plan (schema_migrations stays a
	// local table of the coordinator, as the stand-in's own table).
	var tables []string
	rows, err = db.QueryContext(ctx, `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
		AND relname NOT IN ('schema_migrations', 'pg_dist_partition', 'spatial_ref_sys')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		tables = append(tables, s)
	}
	rows.Close()
	for _, tb := range tables {
		if _, ok := got[tb]; !ok {
			t.Errorf("table %s is not distributed", tb)
		}
	}
	// Unique indexes of a distributed table include its distribution column.
	rows, err = db.QueryContext(ctx, `SELECT c.relname, i.indexrelid::regclass::text, p.col
		FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_dist_partition p ON p.logicalrelid = c.oid
		WHERE i.indisunique AND p.method = 'hash'
		AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = p.col AND a.attnum = ANY (i.indkey))`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tb, idx, col string
		rows.Scan(&tb, &idx, &col)
		t.Errorf("%s: unique index %s lacks the distribution column %s", tb, idx, col)
	}
	rows.Close()
	var fk int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_constraint k JOIN pg_dist_partition p ON p.logicalrelid = k.conrelid
		JOIN pg_dist_partition q ON q.logicalrelid = k.confrelid WHERE k.contype = 'f' AND p.method = 'reference' AND q.method = 'hash'`).Scan(&fk); err != nil || fk != 0 {
		t.Errorf("%d foreign keys from a reference table to a distributed one (%v)", fk, err)
	}
}

// Every statement the server runs names one ward, so that Citus routes it
// to the one worker holding that ward: the whole store suite, and pushes,
// updates and deletes of every kind (their layer writes), run on a
// private cluster that keeps every statement (pg_stat_statements); each
// statement that touches a table distributed by ward must filter by the
// ward's key, unless it says why it spans all wards (a comment "all
// wards: …": the health probe, the expiry sweep, a layer's build).
func TestEveryQueryNamesItsWard(t *testing.T) {
	c := pgtest.Own(t, "shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track_utility=off", "pg_stat_statements.max=10000")
	ctx := context.Background()
	open := func(t *testing.T) server.Store {
		st, err := sqlstore.Open(ctx, c.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	storetest.Run(t, open)
	st := open(t).(*sqlstore.Store)
	defer st.Close()
	pushEveryKind(t, st)
	if err := st.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ExpireUploads(ctx, st.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err != nil {
		t.Fatal(err)
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT query FROM pg_stat_statements`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var seen, spanning int
	var bad []string
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			t.Fatal(err)
		}
		switch wardFilter(q) {
		case "":
			seen++
		case "all wards":
			spanning++
		case "none":
		default:
			bad = append(bad, q)
		}
	}
	sort.Strings(bad)
	for _, q := range bad {
		t.Errorf("a statement does not filter by its ward: %s", q)
	}
	// The suite must have run the store's statements, or this test proves
	// nothing.
	if seen < 40 || spanning < 4 {
		t.Errorf("only %d ward statements and %d spanning all wards seen", seen, spanning)
	}
}

// pushEveryKind pushes, updates and deletes a record of every kind.
func pushEveryKind(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	if err := st.EnsureWard(ctx, storetest.Ward, "Kiến An"); err != nil {
		t.Fatal(err)
	}
	svc := server.NewService(st)
	admin, err := svc.AddUser(ctx, storetest.Ward, "admin", server.Admin, "", "mật-khẩu-admin")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range gis.Kinds() {
		id := gis.NewID()
		for i, op := range []string{wire.OpInsert, wire.OpUpdate, wire.OpDelete} {
			var fields map[string]any
			if op != wire.OpDelete {
				fields = sample(gis.MustLookup(k), i)
			}
			var base int64
			if op != wire.OpInsert {
				base = revOf(t, st, id)
			}
			res, err := svc.Push(ctx, admin, []wire.Op{storetest.Op(string(k), id, op, base, fields)})
			if err != nil || res[0].Status != wire.Applied {
				t.Fatalf("%s %s: %+v %v", k, op, res, err)
			}
		}
	}
}

var (
	// A reference to a table: FROM, JOIN, UPDATE, INTO (quoted or not).
	tableRef = regexp.MustCompile(`(?i)\b(FROM|JOIN|UPDATE|INTO)\s+"?([a-z_][a-z0-9_-]*)"?`)
	// An INSERT of one row whose first column is the ward's key, given as a parameter.
	wardInsert = regexp.MustCompile(`(?is)^\s*"?[a-z_-]+"?\s*\(\s*(ward_id|id)\b[^)]*\)\s*VALUES\s*\(\s*\$\d+`)
	wardParam  = regexp.MustCompile(`(?i)\b(?:\w+\.)?ward_id\s*=\s*\$\d+`)
	wardsByID  = regexp.MustCompile(`(?is)\bwards\b.*?\bWHERE\s+id\s*=\s*\$\d+`)
)

// wardFilter classifies a statement (as pg_stat_statements shows it,
// parameters as $n): "" when each reference to a table distributed by ward
// has a filter by the ward's key, "all wards" when it says it spans all
// wards, "none" when it touches no such table, and otherwise the reason.
func wardFilter(q string) string {
	distributed := map[string]bool{"records": true, "history": true, "tokens": true, "applied_ops": true,
		"uploads": true, "upload_chunks": true, "blobs": true}
	for _, tb := range sqlstore.LayerTables() {
		distributed[tb] = true
	}
	if strings.Contains(q, "/* all wards: ") {
		return "all wards"
	}
	need, touched, wards := 0, false, false
	for _, m := range tableRef.FindAllStringSubmatchIndex(q, -1) {
		name := strings.ToLower(q[m[4]:m[5]])
		touched = touched || distributed[name]
		switch {
		case name == "wards":
			wards = true
		case !distributed[name]:
		case strings.EqualFold(q[m[2]:m[3]], "INTO") && wardInsert.MatchString(q[m[4]-1:]):
		default:
			need++
		}
	}
	if !touched && !wards {
		return "none"
	}
	if wards && !wardsByID.MatchString(q) && !wardInsert.MatchString(q[strings.Index(strings.ToLower(q), "wards"):]) {
		return "wards without id = $n"
	}
	if n := len(wardParam.FindAllString(q, -1)); n < need {
		return "fewer ward_id filters than tables"
	}
	return ""
}

// The check itself fails a statement that misses its ward.
func TestWardFilter(t *testing.T) {
	for q, want := range map[string]string{
		`SELECT kind FROM records WHERE ward_id = $1 AND rev > $2`:                                 "",
		`SELECT kind FROM records WHERE rev > $1`:                                                  "fewer ward_id filters than tables",
		`SELECT count(*) FROM records r JOIN history h ON h.record_id = r.id WHERE r.ward_id = $1`: "fewer ward_id filters than tables",
		`INSERT INTO records (ward_id, kind) VALUES ($1, $2)`:                                      "",
		`INSERT INTO records (kind, ward_id) VALUES ($1, $2)`:                                      "fewer ward_id filters than tables",
		`INSERT INTO "tree" (ward_id, id) SELECT r.ward_id, r.id FROM records r`:                   "fewer ward_id filters than tables",
		`SELECT rev FROM wards WHERE id = $1 FOR UPDATE`:                                           "",
		`UPDATE wards SET rev = rev + $1 WHERE id = $2 RETURNING rev`:                              "",
		`SELECT id FROM wards`: "wards without id = $n",
		`INSERT INTO wards (id, name, rev, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`: "",
		`SELECT ward_id, id FROM users WHERE name = $1`:                                                "none",
		`DELETE /* all wards: expiry sweep */ FROM uploads WHERE updated_at < $1`:                      "all wards",
		`DELETE FROM "street" WHERE id = $1`:                                                           "fewer ward_id filters than tables",
	} {
		if got := wardFilter(q); got != want {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
	}
}
