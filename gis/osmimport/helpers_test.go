package osmimport_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"

	"wardmap/gis/osmimport"
)

// node and way describe synthetic OSM data for osmXML.
type node struct {
	id       int64
	lon, lat float64
	tags     map[string]string
}

type way struct {
	id   int64
	refs []int64
	tags map[string]string
}

// osmXML writes a small OSM XML document, nodes first as real files do.
func osmXML(nodes []node, ways []way) string {
	var b strings.Builder
	b.WriteString("<?xml version='1.0' encoding='UTF-8'?>\n<osm version='0.6'>\n")
	for _, n := range nodes {
		fmt.Fprintf(&b, " <node id='%d' lat='%.7f' lon='%.7f'>", n.id, n.lat, n.lon)
		writeTags(&b, n.tags)
		b.WriteString("</node>\n")
	}
	for _, w := range ways {
		fmt.Fprintf(&b, " <way id='%d'>", w.id)
		for _, r := range w.refs {
			fmt.Fprintf(&b, "<nd ref='%d'/>", r)
		}
		writeTags(&b, w.tags)
		b.WriteString("</way>\n")
	}
	b.WriteString("</osm>\n")
	return b.String()
}

func writeTags(b *strings.Builder, tags map[string]string) {
	for k, v := range tags {
		fmt.Fprintf(b, "<tag k='%s' v='%s'/>", k, v)
	}
}

// importXML runs Read on an XML string and fails the test on error.
func importXML(t *testing.T, doc string, opt osmimport.Options) (*osmimport.Collector, osmimport.Stats) {
	t.Helper()
	var c osmimport.Collector
	st, err := osmimport.Read(context.Background(), strings.NewReader(doc), osmimport.FormatXML, opt, &c)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return &c, st
}

// rawNodes reads every node of a shared file with paulmach/osm directly,
// independently of the importer, so tests can check coordinates.
func rawNodes(t *testing.T, path string) map[int64]orb.Point {
	t.Helper()
	out := map[int64]orb.Point{}
	rawScan(t, path, true, func(o osm.Object) {
		if n, ok := o.(*osm.Node); ok {
			out[int64(n.ID)] = n.Point()
		}
	})
	return out
}

// rawScan hands every object of a shared file to fn, read with
// paulmach/osm directly, independently of the importer; a PBF file's ways
// are skipped when nodes, else its nodes (relations always).
func rawScan(t *testing.T, path string, nodes bool, fn func(osm.Object)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var s osm.Scanner
	if strings.HasSuffix(path, ".pbf") {
		ps := osmpbf.New(context.Background(), f, 1)
		ps.SkipNodes, ps.SkipWays, ps.SkipRelations = !nodes, nodes, true
		s = ps
	} else {
		zr, err := gzipReader(f)
		if err != nil {
			t.Fatal(err)
		}
		s = osmxml.New(context.Background(), zr)
	}
	defer s.Close()
	for s.Scan() {
		fn(s.Object())
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
}

// gdalSource is the name GDAL needs for a shared file.
func gdalSource(path string) string {
	if strings.HasSuffix(path, ".gz") {
		return "/vsigzip/" + path
	}
	return path
}

func pointsNear(a, b orb.Point, tol float64) bool {
	return math.Abs(a[0]-b[0]) <= tol && math.Abs(a[1]-b[1]) <= tol
}

func gzipReader(f *os.File) (*gzip.Reader, error) { return gzip.NewReader(f) }
