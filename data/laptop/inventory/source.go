package inventory

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"wardmap/data/formats/vnenc"
	"wardmap/gis"
)

// table is a source file read into memory: named columns and one record
// per row or feature. Values are text as in the file ("" for null).
type table struct {
	format string // "geojson", "csv" or one of formats.go
	cols   []string
	idx    map[string]int
	recs   []record
	// crs is the file's own CRS: the GeoJSON crs member, normalised to
	// "EPSG:n" where it names an EPSG code, a Shapefile's .prj text, a
	// GeoPackage layer's "EPSG:n" or WKT ("" when absent).
	crs string
	// comma is the CSV delimiter used.
	comma rune
	// warnings are problems met reading the file that lose nothing.
	warnings []string
	// seen[i] is the last record that set column i, to find a property
	// written twice in one feature; twice counts them by name.
	seen  []int
	twice map[string]*repeated
}

// repeated is a property written twice in features.
type repeated struct{ first, n, erased int }

// record is one row of a CSV file or one feature of a GeoJSON file.
type record struct {
	n    int // 1-based number among the file's records (header excluded)
	line int // CSV: the line it starts on; 0 for GeoJSON
	vals []string
	geom orb.Geometry // GeoJSON geometry as written (source CRS)
	// bad is why the record itself could not be read (a CSV row with the
	// wrong number of fields, a feature that is not a Feature).
	bad string
	// badGeom is why the GeoJSON geometry could not be read.
	badGeom string
	// fallback is set once the mapping's geometry fallback placed it.
	fallback bool
}

func (t *table) col(name string) (int, bool) {
	i, ok := t.idx[name]
	return i, ok
}

func (t *table) addCol(name string) int {
	if i, ok := t.idx[name]; ok {
		return i
	}
	t.idx[name] = len(t.cols)
	t.cols = append(t.cols, name)
	return len(t.cols) - 1
}

func (r *record) val(i int) string {
	if i < 0 || i >= len(r.vals) {
		return ""
	}
	return r.vals[i]
}

