package assets

import "embed"

//go:embed i18n/*.json
var i18n embed.FS

// Translation returns the interface strings of a language ("vi", "en") as
// the JSON object in assets/i18n/<lang>.json: keys to texts, with fmt verbs
// where values are filled in.
func Translation(lang string) ([]byte, error) { return i18n.ReadFile("i18n/" + lang + ".json") }

// Languages lists the languages with a translation file, Vietnamese first.
func Languages() []string { return []string{"vi", "en"} }
