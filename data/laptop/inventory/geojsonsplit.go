package inventory

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"sync/atomic"
)

// A FeatureCollection's features split without encoding/json's Decoder.
//
// The Decoder scans each feature twice on one goroutine (once to find its
// end, once more to copy it into a RawMessage), ~10 ns a byte: a third of
// a million-tree file's reading, and all of it serial. The splitter finds
// where each feature ends by counting brackets outside strings, and the
// parsers check each feature's syntax with json.Valid on their own cores.
// Anything irregular (a syntax error anywhere, an element of features that
// is not an object, members after features) makes it give up, and the
// file is read again by readGeoJSON, whose records and errors (with their
// byte offsets) are the reference: FuzzSplitFeatures holds the two
// together.

// errIrregular is the splitter giving up: read the file with readGeoJSON.
var errIrregular = errors.New("inventory: irregular GeoJSON, read by encoding/json")

// readGeoJSONFile reads an open GeoJSON file, through the splitter when it
// can.
func readGeoJSONFile(f *os.File) (*table, error) {
	t, err := readGeoJSONFast(bufio.NewReaderSize(f, 1<<16))
	if !errors.Is(err, errIrregular) {
		return t, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return readGeoJSON(bufio.NewReaderSize(f, 1<<16))
}

// readGeoJSONFast is readGeoJSON for a regular file, or errIrregular.
func readGeoJSONFast(br *bufio.Reader) (*table, error) {
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	dec := json.NewDecoder(br)
	t := &table{format: "geojson", idx: map[string]int{}}
	tok, err := dec.Token()
	if err != nil {
		return nil, errIrregular
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errIrregular
	}
	typ := ""
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, errIrregular
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			if err := dec.Decode(&typ); err != nil {
				return nil, errIrregular
			}
		case "crs":
			var c struct {
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			}
			if err := dec.Decode(&c); err != nil {
				return nil, errIrregular
			}
			t.crs = normaliseCRSName(c.Properties.Name)
		case "features":
			// The last member (as GDAL and most writers put it): the rest
			// of the file is the array, the object's end and nothing more.
			if typ != "FeatureCollection" {
				return nil, errIrregular
			}
			s := &splitter{r: io.MultiReader(dec.Buffered(), br), buf: make([]byte, 0, 1<<16)}
			if err := t.splitFeatures(s); err != nil {
				return nil, err
			}
			t.repeatWarnings()
			return t, nil
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, errIrregular
			}
		}
	}
	return nil, errIrregular
}

// splitFeatures reads the features array and what follows it.
func (t *table) splitFeatures(s *splitter) error {
	// The Decoder has read the member's name, not yet its colon.
	if c, ok := s.next(); !ok || c != ':' {
		return errIrregular
	}
	if c, ok := s.next(); !ok || c != '[' {
		return errIrregular
	}
	p := newFeaturePipeline(t, true)
	if err := p.split(s); err != nil {
		p.stop()
		return err
	}
	p.stop()
	if p.invalid.Load() {
		return errIrregular
	}
	if c, ok := s.next(); !ok || c != '}' {
		return errIrregular
	}
	if _, ok := s.peek(); ok || s.err != io.EOF {
		return errIrregular // data after the object, or a read error
	}
	return nil
}

// split sends the array's objects to the parsers, up to its closing
// bracket.
func (p *featurePipeline) split(s *splitter) error {
	c, ok := s.peek()
	if !ok {
		return errIrregular
	}
	if c == ']' {
		s.pos++
		return nil
	}
	var chunk [][]byte
	size := 256
	for {
		if c != '{' {
			return errIrregular
		}
		raw, ok := s.object(size)
		if !ok {
			return errIrregular
		}
		size = len(raw) + 64
		if chunk = append(chunk, raw); len(chunk) == featureChunk {
			p.send(chunk)
			chunk = nil
		}
		if c, ok = s.next(); !ok || c != ',' && c != ']' {
			return errIrregular
		}
		if c == ']' {
			break
		}
		if c, ok = s.peek(); !ok {
			return errIrregular
		}
	}
	if len(chunk) > 0 {
		p.send(chunk)
	}
	return nil
}

// splitter reads a stream of JSON a buffer at a time.
type splitter struct {
	r   io.Reader
	buf []byte
	pos int
	err error // the read error that ended the stream
}

func (s *splitter) fill() bool {
	if s.err != nil {
		return false
	}
	n, err := s.r.Read(s.buf[:cap(s.buf)])
	s.buf, s.pos = s.buf[:n], 0
	if err != nil {
		s.err = err
	}
	return n > 0 || s.fill()
}

// peek is the next byte that is not JSON white space, left unread.
func (s *splitter) peek() (byte, bool) {
	for {
		for s.pos < len(s.buf) {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\n', '\r':
				s.pos++
			default:
				return c, true
			}
		}
		if !s.fill() {
			return 0, false
		}
	}
}

// next is peek, read.
func (s *splitter) next() (byte, bool) {
	c, ok := s.peek()
	if ok {
		s.pos++
	}
	return c, ok
}

// object copies the value that starts at the next byte, '{', up to its
// closing bracket: brackets are counted outside strings, and whether they
// match is the parsers' json.Valid's to say.
func (s *splitter) object(size int) ([]byte, bool) {
	out := make([]byte, 0, size)
	depth, inStr, esc := 0, false, false
	for {
		if s.pos >= len(s.buf) && !s.fill() {
			return nil, false
		}
		b := s.buf[s.pos:]
		for i := 0; i < len(b); i++ {
			c := b[i]
			if inStr {
				switch {
				case esc:
					esc = false
				case c == '\\':
					esc = true
				case c == '"':
					inStr = false
				}
				continue
			}
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					out = append(out, b[:i+1]...)
					s.pos += i + 1
					return out, true
				}
			}
		}
		out = append(out, b...)
		s.pos += len(b)
	}
}

// invalidFlag is set by a parser that met a feature json.Valid refuses.
type invalidFlag = atomic.Bool
