package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"wardmap/gis"
)

// LoginForm is the login dialog's fields: the ward server, the user name
// and the password.
type LoginForm struct {
	Message  *widget.Label
	Server   *widget.Entry
	User     *widget.Entry
	Password *widget.Entry
	// Submit signs in with the fields (the dialog's Đăng nhập button).
	Submit func()
	d      dialog.Dialog
}

// ShowLogin opens the login dialog with msg above its fields (why it is
// asked). After a good login the sync starts again; after a bad one the
// dialog comes back with the server's answer.
func (p *SyncPanel) ShowLogin(msg string) {
	user := p.Status.User
	if user == "" {
		user = p.w.user()
	}
	p.showLogin(msg, p.Status.Server, user)
}

func (p *SyncPanel) showLogin(msg, server, user string) {
	if p.ss == nil {
		return
	}
	t := p.w.tr.T
	lf := &LoginForm{Message: widget.NewLabel(msg), Server: widget.NewEntry(), User: widget.NewEntry(), Password: widget.NewPasswordEntry()}
	lf.Message.Wrapping = fyne.TextWrapWord
	lf.Server.SetPlaceHolder("https://wardd.kienan.vn")
	lf.Server.SetText(server)
	lf.User.SetText(user)
	lf.Submit = func() { p.login(lf) }
	p.Login = lf
	if p.w.win == nil {
		return
	}
	items := []*widget.FormItem{
		widget.NewFormItem(t("login.server"), lf.Server),
		widget.NewFormItem(t("login.user"), lf.User),
		widget.NewFormItem(t("login.password"), lf.Password),
	}
	lf.Password.OnSubmitted = func(string) { lf.d.Hide(); lf.Submit() }
	form := widget.NewForm(items...)
	body := container.NewVBox(container.NewGridWrap(fyne.NewSize(420, 60), lf.Message), form)
	lf.d = dialog.NewCustomConfirm(t("login.title"), t("login.submit"), t("button.cancel"), body, func(ok bool) {
		if ok {
			lf.Submit()
		}
	}, p.w.win)
	lf.d.Resize(fyne.NewSize(480, 300))
	lf.d.Show()
	if c := p.w.canvas(); c != nil {
		c.Focus(lf.Password)
	}
}

// login checks the fields, signs in off the UI thread, then syncs.
func (p *SyncPanel) login(lf *LoginForm) {
	t := p.w.tr.T
	server := strings.TrimRight(strings.TrimSpace(lf.Server.Text), "/")
	user := strings.TrimSpace(lf.User.Text)
	pw := lf.Password.Text
	switch {
	case !strings.HasPrefix(server, "http://") && !strings.HasPrefix(server, "https://"):
		p.showLogin(t("login.bad_server"), server, user)
		return
	case user == "" || pw == "":
		p.showLogin(t("login.missing"), server, user)
		return
	}
	p.w.jobs.Add(1)
	go func() {
		defer p.w.jobs.Done()
		err := p.ss.Login(context.Background(), server, user, pw)
		fyne.Do(func() {
			if err != nil {
				p.LastError = err.Error()
				p.showLogin(t("login.failed", err.Error()), server, user)
				return
			}
			p.LastError = ""
			p.onSync()
		})
	}()
}

// ConflictDialog lists the open conflicts, each with this laptop's value
// and the server's side by side and the buttons that settle it.
type ConflictDialog struct {
	Rows []*ConflictRow
	Head *widget.Label
	p    *SyncPanel
	box  *fyne.Container
	d    *dialog.CustomDialog
}

// ConflictRow is one conflict in the dialog.
type ConflictRow struct {
	C                          SyncConflict
	Record, Field              string
	Mine, Theirs               *widget.Label
	KeepMine, TakeTheirs, Edit *widget.Button
}

// ShowConflicts reads the open conflicts off the UI thread and opens the
// dialog (or says there are none).
func (p *SyncPanel) ShowConflicts() {
	if p.ss == nil {
		return
	}
	p.w.background(func(ctx context.Context) error {
		cs, err := p.ss.Conflicts(ctx)
		if err != nil {
			return err
		}
		fyne.Do(func() { p.openConflicts(cs) })
		return nil
	})
}

