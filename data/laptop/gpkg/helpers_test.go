package gpkg_test

import (
	"os/exec"
	"strings"
)

// runSQLite uses the sqlite3 shell to make files that are SQLite but not
// ours, as another tool would.
func runSQLite(path, sql string) (string, error) {
	cmd := exec.Command("sqlite3", path)
	cmd.Stdin = strings.NewReader(sql)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
