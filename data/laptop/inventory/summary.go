package inventory

import (
	"fmt"
	"io"
	"strings"
)

// ShownPerReason is how many rejected rows of each reason WriteSummary
// lists; WriteRejections writes them all.
const ShownPerReason = 5

// WriteSummary tells a person what the import did: the source fields
// left out, the warnings, in a dry run the first records as they would be
// stored, the first ShownPerReason rejected rows of each reason, and a
// closing line of counts with every reason and how many rows of it were
// not listed.
func (r *Result) WriteSummary(w io.Writer) {
	if len(r.Unused) > 0 {
		fmt.Fprintf(w, "Trường không dùng (source fields not imported): %s\n", strings.Join(r.Unused, ", "))
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "%s: cảnh báo (warning): %s\n", r.File, warn)
	}
	if r.DryRun && len(r.Sample) > 0 {
		fmt.Fprintf(w, "Các bản ghi đầu tiên như sẽ lưu (the first records as they would be stored):\n")
		for i, f := range r.Sample {
			fmt.Fprintf(w, "  %d. %s\n", i+1, f.Describe())
		}
	}
	shown := map[string]int{}
	for _, x := range r.Rejected {
		if shown[x.Reason]++; shown[x.Reason] <= ShownPerReason {
			fmt.Fprintf(w, "%s: %s: [%s] %s\n", r.File, x.where(), x.Reason, x.Message)
		}
	}
	verb := "Đã nhập (imported)"
	if r.DryRun {
		verb = "Chạy thử, sẽ nhập (dry run, would import)"
	}
	fmt.Fprintf(w, "%s %d %s từ (from) %s (%s, %s); đọc (read) %d, loại (rejected) %d", verb, r.Imported, r.Kind, r.File, r.Format, r.CRS, r.Read, len(r.Rejected))
	by := r.ByReason()
	for i, reason := range sortedKeys(by) {
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(w, "%s%s %d", sep, reason, by[reason])
		if by[reason] > ShownPerReason {
			fmt.Fprintf(w, ", %d không liệt kê ở trên (not listed above)", by[reason]-ShownPerReason)
		}
	}
	fmt.Fprintln(w)
	if r.Approximate > 0 {
		fmt.Fprintf(w, "%d bản ghi chung một điểm theo địa chỉ, đánh dấu vị trí gần đúng (records share an address-level point: flagged position_approximate)\n", r.Approximate)
	}
	if r.Fallback > 0 {
		fmt.Fprintf(w, "%d bản ghi lấy vị trí dự phòng của ánh xạ (records placed by the mapping's geometry fallback)\n", r.Fallback)
	}
}

// where names a rejected row as a person finds it in the file.
func (x *Rejection) where() string {
	s := fmt.Sprintf("bản ghi (record) %d", x.Record)
	if x.Line > 0 {
		s += fmt.Sprintf(", dòng (line) %d", x.Line)
	}
	if x.SourceID != "" {
		s += ", id " + x.SourceID
	}
	return s
}