func (p *SyncPanel) openConflicts(cs []SyncConflict) {
	t := p.w.tr.T
	if len(cs) == 0 {
		p.Conflicts = nil
		p.w.info(t("conflict.dialog"), t("conflict.none"))
		return
	}
	cd := p.Conflicts
	if cd == nil {
		cd = &ConflictDialog{p: p, box: container.NewVBox(), Head: widget.NewLabel("")}
		cd.Head.Wrapping = fyne.TextWrapWord
		p.Conflicts = cd
		if p.w.win != nil {
			cd.d = dialog.NewCustom(t("conflict.dialog"), t("sync.close"), container.NewBorder(cd.Head, nil, nil, nil, container.NewVScroll(cd.box)), p.w.win)
			cd.d.SetOnClosed(func() {
				if p.Conflicts == cd {
					p.Conflicts = nil
				}
			})
			cd.d.Resize(fyne.NewSize(780, 520))
			cd.d.Show()
		}
	}
	cd.fill(cs)
}

func (cd *ConflictDialog) fill(cs []SyncConflict) {
	w := cd.p.w
	t := w.tr.T
	cd.Rows = nil
	cd.box.Objects = nil
	for _, c := range cs {
		r := &ConflictRow{C: c, Record: w.recordName(c), Field: w.fieldLabel(c.Kind, c.Field)}
		r.Mine = widget.NewLabel(w.conflictValue(c.Kind, c.Field, c.Mine))
		r.Theirs = widget.NewLabel(w.conflictValue(c.Kind, c.Field, c.Theirs))
		r.Mine.Wrapping, r.Theirs.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
		r.KeepMine = &widget.Button{Text: t("conflict.keep_mine"), Importance: widget.HighImportance, OnTapped: func() { cd.resolve(c, KeepMine, "") }}
		r.TakeTheirs = &widget.Button{Text: t("conflict.take_theirs"), OnTapped: func() { cd.resolve(c, TakeTheirs, "") }}
		r.Edit = &widget.Button{Text: t("conflict.edit"), Icon: theme.DocumentCreateIcon(), OnTapped: func() { cd.askValue(c) }}
		theirsHead := t("conflict.theirs", c.TheirsBy, c.TheirsRev)
		if c.Field == ConflictRefused {
			r.Mine.SetText(t("conflict.refused", c.Message))
			r.Theirs.SetText("")
			theirsHead = ""
			r.KeepMine.Disable()
			r.TakeTheirs.SetText(t("conflict.dismiss"))
		}
		if !editable(c) {
			r.Edit.Disable()
		}
		head := widget.NewLabelWithStyle(gis.MustLookup(c.Kind).Label.In(w.tr.Lang)+" · "+r.Record+" — "+r.Field, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		sides := container.NewGridWithColumns(2,
			container.NewVBox(widget.NewLabelWithStyle(t("conflict.mine"), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}), r.Mine),
			container.NewVBox(widget.NewLabelWithStyle(theirsHead, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}), r.Theirs),
		)
		cd.Rows = append(cd.Rows, r)
		cd.box.Add(container.NewVBox(head, sides, container.NewHBox(r.KeepMine, r.TakeTheirs, r.Edit), widget.NewSeparator()))
	}
	cd.box.Refresh()
	cd.Head.SetText(t("conflict.count", len(cs)))
}

// editable says whether a new value can be typed for c: not for a refused
// operation, the geometry, the deletion or a computed field.
func editable(c SyncConflict) bool {
	if c.Field == ConflictRefused || c.Field == ConflictGeom || c.Field == ConflictDeleted {
		return false
	}
	s, ok := gis.Lookup(c.Kind)
	if !ok {
		return false
	}
	fd, ok := s.Field(c.Field)
	return ok && !fd.Computed
}

// askValue asks for a new value: a list for enumerations and yes/no, an
// entry otherwise, starting from this laptop's value.
func (cd *ConflictDialog) askValue(c SyncConflict) {
	w := cd.p.w
	t := w.tr.T
	fd, _ := gis.MustLookup(c.Kind).Field(c.Field)
	var input fyne.CanvasObject
	var value func() string
	switch fd.Type {
	case gis.EnumType, gis.Bool:
		var opts []string
		if fd.Type == gis.Bool {
			opts = []string{t("conflict.yes"), t("conflict.no")}
		} else {
			for _, o := range fd.Options {
				opts = append(opts, o.Label.In(w.tr.Lang))
			}
		}
		sel := widget.NewSelect(opts, nil)
		sel.PlaceHolder = w.tr.T("select.placeholder") // not Fyne's "(Select one)"
		sel.SetSelected(w.conflictValue(c.Kind, c.Field, c.Mine))
		input, value = sel, func() string { return sel.Selected }
	default:
		e := widget.NewEntry()
		if c.Mine != nil {
			e.SetText(fd.Display(c.Mine, w.tr.Lang))
		}
		input, value = e, func() string { return e.Text }
	}
	if w.win == nil {
		return
	}
	d := dialog.NewForm(t("conflict.edit_title", fd.Label.In(w.tr.Lang)), t("button.save"), t("button.cancel"),
		[]*widget.FormItem{widget.NewFormItem(fd.Label.In(w.tr.Lang), input)}, func(ok bool) {
			if ok {
				cd.resolve(c, EditValue, value())
			}
		}, w.win)
	d.Resize(fyne.NewSize(420, d.MinSize().Height))
	d.Show()
}

