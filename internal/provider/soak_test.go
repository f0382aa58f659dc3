package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

const soakLocks = 300

// TestAccSoak applies 300 locks through for_each against a mock that fails
// 20% of all requests (429 with Retry-After, 502, 503, dropped
// connections). The apply must succeed, the mock must hold exactly the
// configuration, and a re-plan under the same faults must be empty. Then,
// with faults beyond the retry budget, the apply fails with clear errors,
// and a second apply without faults converges with nothing lost or
// applied twice.
//
// It drives the CLI directly: terraform-plugin-testing cannot read back a
// state with for_each string keys.
func TestAccSoak(t *testing.T) {
	ids := make([]int64, soakLocks)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	mock := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: ids, Seed: 20261125})
	cli := newCLI(t)
	main := filepath.Join(cli.dir, "main.tf")
	config := func(org string, maxRetries int) string {
		return requiredProviders + providerBlock(mock.URL, fmt.Sprintf("  max_retries = %d", maxRetries)) + fmt.Sprintf(`
resource "spkey_lock_organization" "fleet" {
  for_each = toset([for i in range(1, %d) : tostring(i)])
  lock_id  = tonumber(each.value)
  org_id   = %q
}
`, soakLocks+1, org)
	}

	// Phase 1: 20% of requests fail. A 429 pauses every request of the
	// provider for its Retry-After, so it is the rarer fault here. Eight
	// retries make giving up on any one of the ~600 requests a
	// one-in-a-million event.
	for _, f := range []spkeytest.Fault{
		{Kind: spkeytest.FaultStatus, Status: 429, RetryAfter: "1", Rate: 0.02},
		{Kind: spkeytest.FaultStatus, Status: 502, Rate: 0.06},
		{Kind: spkeytest.FaultStatus, Status: 503, Rate: 0.06},
		{Kind: spkeytest.FaultDrop, Rate: 0.06},
	} {
		mustInject(t, mock, f)
	}
	writeFile(t, main, config("org_a", 8))
	start := time.Now()
	cli.run(true, "apply", "-auto-approve")
	applied := time.Since(start)
	checkFleetNow(t, mock, "org_a", 2)
	start = time.Now()
	out := cli.run(true, "plan", "-detailed-exitcode")
	replanned := time.Since(start)
	mustContain(t, "re-plan under faults", out, "No changes.")
	s := mock.Stats()
	t.Logf("phase 1: %d locks, apply %s, re-plan %s; %d requests, %d faults injected (%d × 429, %d × 502, %d × 503, %d dropped), %d retries, %d TCP connections; mismatches 0",
		soakLocks, applied.Round(time.Millisecond), replanned.Round(time.Millisecond), s.Requests, s.Faults,
		s.ByStatus[429], s.ByStatus[502], s.ByStatus[503], s.ByStatus[0], s.Requests-int64(s.ByStatus[200]), s.Connections)

	// Phase 2: half of all SetOrganization calls fail with 503 and only one
	// retry is allowed, so about a quarter of the locks fail.
	mock.ClearFaults()
	mock.ResetStats()
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 503, Rate: 0.5, Op: "SetOrganization"})
	writeFile(t, main, config("org_b", 1))
	out = cli.run(false, "apply", "-auto-approve")
	failed := strings.Count(out, "Error: Unable to Set Lock Organization")
	mustContain(t, "apply beyond the retry budget", out, "Unable to Set Lock Organization", "failed with HTTP 503", "after 2 attempts", "raise max_retries")
	moved := 0
	for _, l := range mock.Locks() {
		if l.OrgID == "org_b" {
			moved++
		}
	}
	if failed == 0 || moved+failed != soakLocks {
		t.Errorf("phase 2: %d locks moved and %d errors; want them to add up to %d with some errors", moved, failed, soakLocks)
	}
	t.Logf("phase 2: %d requests, %d answered 503; %d locks moved, %d errors reported", mock.Stats().Requests, mock.Stats().ByStatus[503], moved, failed)

	// Phase 3: no faults. The apply finishes exactly the failed locks.
	mock.ClearFaults()
	mock.ResetStats()
	cli.run(true, "apply", "-auto-approve")
	if sets := len(requestsOf(mock, "SetOrganization")); sets != failed {
		t.Errorf("phase 3 sent %d SetOrganization calls; want one per failed lock (%d)", sets, failed)
	}
	// Every lock was set to org_a once and to org_b once: version 3
	// everywhere means none was lost and none moved twice.
	checkFleetNow(t, mock, "org_b", 3)
	mustContain(t, "final plan", cli.run(true, "plan", "-detailed-exitcode"), "No changes.")
}

// checkFleetNow asserts that the mock holds exactly the configuration:
// every lock in org at the given version.
func checkFleetNow(t *testing.T, mock *spkeytest.Server, org string, version int64) {
	t.Helper()
	mismatches := 0
	for _, l := range mock.Locks() {
		if l.OrgID != org || l.Version != version {
			if mismatches == 0 {
				t.Errorf("lock %d: org %q version %d, want %q version %d", l.ID, l.OrgID, l.Version, org, version)
			}
			mismatches++
		}
	}
	if mismatches > 0 {
		t.Fatalf("%d of %d locks differ from the configuration", mismatches, len(mock.Locks()))
	}
}
