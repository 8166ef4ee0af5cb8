package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"wardmap/data/csvio"
	"wardmap/data/geojson"
	"wardmap/data/gpkg"
	"wardmap/gis"
)

func init() {
	register(command{"export", "xuất GeoJSON hoặc CSV (export GeoJSON or CSV)", runExport})
}

func runExport(ctx context.Context, e *env, args []string) error {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	db := fl.String("db", "", "ward database")
	kindFlag := fl.String("kind", "", "kind of feature")
	public := fl.Bool("public", false, "leave out private fields (names, phone numbers, notes)")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("export cần đúng một tệp đích (needs exactly one output file): wardmap export OUT.geojson|OUT.csv --db FILE --kind KIND")
	}
	out := pos[0]
	kind, err := parseKindFlag(*kindFlag)
	if err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(out))
	if ext != ".geojson" && ext != ".json" && ext != ".csv" {
		return usagef("export: định dạng không hỗ trợ %q: dùng .geojson hoặc .csv (unsupported format; use .geojson or .csv)", ext)
	}
	if ext != ".csv" && !gis.MustLookup(kind).Spatial() {
		return usagef("export: %s không có vị trí, hãy xuất .csv (has no geometry; export .csv)", kind)
	}
	s, err := openStore(ctx, *db, gpkg.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Find(ctx, gpkg.Query{Kind: kind})
	if err != nil {
		return err
	}
	fs := make([]*gis.Feature, len(res))
	for i, r := range res {
		fs[i] = r.Feature
	}
	err = writeAtomic(out, func(w *bufio.Writer) error {
		if ext == ".csv" {
			return csvio.Write(w, kind, fs, csvio.Options{Public: *public})
		}
		return geojson.Write(w, fs, geojson.Options{Name: string(kind), Public: *public})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Đã xuất %d %s vào %s (exported)\n", len(fs), kind, out)
	return nil
}

// writeAtomic writes to a temporary file beside path and renames it into
// place, so a failed export never leaves a truncated file under the name a
// user or script expects.
func writeAtomic(path string, fill func(*bufio.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<16)
	if err := fill(w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
