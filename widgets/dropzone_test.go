package widgets

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestDropZoneShowsItsTextsWithoutOverlap(t *testing.T) {
	test.NewTempApp(t)
	d := NewDropZone("把订单文件拖到这里", "淘宝/天猫 · 京东 · 拼多多 · 抖店 · 有赞 · Shopify · WooCommerce", nil)
	d.Hint = "或点击这里选择文件"
	show(t, d, 700, 260)
	texts := visibleTexts(t, d)
	if len(texts) != 3 {
		t.Fatalf("want title, subtitle and hint shown, got %d texts", len(texts))
	}
	assertNoOverlap(t, texts)
	for _, x := range texts {
		if x.Position().Y < 0 || x.Position().Y+x.Size().Height > 260 {
			t.Errorf("text %q is outside the zone at y=%v", x.Text, x.Position().Y)
		}
	}
	// An empty hint is not drawn.
	d.Hint = ""
	d.Refresh()
	if n := len(visibleTexts(t, d)); n != 2 {
		t.Errorf("with no hint %d texts are shown, want 2", n)
	}
}

func TestDropZoneMinSizeHoldsTheSubtitle(t *testing.T) {
	test.NewTempApp(t)
	short := NewDropZone("拖到这里", "", nil)
	long := NewDropZone("拖到这里", "淘宝/天猫 · 京东 · 拼多多 · 抖店 · 有赞 · Shopify · WooCommerce · 有赞客户", nil)
	if long.MinSize().Width <= short.MinSize().Width {
		t.Errorf("a long subtitle does not widen the zone: %v vs %v", long.MinSize(), short.MinSize())
	}
	if long.MinSize().Height <= short.MinSize().Height {
		t.Errorf("a subtitle does not add height: %v vs %v", long.MinSize(), short.MinSize())
	}
}

func TestDropZoneTapRunsCallback(t *testing.T) {
	test.NewTempApp(t)
	taps := 0
	d := NewDropZone("拖到这里", "", func() { taps++ })
	show(t, d, 400, 200)
	test.Tap(d)
	if taps != 1 {
		t.Fatalf("tapped once, callback ran %d times", taps)
	}
	// Without a callback a tap does nothing (and does not panic).
	d.OnTapped = nil
	test.Tap(d)
}

func TestDropZoneFrameIsDashedOnTheEdgeOnly(t *testing.T) {
	test.NewTempApp(t)
	d := NewDropZone("拖到这里", "", nil)
	show(t, d, 400, 200)
	r := test.TempWidgetRenderer(t, d).(*dropZoneRenderer)
	w, h := 400, 200 // test canvas scale 1
	opaque := func(c color.Color) bool { _, _, _, a := c.RGBA(); return a > 0 }
	if opaque(r.framePixel(w/2, h/2, w, h)) {
		t.Error("the centre of the zone is painted as frame")
	}
	// Along the top edge some pixels are dash and some are gap.
	on, off := 0, 0
	for x := 40; x < w-40; x++ {
		if opaque(r.framePixel(x, 1, w, h)) {
			on++
		} else {
			off++
		}
	}
	if on == 0 || off == 0 {
		t.Errorf("top edge: %d dash pixels, %d gap pixels; want both", on, off)
	}
}
