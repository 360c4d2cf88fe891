package app

import (
	"huitouke/app/kit"
	"huitouke/app/kit/kittest"
	"huitouke/data"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func findEntries(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	kittest.Walk(o, func(c fyne.CanvasObject) {
		if e, ok := c.(*widget.Entry); ok {
			out = append(out, e)
		}
	})
	return out
}

func TestGuideEntriesSaveShopAndAgentNames(t *testing.T) {
	u, _ := newTestUI(t)
	g := u.FirstRunGuide()
	u.Win().SetContent(g) // entries need a canvas to take typed text
	es := findEntries(g)
	if len(es) != 2 {
		t.Fatalf("guide has %d entries, want shop and agent", len(es))
	}
	test.Type(es[0], "山间茶铺")
	test.Type(es[1], " 小王 ")
	if got, _ := u.Store().Setting(u.Ctx(), data.SettingShopName, ""); got != "山间茶铺" {
		t.Errorf("shop name saved as %q", got)
	}
	if got := u.AgentName(); got != "小王" {
		t.Errorf("agent saved as %q", got)
	}
	// A second guide (the next start) shows what was saved.
	es = findEntries(u.FirstRunGuide())
	if es[0].Text != "山间茶铺" || es[1].Text != "小王" {
		t.Errorf("new guide shows %q / %q", es[0].Text, es[1].Text)
	}
}

func TestGuideStepsLeadToTheirScreens(t *testing.T) {
	for _, tc := range []struct{ button, screen string }{
		{"选择文件导入…", kit.ScreenImport},
		{"查看分群", kit.ScreenSegments},
		{"打开回访名单", kit.ScreenCalls},
	} {
		t.Run(tc.screen, func(t *testing.T) {
			u, _ := newTestUI(t)
			g := u.FirstRunGuide()
			b := kittest.FindButton(g, tc.button)
			if b == nil {
				t.Fatalf("no %q button", tc.button)
			}
			test.Tap(b)
			if u.Current() != tc.screen {
				t.Errorf("%q led to %q, want %q", tc.button, u.Current(), tc.screen)
			}
		})
	}
}

func TestGuideNamesWhereEachPlatformExports(t *testing.T) {
	u, _ := newTestUI(t)
	g := u.FirstRunGuide()
	var text strings.Builder
	kittest.Walk(g, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok {
			text.WriteString(l.Text + "\n")
		}
	})
	for _, want := range []string{"千牛", "京麦", "拼多多商家后台", "抖店", "有赞", "Shopify", "WooCommerce", "Advanced Order Export"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("guide does not mention %s", want)
		}
	}
	if kittest.FindButton(g, "用示例数据试试") == nil {
		t.Error("guide has no sample-data button")
	}
}
