// Package earlyenv mends the process environment before any other package's
// init runs, for the one case where a library's init reads it and complains.
//
// Fyne's lang package reads the user's locale in its init (through
// jeandeaual/go-locale) and logs three lines of "Fyne error: Error parsing
// user locale C" on stderr when LANG, LC_MESSAGES or LC_ALL is "C.UTF-8" (the
// default of servers, containers, cron and CI): the library keeps the part
// before the dot, "C", which is not a language tag. wardmap's headless
// subcommands must print nothing they were not asked for, and that happens
// before main runs, so this fix has to run earlier still.
//
// Go initialises packages in import-path order among those whose imports are
// done (the Go spec, "Package initialization"). This package imports only os
// and its path, "earlyenv", sorts before "fyne.io/...", so its init runs
// first. That is why it is a module of its own (the main module's packages
// all begin "wardmap/", after "fyne.io"). TestLocaleC in cmd/wardmap holds
// the order to account: it fails if the messages come back.
package earlyenv

import (
	"os"
	"strings"
)

func init() {
	// go-locale takes the first set of LC_ALL, LC_MESSAGES, LANG; for an
	// exact "C" or "POSIX" it stops there, for anything else it prefers
	// LANGUAGE when that is set. So a "C.<charset>" locale with LANGUAGE
	// empty is the case that fails; telling it the language ("en", what
	// Fyne falls back to anyway) changes nothing else: gettext ignores
	// LANGUAGE under the C locale.
	for _, k := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(k)
		if v == "" {
			continue
		}
		base, _, _ := strings.Cut(v, ".")
		if (base == "C" || base == "POSIX") && v != base && os.Getenv("LANGUAGE") == "" {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
