package provider

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

const testUserLocks = "spkey_user_accessible_locks_exclusive.test"

// testGrant is one grant of a test: lock id, name and level.
type testGrant struct {
	lockID      int64
	name, level string
}

// userLocksConfig gives grantee exactly grants, with the provider's
// actor_id set to actor.
func userLocksConfig(url string, grants ...testGrant) string {
	return providerBlock(url, fmt.Sprintf("  actor_id  = %q", actor)) + userLocksBlock("test", grantee, grants...)
}

func userLocksBlock(name, userID string, grants ...testGrant) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"spkey_user_accessible_locks_exclusive\" %q {\n  user_id = %q\n  locks = {\n", name, userID)
	for _, g := range grants {
		fmt.Fprintf(&b, "    %q = { lock_name = %q, access_level = %q }\n", fmt.Sprint(g.lockID), g.name, g.level)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// addRequests is checkRequests for AddAccessibleLock of g to userID,
// granted by actor.
func addRequests(mock *spkeytest.Server, userID string, g testGrant, n int) resource.TestCheckFunc {
	return checkRequests(mock, wantRequests{op: spkeytest.OpAddAccessibleLock, lockID: g.lockID, userID: userID, n: n,
		body: map[string]any{"lockId": fmt.Sprint(g.lockID), "lockName": g.name, "accessLevel": g.level, "grantedBy": actor}})
}

// removeRequests is checkRequests for RemoveAccessibleLock of lockID from
// userID, by actor with the default reason.
func removeRequests(mock *spkeytest.Server, userID string, lockID int64, n int) resource.TestCheckFunc {
	return checkRequests(mock, wantRequests{op: spkeytest.OpRemoveAccessibleLock, lockID: lockID, userID: userID, n: n,
		body: map[string]any{"lockId": fmt.Sprint(lockID), "removedBy": actor, "reason": defaultRemovalReason}})
}

// checkGrants asserts a user's whole list as the mock holds it.
func checkGrants(mock *spkeytest.Server, userID string, want ...testGrant) resource.TestCheckFunc {
	return func(*terraform.State) error {
		locks, _ := mock.AccessibleLocks(userID)
		got := make([]string, len(locks))
		for i, l := range locks {
			got[i] = fmt.Sprintf("%s=%s/%s", l.LockID, l.LockName, l.AccessLevel)
		}
		wanted := make([]string, len(want))
		for i, g := range want {
			wanted[i] = fmt.Sprintf("%d=%s/%s", g.lockID, g.name, g.level)
		}
		sort.Strings(got)
		sort.Strings(wanted)
		if strings.Join(got, ", ") != strings.Join(wanted, ", ") {
			return fmt.Errorf("the mock grants user %s: [%s], want [%s]", userID, strings.Join(got, ", "), strings.Join(wanted, ", "))
		}
		return nil
	}
}

// grantsValue is the check of a locks map holding exactly grants.
func grantsValue(grants ...testGrant) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(grants))
	for _, g := range grants {
		checks[fmt.Sprint(g.lockID)] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"lock_name": knownvalue.StringExact(g.name), "access_level": knownvalue.StringExact(g.level)})
	}
	return knownvalue.MapExact(checks)
}

func mustGrants(t *testing.T, mock *spkeytest.Server, userID string, grants ...testGrant) {
	t.Helper()
	for _, g := range grants {
		mustGrant(t, mock, userID, spkeytest.AccessibleLock{LockID: fmt.Sprint(g.lockID), LockName: g.name, AccessLevel: g.level, GrantedBy: userID})
	}
}

// The grants of the lifecycle test.
var (
	frontUser  = testGrant{7, "Front door", "USER"}
	frontGuest = testGrant{7, "Front door", "GUEST"}
	garage     = testGrant{8, "Garage", "GUEST"}
	backGuest  = testGrant{9, "Back door", "GUEST"}
	backAdmin  = testGrant{9, "Back door", "ADMIN"}
	rearAdmin  = testGrant{9, "Rear door", "ADMIN"}
	gate       = testGrant{10, "Gate", "USER"}
	shed       = testGrant{11, "Shed", "GUEST"}
)

