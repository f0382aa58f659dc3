package provider

import (
	"strings"
	"testing"
)

// TestTempKeyInactiveDiag: the warning about a key that no longer opens
// the door names the limit that was reached, and only that one as the
// remedy.
func TestTempKeyInactiveDiag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status     string
		want, not  string
		reasonText string
	}{
		{status: tempKeyExpired, want: "raise valid_until:", not: "max_uses", reasonText: "grants nothing since 2030-02-01T00:00:00Z"},
		{status: tempKeyUsedUp, want: "raise max_uses (or remove it for no limit):", not: "valid_until", reasonText: "used 2 times (max_uses 2)"},
	}
	for _, tt := range tests {
		d := tempKeyInactiveDiag(7, "3f9a1c0e7b2d4a68", tt.status, tkUntil, 2, 2)
		detail := d.Detail()
		if !strings.Contains(detail, tt.reasonText) || !strings.Contains(detail, tt.want) || strings.Contains(detail, tt.not) {
			t.Errorf("%s: detail %q, want %q and %q, without %q", tt.status, detail, tt.reasonText, tt.want, tt.not)
		}
	}
}
