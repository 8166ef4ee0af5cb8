package crs_test

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"wardmap/gis/crs"
)

func TestConvertLines(t *testing.T) {
	cases := []struct {
		name, from, to, in, want string
	}{
		{
			name: "WGS 84 to Hai Phong zone, 4 decimals",
			from: "4326", to: "9210",
			in:   "106.63 20.82\n",
			want: "591400.6608 2303276.8718\n",
		},
		{
			name: "metres to degrees, 8 decimals",
			from: "9210", to: "4326",
			in:   "591400.6608 2303276.8718\n",
			want: "106.63000000 20.82000000\n",
		},
		{
			name: "blank lines and comments skipped",
			from: "4326", to: "9210",
			in:   "# header\n\n   \n  # indented comment\n106.63 20.82\n",
			want: "591400.6608 2303276.8718\n",
		},
		{
			name: "extra columns kept after the pair",
			from: "4326", to: "3405",
			in:   "106.63\t20.82  12.5 cot-17 # note\n",
			want: "669426.8672 2303192.7279 12.5 cot-17 # note\n",
		},
		{
			name: "CRLF, tabs and surrounding spaces",
			from: "4326", to: "9210",
			in:   "  106.6\t20.8 \r\n106.66 20.84\r\n",
			want: "588289.5538 2301045.8685\n594510.9510 2305508.4884\n",
		},
		{
			name: "no final newline",
			from: "4326", to: "4756",
			in:   "106.63 20.82",
			want: "106.62812204 20.82099544\n",
		},
		{
			name: "empty input",
			from: "4326", to: "9210",
			in:   "",
			want: "",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			err := crs.ConvertLines(strings.NewReader(c.in), &out, mustTransform(t, c.from, c.to))
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != c.want {
				t.Errorf("got %q, want %q", out.String(), c.want)
			}
		})
	}
}

func TestConvertLinesErrors(t *testing.T) {
	cases := []struct {
		name, in, line, wantOut string
		outOfRange              bool
	}{
		{"one field", "106.63 20.82\n106.63\n", "line 2:", "591400.6608 2303276.8718\n", false},
		{"not a number", "# c\n\n106.6x 20.8\n", "line 3:", "", false},
		{"NaN", "NaN 20.8\n", "line 1:", "", false},
		{"infinity", "106.6 +Inf\n", "line 1:", "", false},
		{"overflow", "106.6 1e400\n", "line 1:", "", false},
		{"latitude 95", "106.63 20.82\n106.6 95\n106.6 20.8\n", "line 2:", "591400.6608 2303276.8718\n", true},
		{"longitude -200", "-200 20\n", "line 1:", "", true},
		{"line too long", "106.6 20.8 " + strings.Repeat("x", 2<<20) + "\n", "line 1:", "", false},
	}
	tr := mustTransform(t, "4326", "9210")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			err := crs.ConvertLines(strings.NewReader(c.in), &out, tr)
			if !errors.Is(err, crs.ErrBadLine) || !strings.Contains(err.Error(), c.line) {
				t.Fatalf("got %v, want ErrBadLine naming %q", err, c.line)
			}
			if errors.Is(err, crs.ErrOutOfRange) != c.outOfRange {
				t.Errorf("ErrOutOfRange in %v: want %v", err, c.outOfRange)
			}
			if out.String() != c.wantOut {
				t.Errorf("output %q, want only the lines before: %q", out.String(), c.wantOut)
			}
		})
	}
}

// failWriter refuses every write, as a closed pipe would.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("pipe closed") }

func TestConvertLinesWriteError(t *testing.T) {
	err := crs.ConvertLines(strings.NewReader("106.63 20.82\n"), failWriter{}, mustTransform(t, "4326", "9210"))
	if err == nil || !strings.Contains(err.Error(), "pipe closed") {
		t.Fatalf("got %v, want the write error", err)
	}
}

// FuzzConvertLines feeds arbitrary text. Whatever happens it must not panic;
// on success every data line gives one line of two finite numbers with the
// right decimals, and points near the zone come back to where they started;
// on failure the error names a line.
func FuzzConvertLines(f *testing.F) {
	for _, s := range []string{
		"106.63 20.82\n", "# c\n\n106.6 20.8 extra cols\n", "106.6\n", "NaN 1",
		"106.6 95", "1e400 0", "-180 -90\r\n180 90\n", "0x1p4 20", "\t\t", "#", " 1 2 3 4",
	} {
		f.Add(s)
	}
	tr := mustTransform(f, "4326", "9210")
	back := tr.Inverse()
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		err := crs.ConvertLines(strings.NewReader(in), &out, tr)
		if err != nil {
			if !errors.Is(err, crs.ErrBadLine) || !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error %v does not name a line", err)
			}
			return
		}
		inLines := dataLines(in)
		outLines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if out.Len() == 0 {
			outLines = nil
		}
		if len(outLines) != len(inLines) {
			t.Fatalf("%d data lines in, %d out: %q", len(inLines), len(outLines), out.String())
		}
		for i, l := range outLines {
			f := strings.Fields(l)
			if len(f) < 2 {
				t.Fatalf("output line %q", l)
			}
			e, n := parseFixed(t, f[0], 4), parseFixed(t, f[1], 4)
			lon, lat, err := back.Forward(e, n)
			x, y := inLines[i][0], inLines[i][1]
			if math.Abs(x-105.75) > 10 || math.Abs(y) > 80 {
				continue // far out the 0.1 mm rounding is worth more than 1e-8°
			}
			if err != nil || math.Abs(lon-x) > 1e-8 || math.Abs(lat-y) > 1e-8 {
				t.Fatalf("%v,%v → %q → %v,%v (%v)", x, y, l, lon, lat, err)
			}
		}
	})
}

// dataLines returns the first two numbers of the non-blank, non-comment
// lines, as ConvertLines should have read them.
func dataLines(in string) [][2]float64 {
	var res [][2]float64
	for _, l := range strings.Split(strings.ReplaceAll(in, "\r\n", "\n"), "\n") {
		f := strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' })
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		res = append(res, [2]float64{x, y})
	}
	return res
}

// parseFixed parses a number printed with exactly dec decimals.
func parseFixed(t *testing.T, s string, dec int) float64 {
	t.Helper()
	i := strings.IndexByte(s, '.')
	if i < 0 || len(s)-i-1 != dec {
		t.Fatalf("%q does not have %d decimals", s, dec)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		t.Fatalf("%q is not a finite number", s)
	}
	return v
}
