package citybench_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"wardmap/data/server"
	"wardmap/data/server/sqlstore"
)

// dataVersion names the generator below: a kept database made by another
// version is built again.
const dataVersion = "city-3"

// built reports whether the kept database holds the data this run wants.
func built(ctx context.Context, st *sqlstore.Store, wards, per int) bool {
	var v string
	var w, p int
	err := st.DB().QueryRowContext(ctx, `SELECT version, wards, per_ward FROM bench_meta`).Scan(&v, &w, &p)
	return err == nil && v == dataVersion && w == wards && p == per
}

// kinds of the generated records, by i % 20: 40 % trees, 25 % plates,
// 15 % lamps, 10 % drains, 10 % street segments. Each field is a SQL
// expression over the record's number i giving its JSON text.
var genKinds = []struct {
	kind   string
	upto   int // i % 20 < upto
	fields [][2]string
}{
	{"tree", 8, [][2]string{{"code", `'"T-' || i || '"'`}, {"species_vi", `(ARRAY['"Bàng"','"Sấu"','"Phượng vĩ"','"Xà cừ"','"Bằng lăng"','"Long não"'])[1 + i % 6]`},
		{"height_m", `((20 + i % 150) / 10.0)::numeric(5, 1)::text`}, {"condition", `(ARRAY['"good"','"fair"','"poor"'])[1 + i % 3]`},
		{"planted_on", `'"20' || lpad((10 + i % 16)::text, 2, '0') || '-' || lpad((1 + i % 12)::text, 2, '0') || '-15"'`}}},
	{"plate", 13, [][2]string{{"number", `'"' || (1 + i % 300) || '"'`}, {"street", `'"Ngõ ' || (i % 40) || '"'`}, {"status", `(ARRAY['"missing"','"installed"','"damaged"'])[1 + i % 3]`}}},
	{"lamp", 16, [][2]string{{"pole_code", `'"KA-' || i || '"'`}, {"lamp_type", `'"led"'`}, {"power_w", `(100 + i % 5 * 25)::text`}, {"status", `'"working"'`}, {"street", `'"Đường ' || (i % 40) || '"'`}}},
	{"drain", 18, [][2]string{{"code", `'"HG-' || i || '"'`}, {"drain_type", `'"manhole"'`}, {"status", `'"clear"'`}, {"flood_prone", `(i % 7 = 0)::text`}}},
	{"street", 20, [][2]string{{"name", `'"Đường ' || (i % 40) || '"'`}, {"class", `'"alley"'`}, {"lit", `(i % 2 = 0)::text`}}},
}

// genSQL is the INSERT of every ward's records in one statement: record i
// of ward w has revision i, the wards' records interleaved in the table
// as their pushes interleave in time. The JSON is made as text and parsed
// once (jsonb_build_object over float8 costs several times more).
func genSQL(wards, per int) string {
	side := gridSide(per)
	var fields, revs, origins, kind []string
	for _, k := range genKinds {
		f := []string{`'{"geom":' || geom`}
		rv := []string{`'{"geom":' || i`}
		or := []string{`{"geom":"bench"`}
		for _, kv := range k.fields {
			f = append(f, fmt.Sprintf(`',"%s":' || %s`, kv[0], kv[1]))
			rv = append(rv, fmt.Sprintf(`',"%s":' || i`, kv[0]))
			or = append(or, fmt.Sprintf(`"%s":"bench"`, kv[0]))
		}
		when := fmt.Sprintf("WHEN i %% 20 < %d THEN ", k.upto)
		fields = append(fields, when+"("+strings.Join(f, " || ")+" || '}')::jsonb")
		revs = append(revs, when+"("+strings.Join(rv, " || ")+" || '}')::jsonb")
		origins = append(origins, when+"'"+strings.Join(or, ",")+"}'::jsonb")
		kind = append(kind, fmt.Sprintf("WHEN i %% 20 < %d THEN '%s'", k.upto, k.kind))
	}
	return fmt.Sprintf(`INSERT INTO records (ward_id, id, kind, rev, fields, field_revs, origins, deleted, minx, miny, maxx, maxy, bbox,
	created_at, created_by, updated_at, updated_by)
SELECT ward, md5(ward || '/' || i)::uuid::text, kind, i, CASE %[1]s END, CASE %[2]s END, CASE %[3]s END, false, x, y, x2, y, ST_MakeEnvelope(x, y, x2, y, 4326),
	now(), 'bench', now(), 'bench'
FROM (
	SELECT ward, i, x, y, kind, CASE WHEN kind = 'street' THEN x + 0.0003 ELSE x END AS x2,
		CASE WHEN kind = 'street' THEN '{"type":"LineString","coordinates":[[' || x || ',' || y || '],[' || (x + 0.0003) || ',' || y || ']]}'
			ELSE '{"type":"Point","coordinates":[' || x || ',' || y || ']}' END AS geom
	FROM (
		SELECT 'w' || lpad((w + 1)::text, 3, '0') AS ward, i,
			(106.55 + (w %% 10) * 0.012 + (i %% %[5]d) * %[6]g)::float8 AS x,
			(20.70 + (w / 10) * 0.012 + (i / %[5]d %% %[5]d) * %[6]g)::float8 AS y,
			CASE %[4]s END AS kind
		FROM (SELECT (n - 1) %% %[7]d AS w, (n - 1) / %[7]d + 1 AS i FROM generate_series(1, %[8]d::bigint) n) g
		OFFSET 0
	) p
	OFFSET 0
) q`, strings.Join(fields, " "), strings.Join(revs, " "), strings.Join(origins, " "), strings.Join(kind, " "), side, 0.011/float64(side), wards, wards*per)
}

