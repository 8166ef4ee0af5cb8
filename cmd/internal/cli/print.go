package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Table prints aligned columns under a header of "VIỆT (ENGLISH)" titles:
// every list a command prints on a terminal.
type Table struct{ tw *tabwriter.Writer }

// NewTable starts a table on w with the header row head.
func NewTable(w io.Writer, head ...string) *Table {
	t := Headless(w)
	fmt.Fprintln(t.tw, strings.Join(head, "\t"))
	return t
}

// Headless is a table without a header row, for lists whose columns speak
// for themselves.
func Headless(w io.Writer) *Table { return &Table{tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)} }

// Row adds one line; each cell is printed as fmt.Sprint prints it.
func (t *Table) Row(cells ...any) {
	for i, c := range cells {
		if i > 0 {
			io.WriteString(t.tw, "\t")
		}
		fmt.Fprint(t.tw, c)
	}
	io.WriteString(t.tw, "\n")
}

// Flush writes the aligned table out; nothing is printed before it.
func (t *Table) Flush() error { return t.tw.Flush() }

// OrDash is s, or "—" for nothing.
func OrDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// PrintJSON writes v as indented JSON, the form every --json prints.
func PrintJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
