// Package localeenv settles the language environment before Fyne reads it.
//
// Fyne's lang package reads the locale (LC_ALL, LC_MESSAGES, LANG, then LANGUAGE) in its
// package init and again on every translation load, and logs "Fyne error: Error parsing
// user locale …" (three lines on stderr) for each value it cannot parse: "C" from
// LANG=C.UTF-8, an unknown "xx-YY", a stray LANGUAGE entry. A scheduled job's log fills
// with them. Setting LANGUAGE in main is too late for the init's line, so this package
// does it in its own init: main imports it, and Go initialises packages in import-path
// order once their imports are ready — this package imports only the standard library and
// x/text/language, which Fyne's lang imports too, so it is ready no
// later than fyne.io/fyne/v2/lang and is initialised before it. (Checked with
// GODEBUG=inittrace=1; the test in cli/ runs the binary under LANG=C and unknown locales
// and fails on any "Fyne error" line, so a change in the import graph cannot slip by.)
//
// It only ever sets LANGUAGE, which Fyne consults first unless the locale is exactly "C"
// or "POSIX" (then nothing is parsed and nothing is logged).
package localeenv

import (
	"os"
	"runtime"
	"strings"

	"golang.org/x/text/language"
)

// noLocale records whether the environment named no usable locale when the process
// started, before this package set LANGUAGE.
var noLocale bool

func init() {
	Settle(os.Args[1:])
}

// Settle sets LANGUAGE so that Fyne parses no bad locale: to zh or en when args hold
// --lang zh|en; to zh_CN when the environment names no locale (the product's first
// language); otherwise to the parseable entries of the environment's locale list, or
// "en" (Fyne's fallback) when none parses. It leaves a clean environment untouched.
func Settle(args []string) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return // these read the OS settings, not the variables
	}
	noLocale = Unset()
	switch l := strings.ToLower(strings.TrimSpace(LangFromArgs(args))); {
	case l == "zh" || l == "en":
		os.Setenv("LANGUAGE", l)
		return
	case noLocale:
		os.Setenv("LANGUAGE", "zh_CN")
		return
	}
	locs := fyneLocales()
	var good []string
	for _, l := range locs {
		if _, err := language.Parse(l); err == nil {
			good = append(good, l)
		}
	}
	if len(good) == len(locs) {
		return
	}
	if len(good) == 0 {
		good = []string{"en"}
	}
	os.Setenv("LANGUAGE", strings.Join(good, ":"))
}

// fyneLocales is the list Fyne parses (go-locale's GetLocales on Unix): the first of LC_ALL,
// LC_MESSAGES and LANG that is set; nothing when that is exactly C or POSIX; else LANGUAGE's
// colon-separated entries when set, or that value; each without its codeset, "_" as "-".
func fyneLocales() []string {
	v := ""
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v = os.Getenv(k); v != "" {
			break
		}
	}
	if v == "C" || v == "POSIX" {
		return nil
	}
	if l := os.Getenv("LANGUAGE"); l != "" {
		v = l
	}
	if v == "" {
		return nil
	}
	var out []string
	for _, l := range strings.Split(v, ":") {
		l, _, _ = strings.Cut(l, ".")
		lang, region, _ := strings.Cut(strings.ReplaceAll(l, "-", "_"), "_")
		if region != "" {
			lang += "-" + region
		}
		out = append(out, lang)
	}
	return out
}

// NoLocale tells whether the environment named no usable locale (LANG=C, POSIX, C.UTF-8
// or nothing) when the process started.
func NoLocale() bool { return noLocale }

// Unset tells whether the environment names no usable locale now: LANGUAGE, LC_ALL,
// LC_MESSAGES and LANG are each empty, C or POSIX (with or without a codeset). Only
// Unix-like systems read these variables; elsewhere it returns false, and the OS answers.
func Unset() bool {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return false
	}
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(k)
		if v == "" {
			continue
		}
		base, _, _ := strings.Cut(v, ".")
		if base != "C" && base != "POSIX" {
			return false
		}
	}
	return true
}

// LangFromArgs finds --lang X or --lang=X anywhere in args.
func LangFromArgs(args []string) string {
	for i, a := range args {
		switch {
		case a == "--lang" || a == "-lang":
			if i+1 < len(args) {
				return args[i+1]
			}
		case strings.HasPrefix(a, "--lang="):
			return strings.TrimPrefix(a, "--lang=")
		case strings.HasPrefix(a, "-lang="):
			return strings.TrimPrefix(a, "-lang=")
		}
	}
	return ""
}
