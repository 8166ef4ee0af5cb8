package vnenc

import (
	"fmt"
	"sync"

	"golang.org/x/text/unicode/norm"
)

// Encode writes NFC text s in e: the inverse of Decode, so that tests can
// make the legacy files offices have (and a later export can write them).
// Windows-1258 and TCVN3 write a letter they have no byte for as its base
// letter and a combining tone mark; VNI as its base letter and mark byte.
func Encode(e Encoding, s string) ([]byte, error) {
	s = norm.NFC.String(s)
	switch e {
	case UTF8:
		return []byte(s), nil
	case TCVN3:
		return encodeWith(s, func(r rune) (byte, bool) { b, ok := tcvn3Enc()[r]; return b, ok })
	case VNI:
		var out []byte
		for _, r := range s {
			seq, ok := vniEnc()[r]
			if !ok {
				if r >= 0x80 {
					return nil, fmt.Errorf("vnenc: %q has no VNI form", r)
				}
				seq = string(rune(r))
			}
			out = append(out, seq...)
		}
		return out, nil
	}
	cm := e.charmap()
	if cm == nil {
		return nil, fmt.Errorf("vnenc: unsupported encoding %q", e)
	}
	return encodeWith(s, cm.EncodeRune)
}

// encodeWith writes each rune as one byte, or, when there is no byte for
// it, as the letter without its tone (ấ → â) and the combining tone mark.
func encodeWith(s string, one func(rune) (byte, bool)) ([]byte, error) {
	var out []byte
	for _, r := range s {
		if b, ok := one(r); ok {
			out = append(out, b)
			continue
		}
		p, tone := plain(r)
		b, ok1 := one(p)
		t, ok2 := one(tone)
		if tone == 0 || !ok1 || !ok2 {
			return nil, fmt.Errorf("vnenc: %q cannot be written", r)
		}
		out = append(out, b, t)
	}
	return out, nil
}

// vniEnc maps each Vietnamese letter to its VNI bytes, built from the
// decoding tables: every one-byte letter, and every ASCII vowel (or ơ, ư)
// followed by a mark byte that composes to one letter.
// Built on first use (a thousand decodings: 10–20 ms of every command's
// start when it was built at init).
var vniEnc = sync.OnceValue(func() map[rune]string {
	m := map[rune]string{}
	for b := 0xC0; b <= 0xFF; b++ {
		if r, _ := vniByte(byte(b)); r != 0 {
			m[r] = string([]byte{byte(b)})
		}
	}
	bases := []byte("aeiouyAEIOUY\xf4\xf6\xd4\xd6")
	for _, base := range bases {
		// A lower-case letter takes the lower-case mark byte, as VNI
		// writes it (both decode alike).
		first := 0xE0
		if base < 'a' || base == 0xD4 || base == 0xD6 {
			first = 0xC0
		}
		for k := 0; k < 64; k++ {
			b := 0xC0 + (first-0xC0+k)%64
			seq := []byte{base, byte(b)}
			s, err := Decode(VNI, seq)
			if err != nil || len([]rune(s)) != 1 {
				continue
			}
			r := []rune(s)[0]
			if _, ok := m[r]; !ok {
				m[r] = string(seq)
			}
		}
	}
	return m
})
