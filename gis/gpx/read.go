package gpx

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"

	gpxgo "github.com/tkrajina/gpxgo/gpx"
)

// Defaults for ReadOptions: a day of 1 Hz logging is a few MiB, and real
// GPX never nests deeper than about ten levels (extensions included).
const (
	DefaultMaxBytes = 64 << 20
	DefaultMaxDepth = 64
)

// ReadOptions bounds the work Read does on untrusted input. Zero values
// mean the defaults.
type ReadOptions struct {
	MaxBytes int64 // limit on the (decompressed) document size
	MaxDepth int   // limit on element nesting
}

func (o ReadOptions) withDefaults() ReadOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	return o
}

// Read parses a GPX 1.0 or 1.1 document, plain or gzip-compressed (sniffed
// from the magic bytes, not the file name). Input in any encoding declared
// in the XML header (e.g. ISO-8859-1) and with a UTF-8 BOM is accepted.
// Hostile or broken input is refused with one of the package's sentinel
// errors; a bad point comes back as a *PointError saying where it is.
func Read(r io.Reader, opt ReadOptions) (*File, error) {
	opt = opt.withDefaults()
	data, err := readAll(r, opt.MaxBytes)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // encoding/xml rejects a BOM
	f, err := scan(data, opt.MaxDepth)
	if err != nil {
		return nil, err
	}
	g, err := gpxgo.ParseBytes(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if err := merge(f, g); err != nil {
		return nil, err
	}
	return f, nil
}

// readAll reads at most max bytes, decompressing gzip first so the limit
// also stops a small compressed bomb.
func readAll(r io.Reader, max int64) ([]byte, error) {
	br := bufio.NewReader(r)
	var src io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %v", ErrSyntax, err)
		}
		defer zr.Close()
		src = zr
	}
	data, err := io.ReadAll(io.LimitReader(src, max+1))
	if err != nil && src != io.Reader(br) {
		return nil, fmt.Errorf("%w: gzip: %v", ErrSyntax, err) // corrupt or cut-off archive
	}
	if err != nil {
		return nil, fmt.Errorf("gpx: read: %w", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w of %d bytes", ErrTooLarge, max)
	}
	return data, nil
}

// merge copies names and descriptions from gpxgo's result onto the scanned
// geometry, after checking that both parsers saw the same points.
func merge(f *File, g *gpxgo.GPX) error {
	if len(g.Waypoints) != len(f.Waypoints) || len(g.Routes) != len(f.Routes) || len(g.Tracks) != len(f.Tracks) {
		return fmt.Errorf("%w: %d/%d/%d waypoints/routes/tracks against %d/%d/%d", ErrParser,
			len(g.Waypoints), len(g.Routes), len(g.Tracks), len(f.Waypoints), len(f.Routes), len(f.Tracks))
	}
	f.Name, f.Desc, f.Creator = clean(g.Name), clean(g.Description), clean(g.Creator)
	if err := mergePoints(f.Waypoints, g.Waypoints, "waypoints"); err != nil {
		return err
	}
	for i := range f.Routes {
		r, gr := &f.Routes[i], &g.Routes[i]
		r.Name, r.Desc = clean(gr.Name), clean(gr.Description)
		if err := mergePoints(r.Points, gr.Points, fmt.Sprintf("rte[%d]", i)); err != nil {
			return err
		}
	}
	for i := range f.Tracks {
		if err := mergeTrack(&f.Tracks[i], &g.Tracks[i], i); err != nil {
			return err
		}
	}
	return nil
}

func mergeTrack(t *Track, g *gpxgo.GPXTrack, i int) error {
	t.Name, t.Desc = clean(g.Name), clean(g.Description)
	if len(g.Segments) != len(t.Segments) {
		return fmt.Errorf("%w: trk[%d] has %d segments against %d", ErrParser, i, len(g.Segments), len(t.Segments))
	}
	for j, s := range t.Segments {
		gs := g.Segments[j].Points
		if len(gs) != len(s.Points) {
			return fmt.Errorf("%w: trk[%d]/trkseg[%d] has %d points against %d", ErrParser, i, j, len(gs), len(s.Points))
		}
		for k, p := range s.Points {
			if p.Lat != gs[k].Latitude || p.Lon != gs[k].Longitude {
				return fmt.Errorf("%w: trk[%d]/trkseg[%d]/trkpt[%d] position", ErrParser, i, j, k)
			}
		}
	}
	return nil
}

func mergePoints(ws []Waypoint, gs []gpxgo.GPXPoint, where string) error {
	if len(gs) != len(ws) {
		return fmt.Errorf("%w: %s has %d points against %d", ErrParser, where, len(gs), len(ws))
	}
	for i := range ws {
		w, g := &ws[i], &gs[i]
		if w.Lat != g.Latitude || w.Lon != g.Longitude {
			return fmt.Errorf("%w: %s point %d position", ErrParser, where, i)
		}
		w.Name, w.Desc, w.Sym = clean(g.Name), clean(g.Description), clean(g.Symbol)
	}
	return nil
}

// clean drops the indentation some writers leave around text values.
func clean(s string) string { return strings.TrimSpace(s) }
