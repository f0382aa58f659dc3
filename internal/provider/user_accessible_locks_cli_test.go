package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// The warnings of spkey_user_accessible_locks_exclusive, which only the
// real CLI shows, and what state holds after a partial failure before any
// refresh: a create names the grants it will take away, an update the
// ones a refresh found that Terraform did not make (never its own), two
// resources that manage one user's list are named, a destroy leaves the
// grants in place and says so, and a deleted user leaves state.
func TestAccCLI_userAccessibleLocksWarnings(t *testing.T) {
	mock := newAccessMock(t)
	mustGrants(t, mock, grantee, garage)
	cli := newCLI(t)
	config := func(extra string, grants ...testGrant) {
		writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL, fmt.Sprintf("  actor_id  = %q", actor))+
			userLocksBlock("test", grantee, grants...)+extra)
	}
	config("", frontUser)
	out := cli.run(true, "plan")
	mustContain(t, "plan of the create", out, "Warning: Existing Grants Will Be Removed", "User "+grantee+" already has accessible locks",
		`removes 1 grant(s) that locks does not list: lock 8 ("Garage" GUEST, granted by `+grantee+")")
	cli.run(true, "apply", "-auto-approve")

	// Terraform made lock 7; lock 11 came from elsewhere. Only 11 is worth
	// a warning when both go.
	mustGrants(t, mock, grantee, shed)
	config("")
	out = cli.run(true, "plan")
	mustContain(t, "plan that empties the list", out, "Warning: Grants Made Outside Terraform Will Be Removed",
		"found 1 grant(s) of user "+grantee+" that Terraform did not make", `lock 11 ("Shed" GUEST)`, "not in locks, so the apply removes them")
	if strings.Contains(out, `lock 7 ("Front door"`) {
		t.Errorf("the plan warns about lock 7, which Terraform made:\n%s", out)
	}

	// Two resources for one user's list: whichever Terraform plans second
	// warns.
	config(fmt.Sprintf(`
resource "spkey_lock_access" "front" {
  user_id      = %q
  lock_id      = 7
  lock_name    = "Front door"
  access_level = "ADMIN"
}
`, grantee), frontUser)
	out = cli.run(true, "plan")
	mustContain(t, "plan with a spkey_lock_access for the user", out, "Warning: Lock Access Granted Twice", "access to lock 7 differently")
	mustContain(t, "plan with a spkey_lock_access for the user", out, "Warning: User's Accessible Locks Managed Twice",
		"The accessible locks of user "+grantee+" are managed by", "removes every grant of the user that it does not list",
		"never both for one user")
	config(userLocksBlock("other", grantee, gate), frontUser)
	out = cli.run(true, "plan")
	mustContain(t, "plan with two lists for the user", out, "Warning: User's Accessible Locks Managed Twice",
		"each removes the grants only the other lists")

	// A failed add: state records exactly what the answers told, before
	// any refresh.
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 403, Op: spkeytest.OpAddAccessibleLock, LockID: 9})
	config("", frontUser, gate, backAdmin)
	out = cli.run(false, "apply", "-auto-approve")
	mustContain(t, "failed apply", out, "Unable to Change Accessible Locks: 1 of 3 Locks Failed", "lock 9: adding the grant")
	if got := stateLockKeys(t, cli, "spkey_user_accessible_locks_exclusive.test"); got != "10,7" {
		t.Errorf("state holds locks %s after the failed apply, want 10,7 (11 removed, 10 added, 9 failed)", got)
	}
	mock.ClearFaults()

	// A destroy makes no call: the grants stay, and the plan says so.
	mustGrants(t, mock, grantee, shed)
	mock.ResetStats()
	out = cli.run(true, "plan", "-destroy")
	mustContain(t, "plan -destroy", out, "Warning: Lock Access Left in Place", "user "+grantee+": no API call is made",
		"set locks = {} and apply before destroying")
	out = cli.run(true, "destroy", "-auto-approve")
	mustContain(t, "destroy", out, "Lock Access Left in Place", "Destroy complete! Resources: 1 destroyed.")
	for _, r := range mock.Requests() {
		if r.Op != spkeytest.OpAccessibleLocks {
			t.Errorf("the destroy sent %s %s; it makes no call", r.Method, r.Path)
		}
	}
	if err := checkGrants(mock, grantee, frontUser, gate, shed)(nil); err != nil {
		t.Errorf("after the destroy: %v", err)
	}

	// A deleted user leaves state on the next refresh.
	config("", frontUser)
	cli.run(true, "apply", "-auto-approve")
	mock.DeleteUser(grantee)
	out = cli.run(true, "apply", "-refresh-only", "-auto-approve")
	mustContain(t, "refresh after the user was deleted", out, "Warning: User No Longer Exists", "user "+grantee+" no longer exists",
		"removed from Terraform state")
	if got := stateLockKeys(t, cli, "spkey_user_accessible_locks_exclusive.test"); got != "" {
		t.Errorf("state still holds the user's list (%s)", got)
	}
}

