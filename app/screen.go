package app

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// Fyne has no screen-size API, and a first size (or one remembered from a
// larger monitor) bigger than the screen leaves the panels and the status
// bar off-screen where a window manager does not fit it. GLFW, the
// library Fyne's desktop driver runs on, knows the work area (the screen
// less its panels); by Attach, Fyne has initialised it on this thread.

// decorations is room for a window manager's title bar and borders.
const decorations = 48

// firstShare is how much of a large screen the window takes the first
// time: the first size (1200×680) is a small island on 1600×1000 and up.
const firstShare = 0.9

// fitScreen is sz made no larger than the primary monitor's work area
// and, the first time (not remembered), grown to firstShare of it; sz
// itself when the work area cannot be read (the test driver).
func fitScreen(sz fyne.Size, remembered bool, scale float32) fyne.Size {
	w, h, ok := workArea()
	if !ok {
		return sz
	}
	if scale <= 0 {
		scale = 1
	}
	maxW, maxH := float32(w)/scale, float32(h-decorations)/scale
	if !remembered {
		sz = sz.Max(fyne.NewSize(maxW*firstShare, maxH*firstShare))
	}
	return fyne.NewSize(min(sz.Width, maxW), min(sz.Height, maxH))
}

func workArea() (w, h int, ok bool) {
	defer func() {
		if recover() != nil { // GLFW not initialised: not the desktop driver
			ok = false
		}
	}()
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return 0, 0, false
	}
	_, _, w, h = m.GetWorkarea()
	return w, h, w > 200 && h > 200
}