// readFile reads a GeoJSON or CSV file, chosen by its extension (or, for
// other names, its first character), or one of the formats of formats.go.
func readFile(path string, m *Mapping, src SourceOptions) (*table, error) {
	if t, ok, err := readOther(path, src); ok {
		return t, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, gis.Errorf(gis.ENOTFOUND, "không mở được tệp nguồn (cannot open the source file): %v", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	co := m.CSV
	if src.Encoding != "" {
		co.Encoding = src.Encoding // --encoding
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".geojson", ".json":
		return readGeoJSONFile(f)
	case ".csv", ".tsv", ".txt":
		return readCSV(br, co)
	}
	head, _ := br.Peek(64)
	if t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return readGeoJSON(br)
	}
	return readCSV(br, m.CSV)
}

// ---- GeoJSON ----

type rawFeature struct {
	Type       string                     `json:"type"`
	Properties map[string]json.RawMessage `json:"properties"`
	Geometry   json.RawMessage            `json:"geometry"`
}

// readGeoJSON streams a FeatureCollection: features are decoded one at a
// time, so the file is never held whole. A syntax error anywhere is fatal
// (the file is damaged); a feature whose geometry cannot be read is a
// record with its reason.
func readGeoJSON(r io.Reader) (*table, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	dec := json.NewDecoder(br)
	t := &table{format: "geojson", idx: map[string]int{}}
	fatal := func(err error) error {
		return gis.Errorf(gis.EINVALID, "GeoJSON hỏng ở byte %d (broken GeoJSON at byte %d): %v", dec.InputOffset(), dec.InputOffset(), err)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fatal(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, gis.Errorf(gis.EINVALID, "không phải GeoJSON FeatureCollection (not a GeoJSON FeatureCollection: no object at the start)")
	}
	typ, sawFeatures := "", false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fatal(err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			if err := dec.Decode(&typ); err != nil {
				return nil, fatal(err)
			}
		case "crs":
			var c struct {
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			}
			if err := dec.Decode(&c); err != nil {
				return nil, fatal(err)
			}
			t.crs = normaliseCRSName(c.Properties.Name)
		case "features":
			sawFeatures = true
			if err := t.readFeatures(dec); err != nil {
				return nil, fatal(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fatal(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fatal(err)
	}
	t.repeatWarnings()
	if typ != "FeatureCollection" || !sawFeatures {
		return nil, gis.Errorf(gis.EINVALID, "không phải GeoJSON FeatureCollection (not a GeoJSON FeatureCollection: type %q)", typ)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, gis.Errorf(gis.EINVALID, "GeoJSON có dữ liệu thừa sau FeatureCollection (data after the FeatureCollection)")
	}
	return t, nil
}

func (t *table) readFeatures(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("features không phải mảng (features is not an array)")
	}
	// A pipeline over the cores: this goroutine only finds where each
	// feature ends (the decoder's syntax scan, which also makes a syntax
	// error fatal as before); parsers decode chunks of features into
	// properties and geometry; the collector turns them, in file order,
	// into records and columns.
	p := newFeaturePipeline(t, false)
	var chunk [][]byte
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			p.stop()
			return err
		}
		chunk = append(chunk, raw)
		if len(chunk) == featureChunk {
			p.send(chunk)
			chunk = nil
		}
	}
	if len(chunk) > 0 {
		p.send(chunk)
	}
	p.stop()
	_, err = dec.Token()
	return err
}

// featureChunk is how many features a parser takes at a time.
const featureChunk = 256

// parsedFeature is a feature decoded but not yet a record: its properties
// in the file's order, as text.
type parsedFeature struct {
	keys, vals []string
	geom       orb.Geometry
	bad        string
	badGeom    string
}

type parsedChunk struct {
	raws [][]byte
	out  []parsedFeature
	done chan struct{}
}

type featurePipeline struct {
	t *table
	// validate has the parsers check each feature's syntax (the splitter
	// does not), setting invalid for one that fails.
	validate bool
	invalid  invalidFlag
	work     chan *parsedChunk
	ordered  chan *parsedChunk
	wg       sync.WaitGroup
	collect  chan struct{}
}

func newFeaturePipeline(t *table, validate bool) *featurePipeline {
	procs := max(1, min(runtime.GOMAXPROCS(0), 4))
	p := &featurePipeline{t: t, validate: validate, work: make(chan *parsedChunk, procs), ordered: make(chan *parsedChunk, 2*procs+2), collect: make(chan struct{})}
	for range procs {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			names := newInterner()
			for c := range p.work {
				c.out = make([]parsedFeature, len(c.raws))
				for i, raw := range c.raws {
					if p.validate && !json.Valid(raw) {
						p.invalid.Store(true)
						continue
					}
					c.out[i] = parseFeatureIn(raw, names)
				}
				c.raws = nil
				close(c.done)
			}
		}()
	}
	go func() {
		defer close(p.collect)
		for c := range p.ordered {
			<-c.done
			for i := range c.out {
				t.recs = append(t.recs, t.record(&c.out[i], len(t.recs)+1))
			}
		}
	}()
	return p
}

func (p *featurePipeline) send(raws [][]byte) {
	c := &parsedChunk{raws: raws, done: make(chan struct{})}
	p.ordered <- c
	p.work <- c
}

// stop waits for everything sent to be collected.
func (p *featurePipeline) stop() {
	close(p.work)
	close(p.ordered)
	p.wg.Wait()
	<-p.collect
}

// parseFeature decodes one feature. A feature of the wrong shape ("type":
// 3, "properties": []) is this record's fault, not the file's.
func parseFeature(raw []byte) parsedFeature {
	return parseFeatureIn(raw, nil)
}

// parseFeatureIn is parseFeature with property names from names.
func parseFeatureIn(raw []byte, names *interner) parsedFeature {
	if pf, ok := parseFeatureFastIn(raw, names); ok {
		return pf
	}
	return parseFeatureSlow(raw)
}

// record makes the n-th record of a parsed feature, adding its columns.
func (t *table) record(pf *parsedFeature, n int) record {
	rec := record{n: n, bad: pf.bad, badGeom: pf.badGeom, geom: pf.geom}
	if pf.bad != "" {
		return rec
	}
	rec.vals = make([]string, 0, max(len(t.cols), len(pf.keys)))
	for j, k := range pf.keys {
		i := t.addCol(k)
		for len(rec.vals) <= i {
			rec.vals = append(rec.vals, "")
		}
		for len(t.seen) <= i {
			t.seen = append(t.seen, 0)
		}
		if t.seen[i] == n {
			// The same property twice in one feature: a later null must
			// not erase the value (JSON parsers keep the last one).
			if t.repeat(k, n, rec.vals[i], pf.vals[j]) {
				continue
			}
		}
		t.seen[i] = n
		rec.vals[i] = pf.vals[j]
	}
	return rec
}

// repeat counts a property written twice in feature n and reports whether
// the earlier value is kept: the later one is empty (null) and the earlier
// is not.
func (t *table) repeat(k string, n int, old, new string) bool {
	if t.twice == nil {
		t.twice = map[string]*repeated{}
	}
	r := t.twice[k]
	if r == nil {
		r = &repeated{first: n}
		t.twice[k] = r
	}
	r.n++
	if new == "" && old != "" {
		r.erased++
		return true
	}
	return false
}

// repeatWarnings turns the properties written twice into warnings.
func (t *table) repeatWarnings() {
	for _, k := range sortedKeys(t.twice) {
		r := t.twice[k]
		t.warnings = append(t.warnings, fmt.Sprintf("thuộc tính %q xuất hiện hai lần trong %d đối tượng (từ bản ghi %d); giữ giá trị khác rỗng ở %d đối tượng mà lần sau là null, còn lại lấy giá trị sau (property %q appears twice in %d features (first in record %d); the non-null value was kept in %d where the second was null, else the second)",
			k, r.n, r.first, r.erased, k, r.n, r.first, r.erased))
	}
}

// jsonText is a property's value as text: a string unquoted, a number or
// boolean as written, null as "", an object or array as its JSON.
func jsonText(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	if v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	}
	return string(v)
}

