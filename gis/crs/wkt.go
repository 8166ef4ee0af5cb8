package crs

import (
	"fmt"
	"strconv"
	"strings"
)

// wktNode is one WKT element: KEYWORD[arg, arg, …]. An argument is a
// quoted string (str), a number or bare word (word) or a nested element.
type wktNode struct {
	key  string // upper case
	args []wktArg
}

type wktArg struct {
	node   *wktNode
	str    string
	quoted bool
}

// Limits keep a hostile definition from costing more than a real one.
const (
	maxWKTLen   = 64 << 10
	maxWKTDepth = 32
)

type wktParser struct {
	s   string
	pos int
}

// parseWKT reads one WKT element (WKT1 in OGC or ESRI flavour, or WKT2);
// brackets and parentheses are both accepted, as the standard allows.
func parseWKT(s string) (*wktNode, error) {
	if len(s) > maxWKTLen {
		return nil, fmt.Errorf("WKT longer than %d bytes", maxWKTLen)
	}
	p := &wktParser{s: s}
	n, err := p.node(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.s) {
		return nil, p.errorf("text after the definition")
	}
	return n, nil
}

func (p *wktParser) errorf(format string, a ...any) error {
	return fmt.Errorf("WKT at byte %d: %s", p.pos+1, fmt.Sprintf(format, a...))
}

func (p *wktParser) space() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '.' || c == '-' || c == '+'
}

func (p *wktParser) word() string {
	p.space()
	start := p.pos
	for p.pos < len(p.s) && isWordByte(p.s[p.pos]) {
		p.pos++
	}
	return p.s[start:p.pos]
}

func (p *wktParser) node(depth int) (*wktNode, error) {
	if depth > maxWKTDepth {
		return nil, p.errorf("nested more than %d deep", maxWKTDepth)
	}
	key := p.word()
	if key == "" {
		return nil, p.errorf("a keyword expected")
	}
	p.space()
	if p.pos >= len(p.s) || (p.s[p.pos] != '[' && p.s[p.pos] != '(') {
		return nil, p.errorf("'[' expected after %s", key)
	}
	closer := byte(']')
	if p.s[p.pos] == '(' {
		closer = ')'
	}
	p.pos++
	n := &wktNode{key: strings.ToUpper(key)}
	for {
		a, err := p.arg(depth)
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, a)
		p.space()
		if p.pos >= len(p.s) {
			return nil, p.errorf("%s is not closed", n.key)
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case closer:
			p.pos++
			return n, nil
		default:
			return nil, p.errorf("',' or '%c' expected in %s", closer, n.key)
		}
	}
}

func (p *wktParser) arg(depth int) (wktArg, error) {
	p.space()
	if p.pos >= len(p.s) {
		return wktArg{}, p.errorf("unexpected end")
	}
	if p.s[p.pos] == '"' {
		var b strings.Builder
		p.pos++
		for {
			i := strings.IndexByte(p.s[p.pos:], '"')
			if i < 0 {
				return wktArg{}, p.errorf("unterminated string")
			}
			b.WriteString(p.s[p.pos : p.pos+i])
			p.pos += i + 1
			if p.pos < len(p.s) && p.s[p.pos] == '"' { // "" is a quote
				b.WriteByte('"')
				p.pos++
				continue
			}
			return wktArg{str: b.String(), quoted: true}, nil
		}
	}
	start := p.pos
	w := p.word()
	if w == "" {
		return wktArg{}, p.errorf("a value expected")
	}
	p.space()
	if p.pos < len(p.s) && (p.s[p.pos] == '[' || p.s[p.pos] == '(') {
		p.pos = start
		n, err := p.node(depth + 1)
		return wktArg{node: n}, err
	}
	return wktArg{str: w}, nil
}

// name is the first argument as text.
func (n *wktNode) name() string {
	if n == nil || len(n.args) == 0 || n.args[0].node != nil {
		return ""
	}
	return n.args[0].str
}

// num returns argument i as a number.
func (n *wktNode) num(i int) (float64, error) {
	if i >= len(n.args) || n.args[i].node != nil || n.args[i].quoted {
		return 0, fmt.Errorf("%s: number %d missing", n.key, i)
	}
	v, err := strconv.ParseFloat(n.args[i].str, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a number", n.key, n.args[i].str)
	}
	return v, nil
}

// child returns the first nested element with one of keys.
func (n *wktNode) child(keys ...string) *wktNode {
	if n == nil {
		return nil
	}
	for _, a := range n.args {
		if a.node != nil {
			for _, k := range keys {
				if a.node.key == k {
					return a.node
				}
			}
		}
	}
	return nil
}

// children returns every nested element with key.
func (n *wktNode) children(key string) []*wktNode {
	var out []*wktNode
	for _, a := range n.args {
		if a.node != nil && a.node.key == key {
			out = append(out, a.node)
		}
	}
	return out
}

// epsgID returns the EPSG code of n's AUTHORITY (WKT1) or ID (WKT2), 0 if
// none.
func (n *wktNode) epsgID() int {
	id := n.child("AUTHORITY", "ID")
	if id == nil || len(id.args) < 2 || !strings.EqualFold(id.name(), "EPSG") {
		return 0
	}
	v, err := strconv.Atoi(strings.TrimSpace(id.args[1].str))
	if err != nil || v <= 0 {
		return 0
	}
	return v
}