// resolve settles c off the UI thread, then reloads the list and the map.
func (cd *ConflictDialog) resolve(c SyncConflict, choice Resolution, value string) {
	p := cd.p
	p.w.jobs.Add(1)
	go func() {
		defer p.w.jobs.Done()
		ctx := context.Background()
		if err := p.ss.Resolve(ctx, p.w.user(), c.ID, choice, value); err != nil {
			p.w.showError(err)
			return
		}
		cs, err := p.ss.Conflicts(ctx)
		if err != nil {
			p.w.showError(err)
			return
		}
		st, serr := p.ss.SyncStatus(ctx)
		fyne.Do(func() {
			if serr == nil {
				p.setStatus(st)
			}
			p.w.remoteChanged()
			if len(cs) == 0 {
				if cd.d != nil {
					cd.d.Hide()
				}
				p.Conflicts = nil
				p.w.info(p.w.tr.T("conflict.dialog"), p.w.tr.T("conflict.none"))
				return
			}
			cd.fill(cs)
		})
	}()
}

// recordName names a conflict's record: its title, else its short ID.
func (w *Window) recordName(c SyncConflict) string {
	if c.Record != nil {
		if s, ok := gis.Lookup(c.Kind); ok {
			if title := c.Record.Title(w.tr.Lang); title != s.Label.In(w.tr.Lang) {
				return title
			}
		}
	}
	if len(c.RecordID) > 8 {
		return c.RecordID[:8]
	}
	return c.RecordID
}

// fieldLabel names a conflict's field in the interface's language.
func (w *Window) fieldLabel(k gis.Kind, field string) string {
	switch field {
	case ConflictRefused:
		return w.tr.T("conflict.refused_field")
	case ConflictGeom:
		return w.tr.T("conflict.geom")
	case ConflictDeleted:
		return w.tr.T("conflict.deleted_field")
	}
	if s, ok := gis.Lookup(k); ok {
		if fd, ok := s.Field(field); ok {
			return fd.Label.In(w.tr.Lang)
		}
	}
	return field
}

// conflictValue shows one side's value: enumerations by their label,
// numbers with their unit, yes/no, a point's coordinates.
func (w *Window) conflictValue(k gis.Kind, field string, v any) string {
	t := w.tr.T
	if v == nil {
		return t("conflict.empty")
	}
	switch field {
	case ConflictDeleted:
		if b, _ := v.(bool); b {
			return t("conflict.deleted")
		}
		return t("conflict.live")
	case ConflictGeom:
		switch g := v.(type) {
		case orb.Point:
			return w.formatCoord(g)
		case orb.Geometry:
			return t("conflict.shape", g.GeoJSONType(), len(pointsOf(g)))
		}
		return fmt.Sprint(v)
	}
	s, ok := gis.Lookup(k)
	if !ok {
		return fmt.Sprint(v)
	}
	fd, ok := s.Field(field)
	if !ok {
		return fmt.Sprint(v)
	}
	if b, ok := v.(bool); ok {
		if b {
			return t("conflict.yes")
		}
		return t("conflict.no")
	}
	txt := fd.Display(v, w.tr.Lang) // dates dd/mm/yyyy, times on Việt Nam's clock, labels
	if _, isEnum := v.(string); isEnum && fd.Type == gis.EnumType {
		return txt
	}
	if fd.Unit != "" {
		txt += " " + fd.Unit
	}
	return txt
}

// pointsOf lists a geometry's vertices.
func pointsOf(g orb.Geometry) []orb.Point {
	var out []orb.Point
	switch g := g.(type) {
	case orb.Point:
		out = append(out, g)
	case orb.MultiPoint:
		out = append(out, g...)
	case orb.LineString:
		out = append(out, g...)
	case orb.Ring:
		out = append(out, g...)
	case orb.Polygon:
		for _, r := range g {
			out = append(out, r...)
		}
	case orb.MultiLineString:
		for _, l := range g {
			out = append(out, l...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			out = append(out, pointsOf(p)...)
		}
	}
	return out
}
