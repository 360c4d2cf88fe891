package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"huitouke/resources"
)

// Theme is Huitouke's look: Fyne's default theme (so light and dark follow
// the system) with the embedded CJK font and the brand's warm orange.
type Theme struct {
	// Variant forces light or dark; nil follows the system.
	Variant *fyne.ThemeVariant
}

var _ fyne.Theme = (*Theme)(nil)

var (
	brandLight = color.NRGBA{R: 0xD4, G: 0x4A, B: 0x0D, A: 0xFF}
	brandDark  = color.NRGBA{R: 0xFF, G: 0x8A, B: 0x50, A: 0xFF}
)

// Color implements fyne.Theme.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.Variant != nil {
		v = *t.Variant
	}
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		if v == theme.VariantDark {
			return brandDark
		}
		return brandLight
	case theme.ColorNameFocus:
		c := brandLight
		if v == theme.VariantDark {
			c = brandDark
		}
		c.A = 0x7F
		return c
	case theme.ColorNameSelection:
		c := brandLight
		if v == theme.VariantDark {
			c = brandDark
		}
		c.A = 0x40
		return c
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font implements fyne.Theme: the embedded CJK-capable TTF for all text but
// monospace, whose width matters more than Chinese coverage.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	return resources.Font
}

// Icon implements fyne.Theme.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }

// ApplyTheme sets Huitouke's theme with the light/dark choice from the
// preferences ("" follows the system).
func ApplyTheme(a fyne.App) {
	t := &Theme{}
	switch a.Preferences().String(PrefThemeMode) {
	case "light":
		v := theme.VariantLight
		t.Variant = &v
	case "dark":
		v := theme.VariantDark
		t.Variant = &v
	}
	a.Settings().SetTheme(t)
}

// LanguagePreference is the language chosen in Settings ("" = system).
func LanguagePreference(a fyne.App) string { return a.Preferences().String(PrefLanguage) }
