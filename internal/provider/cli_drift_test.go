package provider

import (
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// newClockedMock starts a mock whose events are one minute apart, so that
// every timestamp is known.
func newClockedMock(t *testing.T, locks ...int64) *spkeytest.Server {
	t.Helper()
	return spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: locks,
		Clock: spkeytest.StepClock(time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), time.Minute)})
}

// lastEventTime is how the warnings write when the lock's last event
// happened: "<timestamp> (version N, <type> event)".
func lastEventTime(t *testing.T, mock *spkeytest.Server, lockID int64) string {
	t.Helper()
	evs, _ := mock.Events(lockID)
	if len(evs) == 0 {
		t.Fatalf("lock %d has no events", lockID)
	}
	ev := evs[len(evs)-1]
	return fmt.Sprintf("%s (version %d, %s event)", ev.Timestamp, ev.Version, ev.Type)
}

// eventsRequestsSince returns how many events requests each lock got
// since the mark.
func eventsRequestsSince(mock *spkeytest.Server, mark int) map[int64]int {
	got := map[int64]int{}
	for _, r := range mock.Requests()[mark:] {
		if r.Op == "events" {
			got[r.LockID]++
		}
	}
	return got
}

// A refresh that finds an owner changed outside Terraform says when, from
// one events request for that lock only; a lock that lost its owner costs
// none; a failing events endpoint leaves the time out and the refresh
// goes on. Destroy warns and makes no call; two owners for one lock warn.
func TestAccCLI_ownerDriftAndWarnings(t *testing.T) {
	mock := newClockedMock(t, 1, 2, 3)
	cli := newCLI(t)
	config := requiredProviders + providerBlock(mock.URL) + fmt.Sprintf(`
resource "spkey_lock_owner" "a" {
  lock_id = 1
  user_id = %q
}
resource "spkey_lock_owner" "b" {
  lock_id = 2
  user_id = %q
}
resource "spkey_lock_owner" "c" {
  lock_id = 3
  user_id = %q
}
# The organization and the owner are different facts: no conflict.
resource "spkey_lock_organization" "c" {
  lock_id = 3
  org_id  = "org_a"
}
`, userA, userA, userA)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), config)
	out := cli.run(true, "apply", "-auto-approve")
	if strings.Contains(out, "Two Owners") || strings.Contains(out, "Two Organizations") {
		t.Errorf("an owner and an organization for one lock were reported as a conflict:\n%s", out)
	}

	mock.SetOwner(1, userC)
	mark := len(mock.Requests())
	out = cli.run(true, "plan")
	mustContain(t, "plan output", out, "Warning: Lock Owner Changed Outside Terraform",
		fmt.Sprintf("Lock 1 has owner %q now, not %q as Terraform recorded: it changed outside Terraform at %s", userC, userA, lastEventTime(t, mock, 1)))
	if !strings.Contains(lastEventTime(t, mock, 1), "version 3, OwnerSet event") {
		t.Errorf("lock 1's last event is %s, want version 3, OwnerSet", lastEventTime(t, mock, 1))
	}
	if got := eventsRequestsSince(mock, mark); len(got) != 1 || got[1] != 1 {
		t.Errorf("events requests by lock during the plan: %v, want one for lock 1 only", got)
	}

	// A failing events endpoint: the refresh still succeeds, without the
	// time.
	if err := mock.AddCanned(spkeytest.Canned{Method: http.MethodGet, Path: "/locks/1/events", Status: http.StatusInternalServerError,
		ContentType: "application/json", Body: `{"error": "Internal Server Error", "message": "events are down"}`}); err != nil {
		t.Fatal(err)
	}
	out = cli.run(true, "plan")
	mustContain(t, "plan output with failing events", out, "Warning: Lock Owner Changed Outside Terraform",
		"it changed outside Terraform (when is unknown: the lock's event history could not be read", "HTTP 500")
	mock.ClearCanned()

	// A lock without an owner has no OwnerSet event to cite: no events
	// request, and the warning says it has none.
	cli.run(true, "apply", "-auto-approve")
	mock.SetOwner(2, "")
	mark = len(mock.Requests())
	out = cli.run(true, "plan")
	mustContain(t, "plan output", out, "Warning: Lock Owner Changed Outside Terraform", fmt.Sprintf("Lock 2 has no owner now, not %q", userA),
		"to leave the lock without an owner, remove this resource from the configuration")
	if strings.Contains(out, "new value") {
		t.Errorf("the warning for a removed owner speaks of a new value:\n%s", out)
	}
	if got := eventsRequestsSince(mock, mark); len(got) != 0 {
		t.Errorf("events requests by lock during the plan: %v, want none", got)
	}

	// Apply puts it back; a plan -destroy and destroy warn and make no
	// call that changes anything.
	cli.run(true, "apply", "-auto-approve")
	checkOwners(t, mock, map[int64]string{1: userA, 2: userA, 3: userA})
	out = cli.run(true, "plan", "-destroy")
	mustContain(t, "plan -destroy output", out, "Warning: Lock Owner Left in Place", fmt.Sprintf("lock 1 keeps owner %q", userA))
	mark = len(mock.Requests())
	out = cli.run(true, "destroy", "-auto-approve")
	mustContain(t, "destroy output", out, "Lock Owner Left in Place", "Destroy complete! Resources: 4 destroyed.")
	for _, r := range mock.Requests()[mark:] {
		if r.Op != "basic-info" {
			t.Errorf("destroy sent %s %s; it must only refresh", r.Method, r.Path)
		}
	}
	checkOwners(t, mock, map[int64]string{1: userA, 2: userA, 3: userA})

	// Two resources giving lock 1 different owners.
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+fmt.Sprintf(`
resource "spkey_lock_owner" "a" {
  lock_id = 1
  user_id = %q
}
resource "spkey_lock_owner" "b" {
  lock_id = 1
  user_id = %q
}
`, userA, userB))
	out = cli.run(true, "plan")
	mustContain(t, "plan output", out, "Warning: Lock Given Two Owners", "lock 1:", "by spkey_lock_owner,", "fight")
	if strings.Contains(out, "for lock 1") {
		t.Errorf("the conflict line names lock 1 twice:\n%s", out)
	}
}

