package provider

import (
	"strings"
	"testing"
)

// TestGrantsLeftInPlaceDiag: destroying (or moving) an exclusive list
// warns about the grants it leaves, and says nothing when it leaves none,
// as after locks = {} was applied the way the warning advises.
func TestGrantsLeftInPlaceDiag(t *testing.T) {
	t.Parallel()
	if got := grantsLeftInPlaceDiag(grantee, 0, true); len(got) != 0 {
		t.Errorf("no grants left: %d diagnostics, want none: %v", len(got), got)
	}
	got := grantsLeftInPlaceDiag(grantee, 2, false)
	if len(got) != 1 || got[0].Summary() != "Lock Access Left in Place" ||
		!strings.Contains(got[0].Detail(), "Moving this resource to another user_id") || !strings.Contains(got[0].Detail(), "the 2 grant(s) stay") {
		t.Errorf("two grants left by a move: %v", got)
	}
}
