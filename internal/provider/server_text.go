package provider

// Server text in messages. A value a server wrote (an event's timestamp,
// an organization id read back, a grant's name) reaches a warning, an
// error or terraform query's display names only through serverText or
// serverWord: control characters, terminal escape sequences, line breaks
// and invisible format characters are shown as Go escapes (\x1b, \n,
// \u202e), so that a server can neither drive the terminal nor forge a
// line of Terraform's output ("\nError: ..."), and each value stays on
// one line. Printable Unicode is kept. An API error's own text (its
// message, a decoding error) is made printable by the client
// (client.Printable) and redacted there; a value from an answer is
// redacted here, with Client.Redact, before it is shown.

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// serverText is a value a server wrote, quoted with Go escapes: what %q
// writes, for a message that shows the value in quotes.
func serverText(s string) string { return strconv.Quote(s) }

// serverWord is a value a server wrote, as is when it is plain text
// (printable runes and ASCII spaces only, no quotes or backslashes, such
// as "2026-11-30T10:04:00Z" or "Ada Lovelace"), else quoted with Go
// escapes (serverText): for a message or a display name that shows the
// value bare.
func serverWord(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !strconv.IsPrint(r) || r == utf8.RuneError || r == '"' || r == '\\' || r == '\''
	}) {
		return s
	}
	return serverText(s)
}
