package client

import (
	"html"
	"unicode/utf16"
	"unicode/utf8"
)

// unescape decodes the escape at the start of b, of any kind a server or a
// proxy writes text in, and returns what it stands for and how many bytes
// of b it takes; n is 0 when b does not start with one. The kinds:
//
//   - a backslash escape of JSON or JavaScript: \/ \" \' \\ \n and the
//     like, \uXXXX (with a surrogate pair), \u{X...}, \xHH, and a
//     backslash before any other character, which JavaScript drops;
//   - an HTML character reference: &#47; &#x2F; &sol; &amp; (a numeric
//     one also without its semicolon);
//   - percent-encoding: %2F, and JavaScript's old %u002F.
//
// It is for finding secrets in text, not for reading data: a literal
// backslash or percent sign that was never meant as an escape decodes to
// something else, which costs nothing here, since redactor searches the
// text itself too.
func unescape(b []byte) (decoded []byte, n int) {
	if len(b) < 2 {
		return nil, 0
	}
	switch b[0] {
	case '\\':
		return backslashEscape(b)
	case '%':
		return percentEscape(b)
	case '&':
		return htmlReference(b)
	}
	return nil, 0
}

func backslashEscape(b []byte) ([]byte, int) {
	switch c := b[1]; c {
	case 'u':
		if len(b) > 2 && b[2] == '{' {
			return braceEscape(b)
		}
		r, ok := hexRune(b[2:], 4)
		if !ok {
			return nil, 0
		}
		if utf16.IsSurrogate(r) {
			if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
				if r2, ok := hexRune(b[8:], 4); ok {
					if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
						return utf8.AppendRune(nil, pair), 12
					}
				}
			}
			return utf8.AppendRune(nil, utf8.RuneError), 6
		}
		return utf8.AppendRune(nil, r), 6
	case 'x':
		r, ok := hexRune(b[2:], 2)
		if !ok {
			return nil, 0
		}
		return utf8.AppendRune(nil, r), 4
	case 'n':
		return []byte{'\n'}, 2
	case 't':
		return []byte{'\t'}, 2
	case 'r':
		return []byte{'\r'}, 2
	case 'b':
		return []byte{'\b'}, 2
	case 'f':
		return []byte{'\f'}, 2
	case 'v':
		return []byte{'\v'}, 2
	case '0':
		return []byte{0}, 2
	default:
		if c < utf8.RuneSelf && c > ' ' {
			return []byte{c}, 2
		}
	}
	return nil, 0
}

// braceEscape decodes JavaScript's \u{X...}: one to six hexadecimal
// digits.
func braceEscape(b []byte) ([]byte, int) {
	for end := 3; end < len(b) && end <= 9; end++ {
		if b[end] == '}' {
			r, ok := hexRune(b[3:end], end-3)
			if !ok || end == 3 || !utf8.ValidRune(r) {
				return nil, 0
			}
			return utf8.AppendRune(nil, r), end + 1
		}
	}
	return nil, 0
}

func percentEscape(b []byte) ([]byte, int) {
	if b[1] == 'u' || b[1] == 'U' {
		r, ok := hexRune(b[2:], 4)
		if !ok {
			return nil, 0
		}
		return utf8.AppendRune(nil, r), 6
	}
	if len(b) < 3 {
		return nil, 0
	}
	hi, ok1 := hexDigit(b[1])
	lo, ok2 := hexDigit(b[2])
	if !ok1 || !ok2 {
		return nil, 0
	}
	return []byte{hi<<4 | lo}, 3
}

// maxReference bounds an HTML character reference: the longest named one
// is 33 bytes with its & and ;.
const maxReference = 40

func htmlReference(b []byte) ([]byte, int) {
	end := 1
	numeric := b[1] == '#'
	if numeric {
		end = 2
		if end < len(b) && (b[end] == 'x' || b[end] == 'X') {
			end++
		}
	}
	for end < len(b) && end < maxReference && isAlnum(b[end]) {
		end++
	}
	switch {
	case end < len(b) && b[end] == ';':
		end++
	case !numeric:
		// A named reference without its semicolon is text ("a&b").
		return nil, 0
	}
	ref := string(b[:end])
	decoded := html.UnescapeString(ref)
	if decoded == ref {
		return nil, 0
	}
	return []byte(decoded), end
}

// hexRune reads exactly n (at most 6) hexadecimal digits at the start of
// b.
func hexRune(b []byte, n int) (rune, bool) {
	if len(b) < n || n == 0 || n > 6 {
		return 0, false
	}
	var r rune
	for _, c := range b[:n] {
		d, ok := hexDigit(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
