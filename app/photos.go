package app

import (
	"context"
	"image/color"
	"log/slog"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"wardmap/app/mapview"
	"wardmap/gis"
	"wardmap/gis/exif"
)

// PhotoStore is what the form needs to show a record's stored photos
// (Deps.Photos); without it the form shows only the photos added in the
// panel.
type PhotoStore interface {
	// AttachmentsOf lists the live attachments of a record.
	AttachmentsOf(ctx context.Context, k gis.Kind, id string) ([]*gis.Feature, error)
	// Blob reads an attachment's contents by SHA-256.
	Blob(ctx context.Context, sha string) ([]byte, error)
}

// thumbCell is the size of one photo in the form: the picture and its
// remove button.
var thumbCell = fyne.NewSize(104, 112)

// maxThumbs caps the stored photos read into the form.
const maxThumbs = 24

// hasPhotos says which kinds carry photos: every thing on the map that a
// person looks after (a broken lamp, a leaning tree), and cases.
func hasPhotos(k gis.Kind) bool {
	s := gis.MustLookup(k)
	return s.Spatial() && k != gis.Basemap && k != gis.Address
}

// loadAttached reads the selected record's stored photos.
func (in *Inspector) loadAttached() {
	in.Attached = nil
	ps := in.w.deps.Photos
	if ps == nil || in.New || in.Selected == nil {
		return
	}
	as, err := ps.AttachmentsOf(context.Background(), in.Selected.Kind, in.Selected.ID)
	if err != nil {
		slog.Warn("photos", "err", err)
		return
	}
	if len(as) > maxThumbs {
		as = as[len(as)-maxThumbs:]
	}
	in.Attached = as
}

// refreshThumbs lays out the stored photos (less those removed) and the
// files added, each opening full size on a tap.
func (in *Inspector) refreshThumbs() {
	var cells []fyne.CanvasObject
	ps := in.w.deps.Photos
	for _, a := range in.Attached {
		a := a
		if in.isRemoved(a) {
			continue
		}
		name := a.Text("filename")
		var img *canvas.Image
		if ps != nil {
			if data, err := ps.Blob(context.Background(), a.Text("sha256")); err == nil {
				img = canvas.NewImageFromResource(fyne.NewStaticResource(name, data))
			}
		}
		cells = append(cells, in.thumb(img, name, func() {
			in.removed = append(in.removed, Ref{gis.Attachment, a.ID})
			in.refreshThumbs()
			in.onEdit()
		}))
	}
	for i, p := range in.Photos {
		i := i
		img := canvas.NewImageFromFile(p)
		cells = append(cells, in.thumb(img, filepath.Base(p), func() {
			in.Photos = append(in.Photos[:i:i], in.Photos[i+1:]...)
			in.refreshThumbs()
			in.onEdit()
		}))
	}
	in.Thumbs.Objects = cells
	in.Thumbs.Refresh()
	names := ""
	for _, p := range in.Photos {
		if names != "" {
			names += "\n"
		}
		names += filepath.Base(p)
	}
	in.PhotoList.SetText(names)
}

func (in *Inspector) isRemoved(a *gis.Feature) bool {
	for _, r := range in.removed {
		if r.ID == a.ID {
			return true
		}
	}
	return false
}

// thumb is one photo: tapped, it opens full size; its button removes it
// from the record (on save; undo brings it back).
func (in *Inspector) thumb(img *canvas.Image, name string, remove func()) fyne.CanvasObject {
	var pic fyne.CanvasObject = widget.NewIcon(theme.FileImageIcon())
	if img != nil {
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScaleFastest
		pic = img
	}
	open := &tapArea{onTap: func() { in.openPhoto(img, name) }}
	open.ExtendBaseWidget(open)
	rm := &widget.Button{Icon: theme.DeleteIcon(), Text: in.w.tr.T("photos.remove"), Importance: widget.LowImportance, OnTapped: remove}
	return container.NewBorder(nil, rm, nil, nil, container.NewStack(pic, open))
}

