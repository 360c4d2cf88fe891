// Package resources holds what Huitouke embeds: the icon, the CJK font and
// the translations.
package resources

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed Icon.png
var iconPNG []byte

//go:embed DroidSansFallbackFull.ttf
var fontTTF []byte

// Translations holds translations/zh.json and translations/en.json.
//
//go:embed translations/*.json
var Translations embed.FS

// Icon is the application icon (512×512 PNG).
var Icon = fyne.NewStaticResource("Icon.png", iconPNG)

// Font is Droid Sans Fallback (Apache-2.0, see LICENSE-DroidSansFallback.txt),
// a TTF that covers Latin and the full CJK range, so Chinese names render on
// machines without a CJK font and the same in tests as on screen.
var Font = fyne.NewStaticResource("DroidSansFallbackFull.ttf", fontTTF)
