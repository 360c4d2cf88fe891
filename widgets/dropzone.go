package widgets

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DropZone is the large target an empty import screen shows: a dashed,
// rounded frame with an upload icon, a title ("drag files here") and a
// subtitle (what can be dropped). Files are dropped on the window, not on
// the widget (Fyne delivers drops per window), so the zone is only a sign;
// tapping it runs OnTapped, which usually opens a file picker.
type DropZone struct {
	widget.BaseWidget

	Title    string // already translated
	Subtitle string // one line, e.g. the supported platforms
	Hint     string // small text under the subtitle; empty hides it
	Icon     fyne.Resource
	OnTapped func()

	hovered bool
}

var (
	_ fyne.Tappable      = (*DropZone)(nil)
	_ desktop.Hoverable  = (*DropZone)(nil)
	_ desktop.Cursorable = (*DropZone)(nil)
)

// NewDropZone returns a drop zone with the upload icon.
func NewDropZone(title, subtitle string, tapped func()) *DropZone {
	d := &DropZone{Title: title, Subtitle: subtitle, Icon: theme.UploadIcon(), OnTapped: tapped}
	d.ExtendBaseWidget(d)
	return d
}

// Tapped runs OnTapped.
func (d *DropZone) Tapped(*fyne.PointEvent) {
	if d.OnTapped != nil {
		d.OnTapped()
	}
}

// Cursor shows a hand when the zone can be tapped.
func (d *DropZone) Cursor() desktop.Cursor {
	if d.OnTapped != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// MouseIn highlights the frame.
func (d *DropZone) MouseIn(*desktop.MouseEvent) { d.hovered = true; d.Refresh() }

// MouseMoved does nothing.
func (d *DropZone) MouseMoved(*desktop.MouseEvent) {}

// MouseOut removes the highlight.
func (d *DropZone) MouseOut() { d.hovered = false; d.Refresh() }

// CreateRenderer links the widget to its renderer.
func (d *DropZone) CreateRenderer() fyne.WidgetRenderer {
	d.ExtendBaseWidget(d)
	r := &dropZoneRenderer{
		zone:     d,
		bg:       canvas.NewRectangle(color.Transparent),
		icon:     canvas.NewImageFromResource(nil),
		title:    canvas.NewText("", color.Transparent),
		subtitle: canvas.NewText("", color.Transparent),
		hint:     canvas.NewText("", color.Transparent),
	}
	r.icon.FillMode = canvas.ImageFillContain
	r.title.Alignment = fyne.TextAlignCenter
	r.subtitle.Alignment = fyne.TextAlignCenter
	r.hint.Alignment = fyne.TextAlignCenter
	// The dashes are drawn per pixel: Fyne has no dashed stroke, and a
	// raster keeps one object however large the zone grows.
	r.frame = canvas.NewRasterWithPixels(r.framePixel)
	r.objs = []fyne.CanvasObject{r.bg, r.frame, r.icon, r.title, r.subtitle, r.hint}
	r.Refresh()
	return r
}

type dropZoneRenderer struct {
	zone                  *DropZone
	bg                    *canvas.Rectangle
	frame                 *canvas.Raster
	icon                  *canvas.Image
	title, subtitle, hint *canvas.Text
	objs                  []fyne.CanvasObject

	// read by framePixel, set in Refresh
	stroke color.Color
	radius float32
}

const (
	dropIconSize  = 56
	dropDash      = 8 // dp
	dropLineWidth = 2 // dp
)

func (r *dropZoneRenderer) Destroy() {}

func (r *dropZoneRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *dropZoneRenderer) MinSize() fyne.Size {
	th := r.zone.Theme()
	pad := th.Size(theme.SizeNamePadding)
	ip := th.Size(theme.SizeNameInnerPadding)
	w := float32(dropIconSize)
	h := float32(dropIconSize) + pad
	for _, t := range r.texts() {
		sz := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle)
		w = float32(math.Max(float64(w), float64(sz.Width)))
		h += sz.Height + pad
	}
	return fyne.NewSize(w+4*ip, h+4*ip)
}