// The life of a user's list: the create takes an existing list over
// (keeps the identical grant without a call, removes the unlisted one,
// re-creates the one that differs), a refresh shows every change made
// outside Terraform, each apply makes exactly the calls the difference
// needs, import reads the list, and destroy leaves every grant in place.
func TestAccUserAccessibleLocks_lifecycle(t *testing.T) {
	mock := newAccessMock(t)
	mustGrants(t, mock, grantee, frontUser, garage, backGuest)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, rearAdmin),
			removeRequests(mock, grantee, 7, 1), removeRequests(mock, grantee, 9, 2), removeRequests(mock, grantee, 10, 1)),
		Steps: []resource.TestStep{
			{
				Config: userLocksConfig(mock.URL, frontUser, backAdmin, gate),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testUserLocks, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(testUserLocks, tfjsonpath.New("granted_by"), knownvalue.StringExact(actor)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testUserLocks, tfjsonpath.New("locks"), grantsValue(frontUser, backAdmin, gate)),
					statecheck.ExpectKnownValue(testUserLocks, tfjsonpath.New("removal_reason"), knownvalue.StringExact(defaultRemovalReason)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, backAdmin, gate),
					addRequests(mock, grantee, frontUser, 0), removeRequests(mock, grantee, 7, 0),
					removeRequests(mock, grantee, 8, 1),
					removeRequests(mock, grantee, 9, 1), addRequests(mock, grantee, backAdmin, 1),
					addRequests(mock, grantee, gate, 1)),
			},
			{
				Config:           userLocksConfig(mock.URL, frontUser, backAdmin, gate),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Outside Terraform: a new grant, and another level. The
				// plan updates in place: one remove, one re-create.
				PreConfig: func() {
					mustGrants(t, mock, grantee, shed, frontGuest)
				},
				Config: userLocksConfig(mock.URL, frontUser, backAdmin, gate),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testUserLocks, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, backAdmin, gate),
					removeRequests(mock, grantee, 11, 1), removeRequests(mock, grantee, 7, 1), addRequests(mock, grantee, frontUser, 1),
					addRequests(mock, grantee, gate, 1), removeRequests(mock, grantee, 9, 1)),
			},
			{
				// The configuration drops a grant and renames another.
				Config: userLocksConfig(mock.URL, frontUser, rearAdmin),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testUserLocks, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testUserLocks, tfjsonpath.New("locks"), grantsValue(frontUser, rearAdmin)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, rearAdmin),
					removeRequests(mock, grantee, 10, 1), removeRequests(mock, grantee, 9, 2), addRequests(mock, grantee, rearAdmin, 1),
					removeRequests(mock, grantee, 7, 1)),
			},
			{
				// Removed outside Terraform: the plan adds it again.
				PreConfig: func() { mock.RevokeAccess(grantee, "7") },
				Config:    userLocksConfig(mock.URL, frontUser, rearAdmin),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testUserLocks, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, rearAdmin),
					addRequests(mock, grantee, frontUser, 2), removeRequests(mock, grantee, 9, 2)),
			},
			{
				// granted_by and removal_reason are Terraform's own: no call.
				Config: providerBlock(mock.URL, fmt.Sprintf("  actor_id  = %q", actor)) + strings.Replace(
					userLocksBlock("test", grantee, frontUser, rearAdmin), "  locks", "  removal_reason = \"offboarded\"\n  locks", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testUserLocks, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, rearAdmin),
					addRequests(mock, grantee, frontUser, 2), removeRequests(mock, grantee, 7, 1)),
			},
			{
				Config: userLocksConfig(mock.URL, frontUser, rearAdmin),
			},
			{
				ResourceName:                         testUserLocks,
				ImportState:                          true,
				ImportStateId:                        grantee,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "user_id",
				// An import cannot know who Terraform acts as: granted_by
				// stays unset until the next change.
				ImportStateVerifyIgnore: []string{"timeouts", "granted_by"},
			},
		},
	})
}

// An add or remove whose answer is lost after the server acted is read
// back, never sent again: one call per change.
func TestAccUserAccessibleLocks_lostAnswers(t *testing.T) {
	mock := newAccessMock(t)
	mustGrants(t, mock, grantee, garage)
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultDrop, Op: spkeytest.OpAddAccessibleLock, LockID: 7, After: true, Count: 1})
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultGateway, Status: 504, Op: spkeytest.OpAddAccessibleLock, LockID: 9, After: true, Count: 1})
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultGateway, Status: 502, Op: spkeytest.OpRemoveAccessibleLock, After: true, Count: 1})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, backAdmin),
			removeRequests(mock, grantee, 7, 0), removeRequests(mock, grantee, 9, 0), checkFaultsHit(mock, 3)),
		Steps: []resource.TestStep{{
			Config: userLocksConfig(mock.URL, frontUser, backAdmin),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testUserLocks, tfjsonpath.New("locks"), grantsValue(frontUser, backAdmin)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, backAdmin),
				addRequests(mock, grantee, frontUser, 1), addRequests(mock, grantee, backAdmin, 1), removeRequests(mock, grantee, 8, 1),
				checkFaultsHit(mock, 3)),
		}},
	})
}

// checkFaultsHit asserts how many requests an injected fault answered, so
// that a test of lost answers cannot pass without losing any.
func checkFaultsHit(mock *spkeytest.Server, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var hit []string
		for _, r := range mock.Requests() {
			if r.Fault != "" {
				hit = append(hit, r.Op+" "+fmt.Sprint(r.LockID))
			}
		}
		if len(hit) != want {
			return fmt.Errorf("faults answered %d requests (%v), want %d", len(hit), hit, want)
		}
		return nil
	}
}

