// Package vocab is Huitouke's one vocabulary: it loads the translations (zh first, en
// complete) and words every stored value the user sees — platforms, call reasons, outcomes
// and statuses, segments, RFM classes, levels, complaint statuses and severities, import
// failures and rejected-row reasons. The window and the command line both use it, so the
// same stored key reads the same on every screen and in every report.
package vocab

import (
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"huitouke/resources"
	"huitouke/resources/vocab/localeenv"
)

// Load loads zh and en. force is "", "zh" or "en": when set, that language is used whatever
// the system says — on every OS, since the chosen file is also loaded under the other
// language's name.
func Load(force string) error {
	force = strings.ToLower(strings.TrimSpace(force))
	if force == "zh" || force == "en" {
		// Fyne's own strings (dialog buttons) follow the environment on
		// Linux; ours are pinned below on every OS.
		os.Setenv("LANGUAGE", force)
	}
	if force == "" && localeenv.NoLocale() {
		// A machine with no locale (LANG=C, services, scheduled jobs, CI) gets the
		// product's first language rather than English: Fyne reads no LANGUAGE when
		// the locale is exactly C, so Chinese is pinned like --lang zh.
		force = "zh"
		os.Setenv("LANGUAGE", "zh_CN")
	}
	if err := lang.AddTranslationsFS(resources.Translations, "translations"); err != nil {
		return err
	}
	if force != "zh" && force != "en" {
		// Fyne's own Chinese is tagged zh-Hans, which a Chinese system
		// matches before our "zh": give that tag our strings too.
		force = "zh-only"
	}
	file, locales := force, []fyne.Locale{"zh", "zh-CN", "zh-Hans", "en", "en-US", "en-GB"}
	if force == "zh-only" {
		file, locales = "zh", []fyne.Locale{"zh-Hans"}
	}
	b, err := resources.Translations.ReadFile("translations/" + file + ".json")
	if err != nil {
		return err
	}
	for _, l := range locales {
		if err := lang.AddTranslationsForLocale(b, l); err != nil {
			return err
		}
	}
	return nil
}

// Locale is the language of the loaded translations ("zh" or "en").
func Locale() string { return lang.X("calls.locale", "zh") }

// LangFromArgs finds --lang X or --lang=X anywhere in args.
func LangFromArgs(args []string) string { return localeenv.LangFromArgs(args) }
