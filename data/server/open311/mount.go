package open311

import (
	"bufio"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"wardmap/gis"
)

// Mount returns a handler serving Open311 under Prefix and the public
// page under PublicPrefix, and everything else with next (the sync API).
// keysFile, if not empty, lists partner api_keys, one "KEY NAME CHANNEL"
// a line (# comments). Both log their errors to log (nil: nowhere).
func Mount(b Backend, ward, keysFile string, next http.Handler, log *slog.Logger) (http.Handler, error) {
	keys, err := ReadKeys(keysFile)
	if err != nil {
		return nil, err
	}
	q := NewQueue(b, ward)
	mux := http.NewServeMux()
	api, page := NewHandler(q, keys), NewPublic(q)
	if log != nil {
		api.Log, page.Log = log, log
	}
	mux.Handle("/open311/", api)
	mux.Handle(PublicPrefix, page)
	mux.Handle("/", next)
	return mux, nil
}

// ReadKeys reads an api_key file; "" gives no keys (POST refused).
func ReadKeys(path string) (map[string]Partner, error) {
	keys := map[string]Partner{}
	if path == "" {
		return keys, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Fields(line)
		if len(parts) != 3 || len(parts[0]) < 16 {
			return nil, gis.Errorf(gis.EINVALID, "%s:%d: cần KEY NAME CHANNEL, khóa ít nhất 16 ký tự (want KEY NAME CHANNEL, key ≥ 16 chars)", path, n)
		}
		if _, ok := channelOK(parts[2]); !ok {
			return nil, gis.Errorf(gis.EINVALID, "%s:%d: kênh không rõ %q (unknown channel)", path, n, parts[2])
		}
		keys[parts[0]] = Partner{Name: parts[1], Channel: parts[2]}
	}
	return keys, sc.Err()
}

func channelOK(c string) (gis.Option, bool) {
	f, _ := gis.ReportSchema.Field("channel")
	return f.Option(c)
}
