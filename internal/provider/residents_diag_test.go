package provider

import (
	"strings"
	"testing"
)

// TestResidentsLeftInPlaceDiag: destroying (or moving) an exclusive list
// of residents warns about the residents it leaves, and says nothing when
// it leaves none, as after residents = {} was applied the way the warning
// advises.
func TestResidentsLeftInPlaceDiag(t *testing.T) {
	t.Parallel()
	if got := residentsLeftInPlaceDiag(7, 0, true); len(got) != 0 {
		t.Errorf("no residents left: %d diagnostics, want none: %v", len(got), got)
	}
	got := residentsLeftInPlaceDiag(7, 3, true)
	if len(got) != 1 || got[0].Summary() != "Residents Left in Place" ||
		!strings.Contains(got[0].Detail(), "Destroying this resource") || !strings.Contains(got[0].Detail(), "its 3 resident(s) stay") {
		t.Errorf("three residents left by a destroy: %v", got)
	}
}