// decodeGeometry reads a GeoJSON geometry; null is (nil, nil).
func decodeGeometry(raw json.RawMessage) (orb.Geometry, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var head struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("hình học hỏng (broken geometry): %v", err)
	}
	if head.Type == "Point" {
		var c []float64
		if err := json.Unmarshal(head.Coordinates, &c); err != nil || len(c) < 2 {
			return nil, fmt.Errorf("hình học hỏng (broken geometry): Point cần [x, y] (needs [x, y]), có (got) %.40s", string(head.Coordinates))
		}
		return orb.Point{c[0], c[1]}, nil
	}
	g, err := unmarshalOrb(raw)
	if err != nil {
		return nil, fmt.Errorf("hình học hỏng (broken geometry): %v", err)
	}
	return g, nil
}

func unmarshalOrb(raw []byte) (g orb.Geometry, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	og, err := orbjson.UnmarshalGeometry(raw)
	if err != nil {
		return nil, err
	}
	if og.Coordinates == nil {
		return nil, fmt.Errorf("không có tọa độ (no coordinates)")
	}
	return og.Coordinates, nil
}

// normaliseCRSName turns a GeoJSON crs name into "EPSG:n" when it names
// one: "urn:ogc:def:crs:EPSG::2229" → "EPSG:2229"; OGC CRS84 → EPSG:4326.
func normaliseCRSName(name string) string {
	n := strings.TrimSpace(name)
	up := strings.ToUpper(n)
	if strings.HasSuffix(up, "CRS84") {
		return "EPSG:4326"
	}
	if i := strings.LastIndex(up, "EPSG"); i >= 0 {
		rest := strings.TrimLeft(up[i+4:], ":")
		if j := strings.LastIndex(rest, ":"); j >= 0 {
			rest = rest[j+1:]
		}
		if _, err := strconv.Atoi(rest); err == nil {
			return "EPSG:" + rest
		}
	}
	return n
}

// ---- CSV ----

func (o CSVOptions) delimiter() (rune, error) {
	switch o.Delimiter {
	case "":
		return 0, nil
	case ",", ";", "|", ":":
		return rune(o.Delimiter[0]), nil
	case "\t", "\\t", "tab", "TAB":
		return '\t', nil
	}
	return 0, mapErr("csv.delimiter phải là một trong , ; | tab (must be one of , ; | tab): %q", o.Delimiter)
}

// decoderFor returns the decoder of a named encoding (nil for UTF-8).
func decoderFor(name string) (encoding.Encoding, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), "_", "-")) {
	case "", "utf-8", "utf8":
		return nil, nil
	case "utf-16", "utf16":
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), nil
	case "windows-1252", "cp1252", "win1252":
		return charmap.Windows1252, nil
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		return charmap.ISO8859_1, nil
	case "iso-8859-15", "latin9":
		return charmap.ISO8859_15, nil
	}
	return nil, mapErr("csv.encoding không hỗ trợ %q (unsupported encoding); dùng (use) utf-8, utf-16, windows-1252, iso-8859-1, windows-1258, tcvn3, vni", name)
}

// maxCSV bounds what one CSV file may hold in memory.
const maxCSV = 2 << 30

