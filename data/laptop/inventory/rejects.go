package inventory

import (
	"encoding/csv"
	"io"
	"strconv"
)

// WriteRejections writes every rejected row as CSV (record, line,
// source_id, x, y, reason, message): the file `import features --rejects`
// leaves for whoever fixes the source.
func (r *Result) WriteRejections(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"record", "line", "source_id", "x", "y", "reason", "message"}); err != nil {
		return err
	}
	for _, x := range r.Rejected {
		line := ""
		if x.Line > 0 {
			line = strconv.Itoa(x.Line)
		}
		if err := cw.Write([]string{strconv.Itoa(x.Record), line, x.SourceID, x.X, x.Y, x.Reason, x.Message}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
