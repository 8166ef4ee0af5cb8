package ward

import (
	"context"
	"errors"
	"fmt"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
	"wardmap/gis/osmimport"
)

// ImportOSM brings an OSM file's street segments, addresses and basemap
// into s in one transaction: a file that cannot be read whole (a truncated
// download) changes nothing, and the error says so. A re-import keeps the
// segments' ids and what people set on them. progress, when set, is told
// what has been written every few thousand records.
func ImportOSM(ctx context.Context, s *gpkg.Store, path string, opt osmimport.Options, progress func(gpkg.OSMResult)) (gpkg.OSMResult, osmimport.Stats, error) {
	im, err := s.NewOSMImport(ctx)
	if err != nil {
		return gpkg.OSMResult{}, osmimport.Stats{}, err
	}
	defer im.Close()
	im.Progress = progress
	st, err := osmimport.ReadFile(ctx, path, opt, im)
	if err != nil {
		return im.Result(), st, osmError(path, err)
	}
	res, err := im.Commit()
	return res, st, err
}

// osmError explains why reading the file failed; the database is unchanged.
func osmError(src string, err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("đã hủy, cơ sở dữ liệu không đổi (cancelled; the database is unchanged)")
	}
	why := "tệp hỏng hoặc bị cắt cụt (corrupt or truncated file)"
	switch {
	case errors.Is(err, osmimport.ErrFormat):
		why = "không nhận ra định dạng; dùng .osm, .osm.gz hoặc .osm.pbf (unknown format; use .osm, .osm.gz or .osm.pbf)"
	case errors.Is(err, osmimport.ErrUnsorted):
		why = "tệp chưa sắp xếp: điểm nằm sau đường; chạy `osmium sort` trước (file not sorted: nodes after ways; run `osmium sort` first)"
	}
	return gis.Errorf(gis.EINVALID, "không nhập được %s: %s; cơ sở dữ liệu không đổi (cannot import; the database is unchanged): %v", src, why, err)
}

// OSMSummary is what an OSM import wrote and what its reader met, a line
// each as `wardmap import osm` prints them: segments new, updated,
// unchanged and removed; those a person deleted, kept deleted; addresses,
// basemap polygons, multipolygons built and broken; what was skipped and
// the nodes the extract lacks. A line that would say 0 of something
// rare is left out.
func OSMSummary(res gpkg.OSMResult, st osmimport.Stats) []string {
	lines := []string{
		fmt.Sprintf("đoạn đường (street segments): %d mới (new), %d cập nhật (updated), %d không đổi (unchanged), %d bị xóa (removed)",
			res.SegmentsNew, res.SegmentsUpdated, res.SegmentsUnchanged, res.SegmentsRemoved),
		fmt.Sprintf("tổng đoạn đường từ OSM (segments in file): %d; tuyến OSM (OSM ways): %d", res.Segments(), st.StreetWays),
	}
	if res.SegmentsKeptDeleted > 0 {
		lines = append(lines, fmt.Sprintf("giữ nguyên đã xóa (kept deleted by a user): %d", res.SegmentsKeptDeleted))
	}
	lines = append(lines,
		fmt.Sprintf("địa chỉ (addresses): %d", res.Addresses),
		fmt.Sprintf("vùng nền bản đồ (basemap polygons): %d", res.Polygons),
		fmt.Sprintf("quan hệ multipolygon dựng được (multipolygon relations built): %d", st.Multipolygons))
	if st.BrokenMultipolygons > 0 {
		lines = append(lines, fmt.Sprintf("quan hệ multipolygon hỏng, bỏ qua (broken multipolygon relations, skipped): %d — %d thiếu thành viên ngoài vùng trích (members missing from the extract), %d vòng không khép (rings that do not close)",
			st.BrokenMultipolygons, st.MultipolygonsMissingMembers, st.MultipolygonsOpenRings))
	}
	return append(lines,
		fmt.Sprintf("bỏ qua (skipped): %d không hợp lệ (invalid), %d ngoài ranh giới (outside the boundary)", res.Skipped, st.OutsideBoundary),
		fmt.Sprintf("nút thiếu (missing nodes): %d tham chiếu (references), %d tuyến không đủ (incomplete ways)", st.MissingNodeRefs, st.IncompleteWays))
}
