package osmimport

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"
)

// Format is the encoding of an OSM file.
type Format int

// Supported formats.
const (
	FormatUnknown Format = iota
	FormatXML            // .osm
	FormatXMLGzip        // .osm.gz
	FormatPBF            // .osm.pbf
)

func (f Format) String() string {
	switch f {
	case FormatXML:
		return "osm-xml"
	case FormatXMLGzip:
		return "osm-xml-gzip"
	case FormatPBF:
		return "osm-pbf"
	}
	return "unknown"
}

// DetectFormat tells the format from the first bytes of a file (trusted
// first, since files get renamed) and then from its name.
func DetectFormat(name string, head []byte) (Format, error) {
	if f := sniff(head); f != FormatUnknown {
		return f, nil
	}
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".pbf"):
		return FormatPBF, nil
	case strings.HasSuffix(n, ".osm.gz"), strings.HasSuffix(n, ".xml.gz"):
		return FormatXMLGzip, nil
	case strings.HasSuffix(n, ".osm"), strings.HasSuffix(n, ".xml"):
		return FormatXML, nil
	}
	return FormatUnknown, fmt.Errorf("%w: %q", ErrFormat, name)
}

// sniff recognises gzip's magic, XML's '<' and a PBF's first BlobHeader,
// which is a length prefix then field 1 (type) = "OSMHeader".
func sniff(head []byte) Format {
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return FormatXMLGzip
	case len(head) >= 15 && head[4] == 0x0a && bytes.HasPrefix(head[6:], []byte("OSMHeader")):
		return FormatPBF
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '<' {
		return FormatXML
	}
	return FormatUnknown
}

// pass names the two reads of the file.
type pass int

const (
	passRelations pass = 0 // note the member ways of wanted multipolygons
	passWays      pass = 1 // collect the nodes the ways need
	passAll       pass = 2 // keep their coordinates, build everything
)

// openScanner wraps r in the scanner for its format. The returned close
// function releases the scanner and any decompressor.
func openScanner(ctx context.Context, r io.Reader, f Format, p pass, procs int) (osm.Scanner, func(), error) {
	switch f {
	case FormatPBF:
		s := osmpbf.New(ctx, r, pbfProcs(procs))
		// Pass 0 needs relations only, pass 1 ways only; skipping
		// happens before decoding.
		s.SkipNodes = p != passAll
		s.SkipWays = p == passRelations
		s.SkipRelations = p == passWays
		return s, func() { s.Close() }, nil
	case FormatXMLGzip:
		zr, err := gzip.NewReader(bufio.NewReaderSize(r, 1<<16))
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrInput, err)
		}
		s := osmxml.New(ctx, zr)
		return s, func() { s.Close(); zr.Close() }, nil
	case FormatXML:
		s := osmxml.New(ctx, bufio.NewReaderSize(r, 1<<16))
		return s, func() { s.Close() }, nil
	}
	return nil, nil, ErrFormat
}

// pbfProcs caps the decoders: more than a few do not pay on a desktop and
// the machine is shared with the UI.
func pbfProcs(procs int) int {
	if procs > 0 {
		return procs
	}
	return max(1, min(runtime.GOMAXPROCS(0), 4))
}
