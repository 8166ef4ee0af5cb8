package inventory

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// A GeoJSON feature without encoding/json's reflection.
//
// The decoder has already checked the feature's syntax, so a scanner that
// only finds where values start and end reads it: the top-level type,
// properties and geometry members, each property's text, and a Point
// geometry's two numbers. Anything unusual (a member spelled in another
// case or given twice, a property that is not an object, a geometry other
// than a plain Point) goes to the encoding/json path, so the result is always the same as
// parseFeatureSlow's; FuzzParseFeature holds the two together.

// parseFeatureFast reads one syntactically valid feature; ok is false
// when it leaves the feature to encoding/json.
func parseFeatureFast(raw []byte) (pf parsedFeature, ok bool) {
	return parseFeatureFastIn(raw, nil)
}

// parseFeatureFastIn is parseFeatureFast taking property names from
// names (nil: allocate each): a file repeats the same few names on every
// feature, a string each that the table keeps for nothing but the column
// lookup.
func parseFeatureFastIn(raw []byte, names *interner) (pf parsedFeature, ok bool) {
	s := scanner{b: raw, names: names}
	s.ws()
	if !s.eat('{') {
		return pf, false
	}
	var typ string
	var seen [3]bool
	var geom []byte
	s.ws()
	if s.eat('}') {
		return pf, false
	}
	for {
		s.ws()
		key, ok := s.key()
		if !ok {
			return pf, false
		}
		s.ws()
		if !s.eat(':') {
			return pf, false
		}
		s.ws()
		slot, ok := memberSlot(key)
		if !ok {
			return pf, false
		}
		if slot >= 0 {
			if seen[slot] {
				return pf, false
			}
			seen[slot] = true
		}
		start := s.i
		switch slot {
		case 0:
			if typ, ok = s.str(); !ok {
				return pf, false
			}
		case 1:
			if s.peek() == 'n' {
				if !s.skip() {
					return pf, false
				}
				break
			}
			if !s.properties(&pf) {
				return pf, false
			}
		default:
			if !s.skip() {
				return pf, false
			}
			if slot == 2 {
				geom = raw[start:s.i]
			}
		}
		s.ws()
		if s.eat(',') {
			continue
		}
		if s.eat('}') {
			break
		}
		return pf, false
	}
	if typ != "Feature" {
		return parsedFeature{bad: notFeature(typ)}, true
	}
	g, gok, err := fastGeometry(geom)
	if !gok {
		g, err = decodeGeometry(geom)
	}
	if err != nil {
		pf.badGeom = err.Error()
	}
	pf.geom = g
	return pf, true
}

// memberSlot is where a Feature's member goes: 0 type, 1 properties,
// 2 geometry, -1 any other. A member spelt in another case ("Type") is not
// ok here: encoding/json would match it, so the slow path decides.
func memberSlot(key string) (slot int, ok bool) {
	switch key {
	case "type":
		return 0, true
	case "properties":
		return 1, true
	case "geometry":
		return 2, true
	}
	folded := strings.EqualFold(key, "type") || strings.EqualFold(key, "properties") || strings.EqualFold(key, "geometry")
	return -1, !folded
}

type scanner struct {
	b     []byte
	i     int
	names *interner
}

// interner hands out one string for each property name a parser meets.
type interner struct {
	m map[string]string
	// last is how many properties the last feature had.
	last int
}

// maxInterned bounds an interner: a file with more names than this (a
// property per feature) allocates the rest.
const maxInterned = 4096

func newInterner() *interner { return &interner{m: make(map[string]string, 64)} }

// name is b as a string, the interned one when there is one.
func (in *interner) name(b []byte) string {
	if in == nil {
		return string(b)
	}
	if k, ok := in.m[string(b)]; ok {
		return k
	}
	k := string(b)
	if len(in.m) < maxInterned {
		in.m[k] = k
	}
	return k
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// key reads a property name: str, through the scanner's interner.
func (s *scanner) key() (string, bool) {
	if s.names == nil || s.peek() != '"' {
		return s.str()
	}
	start := s.i + 1
	for j := start; j < len(s.b); j++ {
		c := s.b[j]
		if c == '"' {
			s.i = j + 1
			return s.names.name(s.b[start:j]), true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break // escapes, control bytes, UTF-8: str's checks
		}
	}
	return s.str()
}

// str reads a string. One with escapes ("\/" is common) or invalid UTF-8
// is unquoted by encoding/json, alone.
func (s *scanner) str() (string, bool) {
	if !s.eat('"') {
		return "", false
	}
	start := s.i
	plain := true
	for s.i < len(s.b) {
		c := s.b[s.i]
		if c == '"' {
			break
		}
		switch {
		case c == '\\':
			plain = false
			s.i += 2
			continue
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			plain = false
		}
		s.i++
	}
	if s.i >= len(s.b) {
		return "", false
	}
	v := s.b[start:s.i]
	s.i++
	if plain || (utf8.Valid(v) && bytes.IndexByte(v, '\\') < 0) {
		return string(v), true
	}
	var out string
	if json.Unmarshal(s.b[start-1:s.i], &out) != nil {
		return "", false
	}
	return out, true
}

// skip passes over one valid JSON value.
func (s *scanner) skip() bool {
	depth := 0
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			s.i++
			for s.i < len(s.b) && s.b[s.i] != '"' {
				if s.b[s.i] == '\\' {
					s.i++
				}
				s.i++
			}
			if s.i >= len(s.b) {
				return false
			}
			if depth == 0 {
				s.i++
				return true
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return true // the enclosing value's end: a scalar ended
			}
			if depth--; depth == 0 {
				s.i++
				return true
			}
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return true
			}
		}
		s.i++
	}
	return depth == 0
}