// readCSV reads a CSV file in the mapping's encoding (or UTF-8, with or
// without a byte-order mark, or UTF-16 with one). Text that is not valid in
// the encoding is a fatal error naming the line, not silently garbled.
func readCSV(r io.Reader, o CSVOptions) (*table, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxCSV+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxCSV {
		return nil, gis.Errorf(gis.EINVALID, "tệp CSV lớn hơn 2 GiB (CSV file larger than 2 GiB)")
	}
	text, err := decodeText(raw, o.Encoding)
	if err != nil {
		return nil, err
	}
	comma, _ := o.delimiter()
	if comma == 0 {
		comma = sniffDelimiter(text)
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	t := &table{format: "csv", idx: map[string]int{}, comma: comma}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, gis.Errorf(gis.EINVALID, "tệp CSV rỗng (empty CSV file)")
	}
	if err != nil {
		return nil, gis.Errorf(gis.EINVALID, "dòng tiêu đề CSV hỏng (broken CSV header): %v", err)
	}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			h = fmt.Sprintf("column_%d", i+1)
		}
		if _, dup := t.idx[h]; dup {
			h = fmt.Sprintf("%s_%d", h, i+1)
		}
		t.addCol(h)
	}
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		r := record{n: n}
		if err == nil || len(rec) > 0 {
			r.line, _ = cr.FieldPos(0)
		}
		var pe *csv.ParseError
		switch {
		case err == nil:
			if len(rec) == 1 && rec[0] == "" && len(header) > 1 {
				n-- // a blank line is not a record
				continue
			}
			if len(rec) != len(header) {
				r.bad = fmt.Sprintf("có %d trường, tiêu đề có %d (has %d fields, the header has %d)", len(rec), len(header), len(rec), len(header))
			}
			r.vals = rec
		case errors.As(err, &pe):
			r.line = pe.StartLine
			r.bad = fmt.Sprintf("dòng CSV hỏng (broken CSV row): %v", pe.Err)
		default:
			return nil, err
		}
		t.recs = append(t.recs, r)
	}
	return t, nil
}

// decodeText turns the file's bytes into UTF-8 text.
func decodeText(raw []byte, name string) (string, error) {
	if e, ok := vnenc.Parse(name); ok && e.Vietnamese() {
		return decodeVietnamese(raw, e)
	}
	enc, err := decoderFor(name)
	if err != nil {
		return "", err
	}
	hasUTF8BOM := bytes.HasPrefix(raw, []byte("\xef\xbb\xbf"))
	hasUTF16BOM := bytes.HasPrefix(raw, []byte("\xff\xfe")) || bytes.HasPrefix(raw, []byte("\xfe\xff"))
	if enc == nil && hasUTF16BOM && !utf8.Valid(raw) {
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	}
	if enc == nil {
		raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(raw) {
			line, col := firstInvalidUTF8(raw)
			return "", gis.Errorf(gis.EINVALID, "tệp không phải UTF-8 ở dòng %d, cột %d (not valid UTF-8 at line %d, byte %d): hãy ghi \"csv\": {\"encoding\": \"windows-1252\"} (hoặc iso-8859-1) trong tệp ánh xạ (set the encoding in the mapping)", line, col, line, col)
		}
		return string(raw), nil
	}
	if _, isCharmap := enc.(*charmap.Charmap); isCharmap {
		if hasUTF8BOM {
			return "", gis.Errorf(gis.EINVALID, "tệp có dấu BOM UTF-8 nhưng ánh xạ ghi %s (the file starts with a UTF-8 byte-order mark but the mapping says %s): bỏ csv.encoding (remove csv.encoding)", name, name)
		}
		if looksUTF8(raw) {
			return "", gis.Errorf(gis.EINVALID, "tệp trông như UTF-8 nhưng ánh xạ ghi %s (the file looks like UTF-8 text but the mapping says %s; reading it so would garble every accented letter): bỏ csv.encoding (remove csv.encoding)", name, name)
		}
	}
	out, err := io.ReadAll(transform.NewReader(bytes.NewReader(raw), enc.NewDecoder()))
	if err != nil {
		return "", gis.Errorf(gis.EINVALID, "không giải mã được tệp theo %s (cannot decode the file as %s): %v", name, name, err)
	}
	return strings.TrimPrefix(string(out), "\ufeff"), nil
}

// looksUTF8 reports whether raw is valid UTF-8 with at least one multi-byte
// character: single-byte text (Windows-1252) almost never is.
func looksUTF8(raw []byte) bool {
	if !utf8.Valid(raw) {
		return false
	}
	for _, b := range raw {
		if b >= 0x80 {
			return true
		}
	}
	return false
}

func firstInvalidUTF8(b []byte) (line, col int) {
	line, start := 1, 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, i - start + 1
		}
		if b[i] == '\n' {
			line++
			start = i + 1
		}
		i += size
	}
	return line, 0
}

// sniffDelimiter picks the delimiter that splits the header line into the
// most fields, outside quotes; "," on a tie.
func sniffDelimiter(text string) rune {
	line := text
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		line = text[:i]
	}
	best, bestN := ',', 0
	for _, c := range []rune{',', ';', '\t', '|'} {
		n, quoted := 0, false
		for _, r := range line {
			if r == '"' {
				quoted = !quoted
			} else if r == c && !quoted {
				n++
			}
		}
		if n > bestN {
			best, bestN = c, n
		}
	}
	return best
}

func delimiterName(c rune) string {
	switch c {
	case '\t':
		return "tab"
	case 0:
		return ","
	}
	return string(c)
}
