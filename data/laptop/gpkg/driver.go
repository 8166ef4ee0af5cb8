package gpkg

import (
	"database/sql"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// driverName is mattn/go-sqlite3 with the SQL functions that the GeoPackage
// R-tree triggers call (ST_MinX, ST_MaxX, ST_MinY, ST_MaxY, ST_IsEmpty)
// registered on every connection: without them any insert into a feature
// table fails, in our process as in any other that lacks them.
const driverName = "wardmap_sqlite3"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: registerFuncs})
}

func registerFuncs(c *sqlite3.SQLiteConn) error {
	for i, name := range []string{"ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"} {
		idx := i
		f := func(blob any) any {
			b, ok := blob.([]byte)
			if !ok {
				return nil
			}
			env, empty, err := envelope(b)
			if err != nil || empty {
				return nil
			}
			return env[idx]
		}
		if err := c.RegisterFunc(name, f, true); err != nil {
			return err
		}
	}
	isEmpty := func(blob any) any {
		b, ok := blob.([]byte)
		if !ok {
			return nil
		}
		_, empty, err := envelope(b)
		if err != nil {
			return nil
		}
		return empty
	}
	return c.RegisterFunc("ST_IsEmpty", isEmpty, true)
}
