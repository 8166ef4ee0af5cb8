package app

import (
	"encoding/json"
	"fmt"

	"wardmap/assets"
)

// Tr looks up the interface's strings in the translation files of assets/
// (assets/i18n/vi.json, en.json). A key missing in the chosen language
// falls back to Vietnamese, then to the key itself, which a test forbids.
type Tr struct {
	Lang  string
	m, vi map[string]string
}

// NewTr loads the strings of lang; anything but "en" is Vietnamese.
func NewTr(lang string) (*Tr, error) {
	if lang != "en" {
		lang = "vi"
	}
	vi, err := loadLang("vi")
	if err != nil {
		return nil, err
	}
	m := vi
	if lang != "vi" {
		if m, err = loadLang(lang); err != nil {
			return nil, err
		}
	}
	return &Tr{Lang: lang, m: m, vi: vi}, nil
}

func loadLang(lang string) (map[string]string, error) {
	b, err := assets.Translation(lang)
	if err != nil {
		return nil, fmt.Errorf("app: translation %s: %w", lang, err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("app: translation %s: %w", lang, err)
	}
	return m, nil
}

// T returns the text of key, formatted with args when given.
func (t *Tr) T(key string, args ...any) string {
	s, ok := t.m[key]
	if !ok {
		if s, ok = t.vi[key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
