package kittest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Walk calls fn on o and on everything drawn under it: containers' objects and widgets'
// rendered objects.
func Walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			Walk(c, fn)
		}
	case fyne.Widget:
		if r := test.WidgetRenderer(v); r != nil {
			for _, c := range r.Objects() {
				Walk(c, fn)
			}
		}
	}
}

// FindButton is the first button under o whose text is text, or nil.
func FindButton(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	Walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}