// openPhoto shows a photo as large as the window allows.
func (in *Inspector) openPhoto(img *canvas.Image, name string) {
	if in.w.win == nil || img == nil {
		return
	}
	big := canvas.NewImageFromResource(img.Resource)
	if img.Resource == nil {
		big = canvas.NewImageFromFile(img.File)
	}
	big.FillMode = canvas.ImageFillContain
	sz := in.w.win.Canvas().Size()
	d := dialog.NewCustom(name, in.w.tr.T("button.close"), big, in.w.win)
	d.Resize(fyne.NewSize(sz.Width*0.85, sz.Height*0.85))
	d.Show()
}

// tapArea is a transparent tap target over a thumbnail.
type tapArea struct {
	widget.BaseWidget
	onTap func()
}

func (t *tapArea) Tapped(*fyne.PointEvent) { t.onTap() }

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// foundField is, per kind, the field a photo's time can fill: when the
// thing was found or received.
var foundField = map[gis.Kind]string{gis.Violation: "found_on", gis.Report: "received_at"}

// moveMin is how far (m) a photo's position must be from a point record
// for moving the point there to be offered.
const moveMin = 3

// offerExif offers what a photo says about itself: its time for the
// record's date of finding, its position for a point record's place.
// Nothing is changed unless a button is pressed; a change is an unsaved
// edit like any other.
func (in *Inspector) offerExif(path string) {
	w := in.w
	f := in.Selected
	if w.win == nil || f == nil || in.Form == nil || in.Inspection != nil {
		return
	}
	data, err := w.deps.ReadFile(path)
	if err != nil {
		return
	}
	info, err := exif.Read(data, gis.VietnamTime)
	if err != nil || (!info.HasTaken && !info.HasWhere) {
		return
	}
	t := w.tr.T
	var lines []string
	var buttons []fyne.CanvasObject
	var d *dialog.CustomDialog
	hide := func(fn func()) func() { return func() { d.Hide(); fn() } }
	if info.HasTaken {
		lines = append(lines, t("photos.exif_time", info.Taken.In(gis.VietnamTime).Format("02/01/2006 15:04")))
		if name, ok := foundField[f.Kind]; ok && in.Form.Entries[name] != nil {
			fd, _ := in.Form.Schema.Field(name)
			var v any = info.Taken.UTC()
			if fd.Type == gis.DateType {
				v = gis.DateOf(info.Taken.In(gis.VietnamTime))
			}
			e := in.Form.Entries[name]
			buttons = append(buttons, widget.NewButton(t("photos.exif_use_time"), hide(func() { e.SetText(fd.Display(v, w.tr.Lang)) })))
		}
	}
	if pt, ok := f.Geom.(orb.Point); ok && info.HasWhere {
		if dist := geo.Distance(pt, info.Where); dist >= moveMin {
			lines = append(lines, t("photos.exif_place", w.formatCoord(info.Where), dist))
			where := info.Where
			buttons = append(buttons, widget.NewButton(t("photos.exif_use_place"), hide(func() { in.moveTo(where) })))
		}
	}
	if len(lines) == 0 {
		return
	}
	msg := widget.NewLabel(joinLines(lines))
	msg.Wrapping = fyne.TextWrapWord
	buttons = append([]fyne.CanvasObject{widget.NewButton(t("photos.exif_ignore"), hide(func() {}))}, buttons...)
	d = dialog.NewCustomWithoutButtons(t("photos.exif_title"), msg, w.win)
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(440, 0))
	in.exifButtons = buttons
	d.Show()
}

// moveTo puts the panel's point record at p (saved with the form).
func (in *Inspector) moveTo(p orb.Point) {
	if in.Selected == nil {
		return
	}
	in.Selected.Geom = p
	in.moved = !in.New
	in.w.Map.SetOverlay(mapview.Overlay{Selected: p})
	in.onEdit()
}

func joinLines(ls []string) string {
	out := ""
	for i, l := range ls {
		if i > 0 {
			out += "\n"
		}
		out += l
	}
	return out
}