// A lock whose add fails is left out of state and the others are done;
// the error names the lock and the call, and the next apply sends only
// the failed add.
func TestAccUserAccessibleLocks_partialFailure(t *testing.T) {
	mock := newAccessMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: userLocksConfig(mock.URL, frontUser, garage)},
			{
				PreConfig: func() {
					mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 403, Op: spkeytest.OpAddAccessibleLock, LockID: 9})
				},
				Config: userLocksConfig(mock.URL, frontUser, backAdmin, gate),
				ExpectError: errorMatching("Unable to Change Accessible Locks: 1 of 3 Locks Failed",
					"State records the user's grants as the API's answers tell",
					"First failure: While trying to grant user "+grantee+" access to lock 9", "HTTP 403",
					"lock 9: adding the grant"),
			},
			{
				PreConfig: mock.ClearFaults,
				Config:    userLocksConfig(mock.URL, frontUser, backAdmin, gate),
				Check: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, backAdmin, gate),
					addRequests(mock, grantee, backAdmin, 2), addRequests(mock, grantee, gate, 1), removeRequests(mock, grantee, 8, 1)),
			},
		},
	})
}

// A create that fails for one lock records the others; the tainted
// resource's replacement makes no call to destroy and sends only the
// failed add, as the error says.
func TestAccUserAccessibleLocks_partialCreate(t *testing.T) {
	mock := newAccessMock(t)
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 403, Op: spkeytest.OpAddAccessibleLock, LockID: 9})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: userLocksConfig(mock.URL, frontUser, backAdmin),
				ExpectError: errorMatching("Unable to Change Accessible Locks: 1 of 2 Locks Failed",
					"the destroy makes no API call, and the create reads the user's list again and sends only what is",
					"lock 9: adding the grant"),
			},
			{
				PreConfig: mock.ClearFaults,
				Config:    userLocksConfig(mock.URL, frontUser, backAdmin),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testUserLocks, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrants(mock, grantee, frontUser, backAdmin),
					addRequests(mock, grantee, frontUser, 1), addRequests(mock, grantee, backAdmin, 2), removeRequests(mock, grantee, 7, 0)),
			},
		},
	})
}

// The identity is { user_id }, and an import block with it imports the
// list with no change.
func TestAccUserAccessibleLocks_identity(t *testing.T) {
	mock := newAccessMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: []resource.TestStep{
			{
				Config: userLocksConfig(mock.URL, frontUser),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testUserLocks, map[string]knownvalue.Check{"user_id": knownvalue.StringExact(grantee)}),
				},
			},
			{
				ResourceName:    testUserLocks,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testUserLocks, plancheck.ResourceActionNoop)},
				},
			},
		},
	})
}

// Bad values fail the plan before any request: no actor, a lock id key
// that is not one, a level the API does not have, a blank name, an
// import id that is not a user id.
func TestAccUserAccessibleLocks_badInput(t *testing.T) {
	mock := newAccessMock(t)
	block := func(locks string) string {
		return fmt.Sprintf("resource \"spkey_user_accessible_locks_exclusive\" \"test\" {\n  user_id = %q\n  locks = %s\n}\n", grantee, locks)
	}
	withActor := providerBlock(mock.URL, fmt.Sprintf("  actor_id  = %q", actor))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(mock.URL) + block(`{ "7" = { lock_name = "Front door", access_level = "USER" } }`),
				PlanOnly:    true,
				ExpectError: errorMatching("Missing Granted By", "granted_by", "actor_id", "SPKEY_ACTOR_ID"),
			},
			{
				Config:      withActor + block(`{ "007" = { lock_name = "Front door", access_level = "USER" } }`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Lock ID", `"007" has leading zeros: write it as "7"`),
			},
			{
				Config:      withActor + block(`{ "7" = { lock_name = "Front door", access_level = "OPENER" } }`),
				PlanOnly:    true,
				ExpectError: errorMatching("access_level", `value must be one of`, `"OPENER"`),
			},
			{
				Config:      withActor + block(`{ "7" = { lock_name = " ", access_level = "USER" } }`),
				PlanOnly:    true,
				ExpectError: errorMatching("Blank Value", "lock_name"),
			},
			{
				Config:        withActor + block(`{}`),
				ResourceName:  testUserLocks,
				ImportState:   true,
				ImportStateId: "7",
				ExpectError: errorMatching("Invalid Import ID", `"7" is not a user id`,
					"terraform import spkey_user_accessible_locks_exclusive.example 6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"),
			},
		},
	})
	if n := len(mock.Requests()); n != 0 {
		t.Errorf("the mock received %d requests, want none", n)
	}
}