// build loads the wards: the records by one INSERT … SELECT on the
// server, the layers by the store's own build from the records (the path
// a database from before the layers takes), with the tables' indexes
// made after the rows, in one transaction; then a user and token per
// ward.
func build(ctx context.Context, st *sqlstore.Store, wards, per int) error {
	db := st.DB()
	now := time.Now().UTC()
	for w := range wards {
		if _, err := db.ExecContext(ctx, `INSERT INTO wards (id, name, rev, created_at) VALUES ($1, $1, $2, $3)`, wardName(w), per, now); err != nil {
			return err
		}
	}
	tables := []string{"records"}
	for _, t := range sqlstore.LayerTables() {
		tables = append(tables, t)
	}
	restore, err := dropIndexes(ctx, db, tables)
	if err != nil {
		return err
	}
	step := func(what string, q string) error {
		start := time.Now()
		_, err := db.ExecContext(ctx, q)
		fmt.Printf("citybench: %s: %s\n", what, time.Since(start).Round(time.Millisecond))
		return err
	}
	// TRUNCATE in the load's transaction: with wal_level=minimal the rows
	// skip the WAL.
	if err := step("records", "BEGIN; TRUNCATE records; "+genSQL(wards, per)+"; COMMIT"); err != nil {
		return err
	}
	start := time.Now()
	if err := st.RebuildLayers(ctx); err != nil {
		return err
	}
	fmt.Printf("citybench: layers: %s\n", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	for _, q := range restore {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	fmt.Printf("citybench: indexes and keys: %s\n", time.Since(start).Round(time.Millisecond))
	if err := step("analyze", "ANALYZE"); err != nil {
		return err
	}
	for w := range wards {
		ward := wardName(w)
		u := &server.User{Ward: ward, ID: "bench-" + ward, Name: "bench-" + ward, Role: server.Planner, PassHash: "-", Created: now}
		if err := st.CreateUser(ctx, u); err != nil {
			return err
		}
		if err := st.CreateToken(ctx, &server.Token{Hash: server.HashToken(token(ward)), Ward: ward, UserID: u.ID, Expires: now.AddDate(10, 0, 0), Created: now}); err != nil {
			return err
		}
	}
	_, err = db.ExecContext(ctx, `CREATE TABLE bench_meta AS SELECT $1::text AS version, $2::int AS wards, $3::int AS per_ward`, dataVersion, wards, per)
	return err
}

// gridSide is the side of the square grid of a ward's records: 0.011°
// wide whatever their number.
func gridSide(per int) int { return int(math.Ceil(math.Sqrt(float64(per)))) }

// dropIndexes drops the tables' indexes and primary keys and returns the
// statements that make them again: a bulk load writes the rows first and
// sorts each index once.
func dropIndexes(ctx context.Context, db *sql.DB, tables []string) ([]string, error) {
	var drop, restore []string
	for _, t := range tables {
		rows, err := db.QueryContext(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), coalesce(k.conname, ''), coalesce(pg_get_constraintdef(k.oid), '')
			FROM pg_index i LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.contype = 'p'
			WHERE i.indrelid = $1::regclass`, `"`+t+`"`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var idx, def, con, condef string
			if err := rows.Scan(&idx, &def, &con, &condef); err != nil {
				rows.Close()
				return nil, err
			}
			if con != "" {
				drop = append(drop, fmt.Sprintf(`ALTER TABLE "%s" DROP CONSTRAINT %s`, t, con))
				restore = append(restore, fmt.Sprintf(`ALTER TABLE "%s" ADD CONSTRAINT %s %s`, t, con, condef))
			} else {
				drop = append(drop, "DROP INDEX "+idx)
				restore = append(restore, def)
			}
		}
		rows.Close()
	}
	for _, q := range drop {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	return restore, nil
}
