package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// hostile is server text that would clear the terminal and forge an error
// line of Terraform's own if it reached the output raw.
const hostile = "\x1b[2J\x1b[1;31m2026-11-30T10:04:00Z\u202e\nError: fake"

// assertOneSafeLine fails when text holds a control character or an
// invisible format character, or when hostile's forged line starts a
// line of its own.
func assertOneSafeLine(t *testing.T, what, text string) {
	t.Helper()
	for _, r := range text {
		if r == '\x1b' || r == '\u202e' || r == '\r' {
			t.Errorf("%s holds %U raw: %q", what, r, text)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Error: fake") {
			t.Errorf("%s starts a forged line: %q", what, text)
		}
	}
}

func TestServerText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, text, word string }{
		{in: "org_b", text: `"org_b"`, word: "org_b"},
		{in: "2026-11-30T10:04:00Z", text: `"2026-11-30T10:04:00Z"`, word: "2026-11-30T10:04:00Z"},
		{in: "Zürich-Süd", text: `"Zürich-Süd"`, word: "Zürich-Süd"},
		{in: "Ada Lovelace", text: `"Ada Lovelace"`, word: "Ada Lovelace"},
		{in: "no\u00a0break", text: `"no\u00a0break"`, word: `"no\u00a0break"`},
		{in: " padded", text: `" padded"`, word: " padded"},
		{in: "", text: `""`, word: `""`},
		{in: hostile, text: `"\x1b[2J\x1b[1;31m2026-11-30T10:04:00Z\u202e\nError: fake"`, word: `"\x1b[2J\x1b[1;31m2026-11-30T10:04:00Z\u202e\nError: fake"`},
		{in: "bad \xff byte", text: `"bad \xff byte"`, word: `"bad \xff byte"`},
		{in: `say "hi"`, text: `"say \"hi\""`, word: `"say \"hi\""`},
	} {
		if got := serverText(tc.in); got != tc.text {
			t.Errorf("serverText(%q) = %s, want %s", tc.in, got, tc.text)
		}
		if got := serverWord(tc.in); got != tc.word {
			t.Errorf("serverWord(%q) = %s, want %s", tc.in, got, tc.word)
		}
	}
}

// Every message that shows a server's text shows it escaped, on one line
// (issue 23 item 7): an event's timestamp and type in drift warnings, a
// lock's organization or owner, a fleet's gone locks, an API error's
// title and message, terraform query's display names.
func TestServerTextInMessages(t *testing.T) {
	t.Parallel()
	ev := client.Event{Version: "7", Type: "OwnerSet\nError: fake", Timestamp: hostile}
	now := hostile
	other := hostile
	apiErr := &client.APIError{Method: "GET", Path: "/locks/5/basic-info", StatusCode: 500}
	// The client makes an API error's text printable (scrub); what it
	// makes of a hostile body is what the provider shows.
	srvErr := hostileAPIError(t)
	for what, text := range map[string]string{
		"drift warning":         assignmentDriftDiag("owner", "user_id", 5, "was", &now, changedWhen(&ev, nil)).Detail(),
		"drift warning, value":  assignmentDriftDiag("organization", "org_id", 5, hostile, nil, "").Detail(),
		"fleet drift":           locksDriftedDiag("org_a", []goneLock{{id: 5, orgID: &other, since: " since " + eventTime(ev)}}).Detail(),
		"left in place":         orgLeftInPlaceDiag(5, hostile).Detail(),
		"owner left in place":   ownerLeftInPlaceDiag(5, hostile).Detail(),
		"fleet left in place":   locksLeftInPlaceDiag([]int64{5}, hostile, true).Detail(),
		"API error":             apiErrorDiag(opReadLock, lockSubject(5), "http://127.0.0.1:1", srvErr).Detail(),
		"API error, fleet line": perLockFailuresDiag(opReadLock, map[int64]error{5: srvErr, 6: apiErr}, 2, "http://127.0.0.1:1", fleetReadAfter).Detail(),
	} {
		assertOneSafeLine(t, what, text)
		if !strings.Contains(text, `\x1b[2J`) && !strings.Contains(text, `\\x1b[2J`) {
			t.Errorf("%s does not show the escape sequence escaped: %q", what, text)
		}
	}
	when := changedWhen(&ev, nil)
	if want := ` at "\x1b[2J\x1b[1;31m2026-11-30T10:04:00Z\u202e\nError: fake" (version 7, "OwnerSet\nError: fake" event)`; when != want {
		t.Errorf("changedWhen = %s, want %s", when, want)
	}
}

// TestDriftWarningWording pins the drift warning's advice (issue 23 item
// 9): with a new value, set the attribute to it; with none, there is no
// new value to set.
func TestDriftWarningWording(t *testing.T) {
	t.Parallel()
	org := "org_b"
	moved := assignmentDriftDiag("organization", "org_id", 5, "org_a", &org, "").Detail()
	if want := `Lock 5 has organization "org_b" now, not "org_a" as Terraform recorded: it changed outside Terraform. ` +
		`The next apply sets it back to "org_a"; to keep the change instead, set org_id = "org_b" in the configuration.`; moved != want {
		t.Errorf("drift warning:\n%s\nwant\n%s", moved, want)
	}
	removed := assignmentDriftDiag("owner", "user_id", 5, "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60", nil, "").Detail()
	if want := `Lock 5 has no owner now, not "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60" as Terraform recorded: it changed outside Terraform. ` +
		`The next apply sets it back to "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"; to leave the lock without an owner, remove this resource ` +
		`from the configuration (destroying it makes no API call).`; removed != want {
		t.Errorf("drift warning without an owner:\n%s\nwant\n%s", removed, want)
	}
	if strings.Contains(removed, "new value") {
		t.Errorf("the warning for a removed owner speaks of a new value: %s", removed)
	}
	if got := whenUnknown(fmt.Errorf("GET /locks/5/events: %w", context.DeadlineExceeded)); got != " (when is unknown: the lock's event history did not answer within 5s)" {
		t.Errorf("whenUnknown(deadline) = %q", got)
	}
	if got := whenUnknown(errors.New("HTTP 500")); got != " (when is unknown: the lock's event history could not be read: HTTP 500)" {
		t.Errorf("whenUnknown(500) = %q", got)
	}
}

// hostileAPIError is the error of a real call to a server whose 500 says
// hostile things in its title and message.
func hostileAPIError(t *testing.T) error {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"success": false, "error": hostile, "message": "down " + hostile})
	srv := httptest.NewServer(jsonAnswer(http.StatusInternalServerError, string(body)))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Token: "tok-0123", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.LockBasicInfo(context.Background(), 5)
	if err == nil {
		t.Fatal("no error")
	}
	return err
}