func checkOwners(t *testing.T, mock *spkeytest.Server, want map[int64]string) {
	t.Helper()
	for id, user := range want {
		if l, _ := mock.Lock(id); l.OwnerID != user {
			t.Errorf("lock %d has owner %q, want %q", id, l.OwnerID, user)
		}
	}
}

// A fleet refresh says when for the first 5 drifted locks only: one events
// request each, none for the sixth drifted lock nor for locks that did not
// drift. A single lock's organization drift says when too.
func TestAccCLI_fleetDriftSaysWhen(t *testing.T) {
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8}
	mock := newClockedMock(t, append(ids, 20)...)
	cli := newCLI(t)
	config := requiredProviders + providerBlock(mock.URL) + `
resource "spkey_organization_locks" "fleet" {
  org_id = "org_a"
  locks  = { for id in [1, 2, 3, 4, 5, 6, 7, 8] : id => "" }
}
resource "spkey_lock_organization" "single" {
  lock_id = 20
  org_id  = "org_a"
}
`
	writeFile(t, filepath.Join(cli.dir, "main.tf"), config)
	cli.run(true, "apply", "-auto-approve")

	// Six locks move; 7 and 8 stay. Lock 1 gets a later unrelated event
	// too: its move is still found on the last page.
	for _, id := range []int64{6, 5, 4, 3, 2, 1} {
		mock.SetOrg(id, "org_b")
	}
	mock.SetOrg(20, "org_c")
	lock4 := lastEventTime(t, mock, 4)
	mock.BumpVersion(1)
	mark := len(mock.Requests())
	out := cli.run(true, "plan")
	mustContain(t, "plan output", out, "Warning: Locks Left the Organization Outside Terraform", `6 lock(s) in state no longer belong to "org_a"`,
		fmt.Sprintf(`lock 4 belongs to "org_b" since %s`, lock4), "and 1 more", "The time each lock moved is looked up in its event history for the first 5 locks listed only.")
	if !strings.Contains(lock4, "version 3, OrganizationSet event") {
		t.Errorf("lock 4's move is %s, want version 3, OrganizationSet", lock4)
	}
	mustContain(t, "plan output", out, "Warning: Lock Organization Changed Outside Terraform",
		fmt.Sprintf(`Lock 20 has organization "org_c" now, not "org_a" as Terraform recorded: it changed outside Terraform at %s`, lastEventTime(t, mock, 20)))
	got := eventsRequestsSince(mock, mark)
	for id, n := range got {
		if n != 1 || !slices.Contains([]int64{1, 2, 3, 4, 5, 20}, id) {
			t.Errorf("events requests by lock during the plan: %v, want one each for locks 1 to 5 and 20", got)
			break
		}
	}
	if len(got) != 6 {
		t.Errorf("events requests by lock during the plan: %v, want one each for locks 1 to 5 and 20", got)
	}
}