// texts are the lines shown, top to bottom.
func (r *dropZoneRenderer) texts() []*canvas.Text {
	out := []*canvas.Text{r.title}
	if r.zone.Subtitle != "" {
		out = append(out, r.subtitle)
	}
	if r.zone.Hint != "" {
		out = append(out, r.hint)
	}
	return out
}

func (r *dropZoneRenderer) Layout(size fyne.Size) {
	th := r.zone.Theme()
	pad := th.Size(theme.SizeNamePadding)
	r.bg.Resize(size)
	r.bg.Move(fyne.NewPos(0, 0))
	r.frame.Resize(size)
	r.frame.Move(fyne.NewPos(0, 0))
	content := r.MinSize().Height - 4*th.Size(theme.SizeNameInnerPadding)
	y := (size.Height - content) / 2
	r.icon.Resize(fyne.NewSize(dropIconSize, dropIconSize))
	r.icon.Move(fyne.NewPos((size.Width-dropIconSize)/2, y))
	y += dropIconSize + pad
	for _, t := range r.texts() {
		h := fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Height
		t.Resize(fyne.NewSize(size.Width, h))
		t.Move(fyne.NewPos(0, y))
		y += h + pad
	}
}

func (r *dropZoneRenderer) Refresh() {
	d := r.zone
	th := d.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	primary := th.Color(theme.ColorNamePrimary, v)
	r.radius = th.Size(theme.SizeNameInputRadius) * 3
	r.bg.CornerRadius = r.radius
	r.bg.FillColor = fade(primary, 0x10)
	r.stroke = fade(primary, 0x90)
	if d.hovered && d.OnTapped != nil {
		r.bg.FillColor = fade(primary, 0x22)
		r.stroke = primary
	}
	if d.Icon != nil {
		r.icon.Resource = theme.NewPrimaryThemedResource(d.Icon)
	} else {
		r.icon.Resource = nil
	}
	r.title.Text = d.Title
	r.title.TextSize = th.Size(theme.SizeNameSubHeadingText)
	r.title.Color = th.Color(theme.ColorNameForeground, v)
	r.subtitle.Text = d.Subtitle
	r.subtitle.TextSize = th.Size(theme.SizeNameText)
	r.subtitle.Color = th.Color(theme.ColorNameForeground, v)
	r.subtitle.Hidden = d.Subtitle == ""
	r.hint.Text = d.Hint
	r.hint.TextSize = th.Size(theme.SizeNameCaptionText)
	r.hint.Color = th.Color(theme.ColorNamePlaceHolder, v)
	r.hint.Hidden = d.Hint == ""
	r.Layout(d.Size())
	for _, o := range r.objs {
		o.Refresh()
	}
}

// framePixel draws the dashed rounded border: a pixel is on the frame when
// its distance to the rounded rectangle's edge is under the line width, and
// in a dash when (x+y) falls in an "on" stretch — along a horizontal edge
// that dashes x, along a vertical one y, and corners blend.
func (r *dropZoneRenderer) framePixel(x, y, w, h int) color.Color {
	size := r.zone.Size()
	if size.Width <= 0 || w <= 0 {
		return color.Transparent
	}
	scale := float64(w) / float64(size.Width)
	line := dropLineWidth * scale
	rad := float64(r.radius) * scale
	if rad < line {
		rad = line
	}
	// Signed distance to a rounded box inset by half a line.
	hw, hh := float64(w)/2-line/2, float64(h)/2-line/2
	px, py := math.Abs(float64(x)+0.5-float64(w)/2), math.Abs(float64(y)+0.5-float64(h)/2)
	qx, qy := px-(hw-rad), py-(hh-rad)
	outside := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
	dist := outside + math.Min(math.Max(qx, qy), 0) - rad
	if math.Abs(dist) > line/2 {
		return color.Transparent
	}
	dash := dropDash * scale
	if int(float64(x+y)/dash)%2 == 1 {
		return color.Transparent
	}
	return r.stroke
}

// fade gives c with alpha a.
func fade(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