// properties reads an object of properties into pf, each value as
// jsonText gives it.
func (s *scanner) properties(pf *parsedFeature) bool {
	if !s.eat('{') {
		return false
	}
	s.ws()
	if s.eat('}') {
		return true
	}
	if s.names != nil && pf.keys == nil {
		// Features of a file have the same properties: as many as the last.
		n := max(s.names.last, 4)
		pf.keys, pf.vals = make([]string, 0, n), make([]string, 0, n)
		defer func() { s.names.last = len(pf.keys) }()
	}
	for {
		s.ws()
		k, ok := s.key()
		if !ok {
			return false
		}
		s.ws()
		if !s.eat(':') {
			return false
		}
		s.ws()
		var v string
		switch s.peek() {
		case '"':
			if v, ok = s.str(); !ok {
				return false
			}
		case 'n':
			if !bytes.HasPrefix(s.b[s.i:], []byte("null")) {
				return false
			}
			s.i += 4
		default:
			start := s.i
			if !s.skip() {
				return false
			}
			v = string(s.b[start:s.i])
		}
		pf.keys = append(pf.keys, k)
		pf.vals = append(pf.vals, v)
		s.ws()
		if s.eat(',') {
			continue
		}
		return s.eat('}')
	}
}

// fastGeometry reads {"type": "Point", "coordinates": [x, y]} (in either
// member order, nothing else in it); ok is false for anything else.
func fastGeometry(raw []byte) (orb.Geometry, bool, error) {
	s := scanner{b: raw}
	s.ws()
	if s.peek() == 'n' || s.i == len(raw) {
		return nil, false, nil
	}
	if !s.eat('{') {
		return nil, false, nil
	}
	var typ string
	var p orb.Point
	var sawType, sawCoords bool
	for {
		s.ws()
		key, ok := s.str()
		if !ok {
			return nil, false, nil
		}
		s.ws()
		if !s.eat(':') {
			return nil, false, nil
		}
		s.ws()
		switch {
		case key == "type" && !sawType:
			sawType = true
			if typ, ok = s.str(); !ok || typ != "Point" {
				return nil, false, nil
			}
		case key == "coordinates" && !sawCoords:
			sawCoords = true
			if !s.eat('[') {
				return nil, false, nil
			}
			for j := range 2 {
				s.ws()
				start := s.i
				for s.i < len(raw) && strings.IndexByte("+-.0123456789eE", raw[s.i]) >= 0 {
					s.i++
				}
				x, err := strconv.ParseFloat(string(raw[start:s.i]), 64)
				if err != nil {
					return nil, false, nil
				}
				p[j] = x
				s.ws()
				if j == 0 && !s.eat(',') {
					return nil, false, nil
				}
			}
			if !s.eat(']') {
				return nil, false, nil // a third coordinate: the slow path
			}
		default:
			return nil, false, nil
		}
		s.ws()
		if s.eat(',') {
			continue
		}
		if s.eat('}') && sawType && sawCoords {
			s.ws()
			if s.i == len(raw) {
				return p, true, nil
			}
		}
		return nil, false, nil
	}
}

// parseFeatureSlow is the encoding/json reading of a feature.
func parseFeatureSlow(raw []byte) parsedFeature {
	var rf rawFeature
	if err := json.Unmarshal(raw, &rf); err != nil {
		return parsedFeature{bad: "đối tượng không đọc được (unreadable feature): " + err.Error()}
	}
	if rf.Type != "Feature" {
		return parsedFeature{bad: notFeature(rf.Type)}
	}
	pf := parsedFeature{keys: make([]string, 0, len(rf.Properties)), vals: make([]string, 0, len(rf.Properties))}
	for k, v := range rf.Properties {
		pf.keys = append(pf.keys, k)
		pf.vals = append(pf.vals, jsonText(v))
	}
	g, err := decodeGeometry(rf.Geometry)
	if err != nil {
		pf.badGeom = err.Error()
	}
	pf.geom = g
	return pf
}

func notFeature(typ string) string {
	return "không phải Feature (type " + strconv.Quote(typ) + " is not Feature)"
}