// stateLockKeys returns the keys of a resource's locks map in the saved
// state, sorted and joined by commas; "" when the resource is not there.
func stateLockKeys(t *testing.T, cli *tfCLI, address string) string {
	t.Helper()
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string `json:"address"`
					Values  struct {
						Locks map[string]any `json:"locks"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(cli.run(true, "show", "-json")), &state); err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			keys := make([]string, 0, len(r.Values.Locks))
			for k := range r.Values.Locks {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return strings.Join(keys, ",")
		}
	}
	return ""
}

// A refresh reads each user's list once, however many resources hold its
// grants: for_each over 20 users' lists of 10 grants and 10
// spkey_lock_access of a 21st user refresh with exactly 21 GET
// accessible-locks and nothing else.
func TestAccCLI_accessibleLocksSharedReads(t *testing.T) {
	const users, perUser = 20, 10
	opts := spkeytest.Options{Token: testToken, APIKey: testKey}
	for n := int64(1); n <= users+1; n++ {
		opts.Users = append(opts.Users, spkeytest.NumberedUser(n))
	}
	mock := spkeytest.NewTestServer(t, opts)
	cli := newCLI(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL, fmt.Sprintf("  actor_id  = %q", actor))+
		fmt.Sprintf(`
locals {
  lock_ids = [for id in range(1, %[2]d) : tostring(id)]
}

resource "spkey_user_accessible_locks_exclusive" "u" {
  for_each = toset([for n in range(1, %[1]d) : format("00000000-0000-4000-a000-%%012d", n)])
  user_id  = each.key
  locks    = { for id in local.lock_ids : id => { lock_name = "Lock ${id}", access_level = "USER" } }
}

resource "spkey_lock_access" "a" {
  for_each     = toset(local.lock_ids)
  user_id      = %[3]q
  lock_id      = each.key
  lock_name    = "Lock ${each.key}"
  access_level = "GUEST"
}
`, users+1, perUser+1, spkeytest.UserUUID(users+1)))
	cli.run(true, "apply", "-auto-approve")
	applied := mock.Requests()
	byOp := map[string]int{}
	for _, r := range applied {
		byOp[r.Op]++
	}
	want := map[string]int{spkeytest.OpAddAccessibleLock: (users + 1) * perUser, spkeytest.OpAccessibleLocks: 2 * users}
	if fmt.Sprint(byOp) != fmt.Sprint(want) {
		// The plan and the apply each read a new list once (ModifyPlan
		// and Create share the apply's read).
		t.Errorf("the apply sent %v, want %v", byOp, want)
	}

	cli.run(true, "plan", "-detailed-exitcode")
	perUserReads := map[string]int{}
	for _, r := range mock.Requests()[len(applied):] {
		if r.Op != spkeytest.OpAccessibleLocks {
			t.Errorf("the refresh sent %s %s", r.Method, r.Path)
		}
		perUserReads[r.UserID]++
	}
	if len(perUserReads) != users+1 {
		t.Errorf("the refresh read the lists of %d users, want %d", len(perUserReads), users+1)
	}
	for user, n := range perUserReads {
		if n != 1 {
			t.Errorf("the refresh read the list of user %s %d times, want once", user, n)
		}
	}
}

// terraform query finds the grants of the users named, skipping one that
// does not exist and one named twice, and -generate-config-out writes
// spkey_lock_access blocks that import with no change and no write.
func TestAccCLI_lockAccessQueryGenerateConfig(t *testing.T) {
	cli := newCLI(t)
	if v := cliVersion(t); v.name != "terraform" || !v.atLeast(14) {
		t.Skipf("%s %d.%d has no terraform query (Terraform 1.14+)", v.name, v.major, v.minor)
	}
	mock := newAccessMock(t)
	other, missing := spkeytest.UserUUID(2), spkeytest.UserUUID(3)
	mustGrants(t, mock, grantee, frontUser, garage)
	mustGrants(t, mock, other, frontGuest)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL))
	query := func(filter string) {
		writeFile(t, filepath.Join(cli.dir, "access.tfquery.hcl"), fmt.Sprintf(`
list "spkey_lock_access" "users" {
  provider         = spkey
  include_resource = true
  config {
    user_ids = [%q, %q, %q, upper(%q)]
%s  }
}
`, grantee, missing, other, grantee, filter))
	}
	query("")
	out := cli.run(true, "query", "-generate-config-out=access.tf")
	mustContain(t, "query output", out, "user "+grantee+`: lock 7 "Front door" USER`, "user "+grantee+`: lock 8 "Garage" GUEST`,
		"user "+other+`: lock 7 "Front door" GUEST`)
	reads := map[string]int{}
	for _, r := range mock.Requests() {
		reads[r.Op+" "+r.UserID]++
	}
	if want := fmt.Sprint(map[string]int{"accessible-locks " + grantee: 1, "accessible-locks " + missing: 1, "accessible-locks " + other: 1}); fmt.Sprint(reads) != want {
		t.Errorf("the query sent %v, want %s", reads, want)
	}
	generated, err := os.ReadFile(filepath.Join(cli.dir, "access.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(generated)
	if c := strings.Count(gen, `resource "spkey_lock_access"`); c != 3 {
		t.Errorf("access.tf has %d resource blocks, want 3:\n%s", c, gen)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`lock_name\s*=\s*"Garage"`), regexp.MustCompile(`access_level\s*=\s*"GUEST"`),
		regexp.MustCompile(`granted_by\s*=\s*"` + other + `"`), regexp.MustCompile(`removal_reason\s*=\s*"removed by Terraform"`),
		regexp.MustCompile(`identity\s*=\s*\{`),
	} {
		if !want.MatchString(gen) {
			t.Errorf("access.tf does not match %s:\n%s", want, gen)
		}
	}
	out = cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply", out, "3 imported, 0 added, 0 changed, 0 destroyed")
	cli.run(true, "plan", "-detailed-exitcode")
	for _, r := range mock.Requests() {
		if r.Op != spkeytest.OpAccessibleLocks {
			t.Errorf("unexpected %s %s: importing grants nothing", r.Method, r.Path)
		}
	}

	// With lock_id, only that lock's grants.
	query("    lock_id  = 8\n")
	out = cli.run(true, "query")
	mustContain(t, "query for lock 8", out, "user "+grantee+`: lock 8 "Garage" GUEST`)
	if strings.Contains(out, "lock 7") {
		t.Errorf("the query for lock 8 found lock 7:\n%s", out)
	}
	t.Logf("generated configuration:\n%s", gen)
}
