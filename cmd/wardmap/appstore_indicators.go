package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"

	"github.com/google/renameio/v2"

	"wardmap/app"
	"wardmap/data/report"
	"wardmap/gis"
	"wardmap/gis/indicator"
)

// The dashboard reaches the store through app.IndicatorStore; AddEntry is
// the GeoPackage store's own (the same checks as `wardmap indicators
// report`).
var _ app.IndicatorStore = appStore{}

// Dashboard computes what `wardmap indicators --scope tdp` prints for p on
// day today, and the ward's trend over the quarters the report charts.
func (s appStore) Dashboard(ctx context.Context, p indicator.Period, today gis.Date) (*app.DashboardData, error) {
	cat, in, err := s.IndicatorInput(ctx, p, today)
	if err != nil {
		return nil, err
	}
	b := indicator.Compute(cat, in, p, indicator.Options{PerTDP: true})
	return &app.DashboardData{Catalogue: cat, Board: b, Trend: trend(cat, in, p, b.AsOf)}, nil
}

// WriteReport writes the period's report as `wardmap report --out path`
// does (the ward's unit as issuer), atomically: a failure leaves no file
// and an earlier one untouched.
func (s appStore) WriteReport(ctx context.Context, p indicator.Period, today gis.Date, path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".pdf" && ext != ".xlsx" {
		return gis.Errorf(gis.EINVALID, "báo cáo cần tên tệp .pdf hoặc .xlsx, không phải %q (the report needs a .pdf or .xlsx file)", path)
	}
	r, err := buildReport(ctx, s.Store, p, today, ext == ".pdf")
	if err != nil {
		return err
	}
	r.Unit = report.DefaultUnit
	var buf bytes.Buffer
	if ext == ".pdf" {
		err = report.WritePDF(&buf, r)
	} else {
		err = report.WriteXLSX(&buf, r)
	}
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := renameio.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return gis.Errorf(gis.EINVALID, "không ghi được %s (cannot write): %v", path, err)
	}
	return nil
}
