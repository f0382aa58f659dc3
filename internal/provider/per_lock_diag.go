package provider

// Messages of operations that call the API once per lock (runPerLock):
// the fleet, a user's whole list of grants.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// perLockFailures reports the locks a bulk operation (runPerLock) could
// not do: how many, why it stopped early if it did, the first failure in
// full (detail words it), the first few by id, and what state holds now
// (after).
func perLockFailures(summary string, failed map[int64]error, total int, after string, detail func(lockID int64, err error) string) diag.Diagnostic {
	stop, notTried := stoppedEarly(failed)
	ids := make([]int64, 0, len(failed)-notTried)
	for _, id := range sortedIDs(failed) {
		if !isNotTried(failed[id]) {
			ids = append(ids, id)
		}
	}
	firstID := ids[0]
	summary = fmt.Sprintf("%s: %d of %d Locks Failed", summary, len(ids), total)
	if stop != nil {
		firstID = stop.causeLock
		if notTried > 0 {
			summary += fmt.Sprintf(", %d Not Tried", notTried)
		}
		after = stoppedEarlyText(stop, notTried) + " " + after
	}
	lines := make([]string, 0, maxListed+1)
	for i, id := range ids {
		if i == maxListed {
			lines = append(lines, fmt.Sprintf("... and %d more", len(ids)-maxListed))
			break
		}
		lines = append(lines, fmt.Sprintf("lock %d: %v", id, failed[id]))
	}
	return diag.NewErrorDiagnostic(summary,
		fmt.Sprintf("%s\n\nFirst failure: %s\n\nFailed locks:\n  %s", after, detail(firstID, failed[firstID]),
			strings.Join(lines, "\n  ")))
}

// stoppedEarlyText says why a bulk operation stopped before calling every
// lock.
func stoppedEarlyText(stop *notTriedError, notTried int) string {
	if stop.consecutive == 0 {
		return fmt.Sprintf("Stopped at the first 401: the credentials are wrong for every lock, so %d lock(s) were not tried.", notTried)
	}
	return fmt.Sprintf("Stopped after %d calls in a row failed on the way to the API (every retry spent, or no SmartphoneKey API "+
		"at base_url): %d lock(s) were not tried.", stop.consecutive, notTried)
}
