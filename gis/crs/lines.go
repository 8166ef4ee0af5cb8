package crs

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
)

// maxLine is the longest input line ConvertLines accepts.
const maxLine = 1 << 20

// ConvertLines streams "x y [rest]" lines from r to w through t, the format
// of `wardmap crs convert`. Fields are separated by spaces or tabs; blank
// lines and lines starting with '#' are skipped; anything after the second
// field is copied after the converted pair. Output is "x y" with 8 decimals
// for degrees and 4 for metres (both about 0.1 mm).
//
// A line that cannot be converted stops the stream with an error wrapping
// ErrBadLine that names its 1-based line number: lines before it have been
// written, nothing after it is, and no placeholder is ever written for it.
func ConvertLines(r io.Reader, w io.Writer, t *Transform) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	bw := bufio.NewWriter(w)
	prec := t.to.Decimals()
	var out []byte
	n := 0
	for sc.Scan() {
		n++
		var err error
		out, err = convertLine(out[:0], sc.Bytes(), t, prec)
		if err != nil {
			_ = bw.Flush() // the lines before are good; the error is what matters
			return fmt.Errorf("%w %d: %w", ErrBadLine, n, err)
		}
		if _, err := bw.Write(out); err != nil {
			return fmt.Errorf("crs: write: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		_ = bw.Flush()
		return fmt.Errorf("%w %d: %w", ErrBadLine, n+1, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("crs: write: %w", err)
	}
	return nil
}

// convertLine appends the converted line (with its newline) to dst, or
// leaves dst as it was for blank and comment lines.
func convertLine(dst, line []byte, t *Transform, prec int) ([]byte, error) {
	line = bytes.TrimRight(line, " \t\r")
	fx, rest := nextField(line)
	if len(fx) == 0 || fx[0] == '#' {
		return dst, nil
	}
	fy, rest := nextField(rest)
	if len(fy) == 0 {
		return dst, fmt.Errorf("want two coordinates, got %q", clip(line))
	}
	x, err := parseCoord(fx)
	if err != nil {
		return dst, err
	}
	y, err := parseCoord(fy)
	if err != nil {
		return dst, err
	}
	ox, oy, err := t.Forward(x, y)
	if err != nil {
		return dst, err
	}
	dst = strconv.AppendFloat(dst, ox, 'f', prec, 64)
	dst = append(dst, ' ')
	dst = strconv.AppendFloat(dst, oy, 'f', prec, 64)
	if rest = bytes.TrimLeft(rest, " \t"); len(rest) > 0 {
		dst = append(dst, ' ')
		dst = append(dst, rest...)
	}
	return append(dst, '\n'), nil
}

// nextField splits off the first space- or tab-separated field.
func nextField(s []byte) (field, rest []byte) {
	s = bytes.TrimLeft(s, " \t")
	i := bytes.IndexAny(s, " \t")
	if i < 0 {
		return s, nil
	}
	return s[:i], s[i:]
}

// parseCoord reads a decimal number; NaN and infinities are refused here
// rather than left to the range checks, so the message names the field.
func parseCoord(f []byte) (float64, error) {
	v, err := strconv.ParseFloat(string(f), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("not a coordinate: %q", clip(f))
	}
	return v, nil
}

// clip shortens long input quoted in error messages.
func clip(b []byte) []byte {
	if len(b) > 40 {
		return append(b[:37:37], "..."...)
	}
	return b
}
