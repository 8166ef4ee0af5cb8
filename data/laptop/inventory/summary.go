package inventory

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"wardmap/gis"
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

// NothingImported is the error of an import that put none of the file's
// records in the database: a file without records, or one whose every
// row was rejected. It is nil when something was imported, for a dry run
// of a file with records, and when rows were rejected as duplicates of
// records already stored (a re-import rightly adds nothing). A script
// sees a failure instead of a silent success. rejects is the --rejects
// file written, or "".
func (r *Result) NothingImported(rejects string) error {
	if r.Read == 0 {
		return gis.Errorf(gis.EINVALID, "%s: tệp không có bản ghi nào, không nhập gì (the file holds no records; nothing was imported)", r.File)
	}
	by := r.ByReason()
	if r.DryRun || r.Imported > 0 || by[ReasonDuplicate] > 0 {
		return nil
	}
	reasons := sortedKeys(by)
	slices.SortStableFunc(reasons, func(a, b string) int { return cmp.Compare(by[b], by[a]) })
	for i, reason := range reasons {
		reasons[i] = fmt.Sprintf("%s %d", reason, by[reason])
	}
	see := "ghi mọi dòng bị loại bằng --rejects FILE.csv (write every rejected row with --rejects FILE.csv)"
	if rejects != "" {
		see = "mọi dòng bị loại ở (every rejected row is in) " + rejects
	}
	return gis.Errorf(gis.EINVALID, "không nhập được bản ghi nào: cả %d bản ghi đọc được đều bị loại (nothing was imported: all %d records read were rejected): %s; %s",
		r.Read, r.Read, strings.Join(reasons, ", "), see)
}