// A drift warning's time comes from the events endpoint within a few
// seconds of its own (issue 23 item 4): a slow endpoint costs the plan
// those seconds, not the read's retry budget, and the warning says the
// time is unknown. What the endpoint wrote reaches the terminal escaped
// (item 7): a timestamp that would clear the screen and forge an error
// line shows as one quoted line.
func TestAccCLI_driftWhenSlowOrHostileEvents(t *testing.T) {
	mock := newClockedMock(t, 1, 2, 3)
	cli := newCLI(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+fmt.Sprintf(`
resource "spkey_lock_owner" "a" {
  lock_id = 1
  user_id = %q
}
resource "spkey_organization_locks" "fleet" {
  org_id = "org_a"
  locks  = { "2" = "", "3" = "" }
}
`, userA))
	cli.run(true, "apply", "-auto-approve")
	mock.SetOwner(1, userC)
	mock.SetOrg(2, "org_b")

	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultLatency, Latency: 2 * time.Minute, Op: "events"})
	start := time.Now()
	out := cli.run(true, "plan")
	took := time.Since(start)
	mustContain(t, "plan output with slow events", out, "Warning: Lock Owner Changed Outside Terraform",
		"it changed outside Terraform (when is unknown: the lock's event history did not answer within 5s)",
		"Warning: Locks Left the Organization Outside Terraform", `lock 2 belongs to "org_b" (when is unknown: the lock's event history did not answer within 5s)`)
	// Both lookups run at once; the rest of a plan takes a few seconds.
	if took > 25*time.Second {
		t.Errorf("the plan took %s with a slow events endpoint; the lookups have 5s each", took)
	}
	mock.ClearFaults()

	page := `{"aggregateId": "1", "totalEvents": 1, "page": 1, "pageSize": 10, "totalPages": 1, "events": [{"aggregateType": "lock", ` +
		`"aggregateId": "1", "version": 9, "type": "OwnerSet", "timestamp": "\u001b[2J\u001b[31m2026-11-30T10:04:00Z\nError: fake", "orgId": "", "event": null}]}`
	if err := mock.AddCanned(spkeytest.Canned{Method: http.MethodGet, Path: "/locks/1/events", ContentType: "application/json", Body: page}); err != nil {
		t.Fatal(err)
	}
	out = cli.run(true, "plan")
	mustContain(t, "plan output with a hostile timestamp", out, "Warning: Lock Owner Changed Outside Terraform",
		`it changed outside Terraform at "\x1b[2J\x1b[31m2026-11-30T10:04:00Z\nError: fake" (version 9, OwnerSet event)`)
	if strings.Contains(out, "\x1b[2J") {
		t.Errorf("the plan output holds a raw terminal escape:\n%q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, "│ "), "Error: fake") {
			t.Errorf("the server forged a line of the plan output: %q", line)
		}
	}
}
