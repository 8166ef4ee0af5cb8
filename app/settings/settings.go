// Package settings is a typed wrapper over fyne.Preferences: every key the
// desktop app remembers is a constant here, with its default.
package settings

import (
	"strings"

	"fyne.io/fyne/v2"

	"wardmap/gis"
	"wardmap/gis/tile"
)

// Keys in fyne.Preferences.
const (
	keyLang      = "lang"
	keyTheme     = "theme"
	keyCRS       = "crs"
	keyWinW      = "window.width"
	keyWinH      = "window.height"
	keyViewLon   = "view.lon"
	keyViewLat   = "view.lat"
	keyViewZoom  = "view.zoom"
	keyLabels    = "layers.labels"
	keyHidden    = "layers.hidden"
	keyStatus    = "layers.status."
	keyUser      = "user"
	keyPlotSpace = "draw.spacing"
	keySideTab   = "side.tab"
	keyHotspots  = "inbox.hotspots"
)

// Languages, themes and coordinate displays.
const (
	Vietnamese = "vi"
	English    = "en"
	Light      = "light"
	Dark       = "dark"
	WGS84      = "wgs84"
	VN2000     = "vn2000"
)

// Settings reads and writes the remembered choices.
type Settings struct{ p fyne.Preferences }

// New wraps p.
func New(p fyne.Preferences) *Settings { return &Settings{p: p} }

// Lang is the interface language, Vietnamese unless English was chosen.
func (s *Settings) Lang() string {
	if s.p.String(keyLang) == English {
		return English
	}
	return Vietnamese
}

// SetLang chooses the interface language.
func (s *Settings) SetLang(l string) { s.p.SetString(keyLang, l) }

// Theme is Light or Dark.
func (s *Settings) Theme() string {
	if s.p.String(keyTheme) == Dark {
		return Dark
	}
	return Light
}

// SetTheme chooses Light or Dark.
func (s *Settings) SetTheme(t string) { s.p.SetString(keyTheme, t) }

// CRS is how cursor coordinates are shown: WGS84 or VN2000.
func (s *Settings) CRS() string {
	if s.p.String(keyCRS) == VN2000 {
		return VN2000
	}
	return WGS84
}

// SetCRS chooses the coordinate display.
func (s *Settings) SetCRS(c string) { s.p.SetString(keyCRS, c) }

// WindowSize is the last size of the main window, or 1200×680 at the
// first start: the most common office laptop screen here is 1366×768, and
// after a taskbar and a title bar about 690 px are left, so an 800 px
// window put the status bar below the screen's edge. Fyne has no API for
// the screen's size; a larger window is remembered once the user makes it.
func (s *Settings) WindowSize() fyne.Size {
	w, h := s.p.FloatWithFallback(keyWinW, 1200), s.p.FloatWithFallback(keyWinH, 680)
	return fyne.NewSize(float32(max(w, 400)), float32(max(h, 300)))
}

// WindowSizeRemembered reports whether a size was saved, or WindowSize is
// the first size.
func (s *Settings) WindowSizeRemembered() bool { return s.p.Float(keyWinW) > 0 }

// SetWindowSize remembers the main window's size.
func (s *Settings) SetWindowSize(sz fyne.Size) {
	s.p.SetFloat(keyWinW, float64(sz.Width))
	s.p.SetFloat(keyWinH, float64(sz.Height))
}

// LastView is the last map view (centre and zoom), if one was saved.
func (s *Settings) LastView() (tile.View, bool) {
	z := s.p.FloatWithFallback(keyViewZoom, -1)
	if z < tile.MinZoom || z > tile.MaxZoom {
		return tile.View{}, false
	}
	lon, lat := s.p.Float(keyViewLon), s.p.Float(keyViewLat)
	if lon < -180 || lon > 180 || lat < -85 || lat > 85 {
		return tile.View{}, false
	}
	return tile.View{Center: [2]float64{lon, lat}, Zoom: z}, true
}

// SetLastView remembers the map's centre and zoom.
func (s *Settings) SetLastView(v tile.View) {
	s.p.SetFloat(keyViewLon, v.Center[0])
	s.p.SetFloat(keyViewLat, v.Center[1])
	s.p.SetFloat(keyViewZoom, v.Zoom)
}

// Labels reports whether map labels are on (default on).
func (s *Settings) Labels() bool { return s.p.BoolWithFallback(keyLabels, true) }

// SetLabels turns map labels on or off.
func (s *Settings) SetLabels(on bool) { s.p.SetBool(keyLabels, on) }

// Hidden lists the kinds the user hid.
func (s *Settings) Hidden() map[gis.Kind]bool {
	out := map[gis.Kind]bool{}
	for _, k := range s.p.StringList(keyHidden) {
		out[gis.Kind(k)] = true
	}
	return out
}

// SetHidden remembers the hidden kinds.
func (s *Settings) SetHidden(h map[gis.Kind]bool) {
	var ks []string
	for _, k := range gis.Kinds() {
		if h[k] {
			ks = append(ks, string(k))
		}
	}
	s.p.SetStringList(keyHidden, ks)
}

// StatusFilter is the statuses shown for kind k (empty: all).
func (s *Settings) StatusFilter(k gis.Kind) []string {
	v := s.p.String(keyStatus + string(k))
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// SetStatusFilter remembers the statuses shown for kind k.
func (s *Settings) SetStatusFilter(k gis.Kind, st []string) {
	s.p.SetString(keyStatus+string(k), strings.Join(st, ","))
}

// User is the name written on the records this person changes.
func (s *Settings) User() string { return s.p.String(keyUser) }

// SetUser sets the name written on changes.
func (s *Settings) SetUser(u string) { s.p.SetString(keyUser, u) }

// PlotSpacing is the tree spacing (m) assumed while a plot is drawn.
func (s *Settings) PlotSpacing() float64 { return s.p.FloatWithFallback(keyPlotSpace, 5) }

// SideTab is the side panel's tab last shown (0: the layers), opened
// again at the next start: a ward leader who reads the indicators finds
// them first.
func (s *Settings) SideTab() int { return s.p.IntWithFallback(keySideTab, 0) }

// SetSideTab remembers the side panel's tab.
func (s *Settings) SetSideTab(i int) { s.p.SetInt(keySideTab, i) }

// InboxHotspots says whether the inbox showed the violation hotspots when
// it was last used: someone who watches them finds them on again.
func (s *Settings) InboxHotspots() bool { return s.p.Bool(keyHotspots) }

// SetInboxHotspots remembers whether the inbox shows the hotspots.
func (s *Settings) SetInboxHotspots(on bool) { s.p.SetBool(keyHotspots, on) }
