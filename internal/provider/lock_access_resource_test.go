package provider

import (
	"fmt"
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

// The users and the actor of the access tests: mock users 1 and 2, and
// user 9, who grants.
var (
	grantee = spkeytest.UserUUID(1)
	actor   = spkeytest.UserUUID(9)
)

const testAccess = "spkey_lock_access.test"

// newAccessMock starts a mock with lock 7 and users 1, 2 and 9.
func newAccessMock(t *testing.T) *spkeytest.Server {
	t.Helper()
	return spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: []int64{7},
		Users: []spkeytest.User{spkeytest.NumberedUser(1), spkeytest.NumberedUser(2), spkeytest.NumberedUser(9)}})
}

// accessConfig grants grantee lock 7 as name at level, with the provider's
// actor_id set to actor.
func accessConfig(url, name, level string) string {
	return providerBlock(url, fmt.Sprintf("  actor_id  = %q", actor)) + fmt.Sprintf(`
resource "spkey_lock_access" "test" {
  user_id      = %q
  lock_id      = 7
  lock_name    = %q
  access_level = %q
}
`, grantee, name, level)
}

// grantRequests is addRequests for lock 7 to grantee, as accessConfig
// sends it.
func grantRequests(mock *spkeytest.Server, name, level string, n int) resource.TestCheckFunc {
	return addRequests(mock, grantee, testGrant{7, name, level}, n)
}

// revokeRequests is removeRequests for lock 7 from grantee.
func revokeRequests(mock *spkeytest.Server, n int) resource.TestCheckFunc {
	return removeRequests(mock, grantee, 7, n)
}

// checkGrant asserts grantee's grant of lock 7 as the mock holds it; an
// empty level means none.
func checkGrant(mock *spkeytest.Server, name, level string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		locks, _ := mock.AccessibleLocks(grantee)
		var got *spkeytest.AccessibleLock
		for i := range locks {
			if locks[i].LockID == "7" {
				got = &locks[i]
			}
		}
		switch {
		case level == "" && got != nil:
			return fmt.Errorf("the mock still grants lock 7: %+v", *got)
		case level == "":
			return nil
		case got == nil:
			return fmt.Errorf("the mock does not grant lock 7, want %s (%s)", name, level)
		case got.LockName != name || got.AccessLevel != level:
			return fmt.Errorf("the mock grants lock 7 as %s (%s), want %s (%s)", got.LockName, got.AccessLevel, name, level)
		}
		return nil
	}
}

func TestAccLockAccess_lifecycle(t *testing.T) {
	mock := newAccessMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "", ""), revokeRequests(mock, 4)),
		Steps: []resource.TestStep{
			{
				// Create: one AddAccessibleLock, granted by the actor.
				Config: accessConfig(mock.URL, "Front door", "USER"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testAccess, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(testAccess, tfjsonpath.New("granted_by"), knownvalue.StringExact(actor)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccess, tfjsonpath.New("id"), knownvalue.StringExact(grantee+":7")),
					statecheck.ExpectKnownValue(testAccess, tfjsonpath.New("granted_by"), knownvalue.StringExact(actor)),
					statecheck.ExpectKnownValue(testAccess, tfjsonpath.New("removal_reason"), knownvalue.StringExact(defaultRemovalReason)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "Front door", "USER"), grantRequests(mock, "Front door", "USER", 1)),
			},
			{
				Config:           accessConfig(mock.URL, "Front door", "USER"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A new level: the API cannot change a grant, so the plan
				// re-creates it: remove, then add.
				Config: accessConfig(mock.URL, "Front door", "ADMIN"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccess, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "Front door", "ADMIN"),
					grantRequests(mock, "Front door", "ADMIN", 1), revokeRequests(mock, 1)),
			},
			{
				// A new name: re-created likewise.
				Config: accessConfig(mock.URL, "Main door", "ADMIN"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccess, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "Main door", "ADMIN"),
					grantRequests(mock, "Main door", "ADMIN", 1), revokeRequests(mock, 2)),
			},
			{
				// Drift: the level changed behind Terraform's back. The
				// refresh sees it and the plan re-creates the grant.
				PreConfig: func() {
					mock.RevokeAccess(grantee, "7")
					mustGrant(t, mock, grantee, spkeytest.AccessibleLock{LockID: "7", LockName: "Main door", AccessLevel: "GUEST", GrantedBy: actor})
				},
				Config: accessConfig(mock.URL, "Main door", "ADMIN"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccess, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "Main door", "ADMIN"),
					grantRequests(mock, "Main door", "ADMIN", 2), revokeRequests(mock, 3)),
			},
			{
				// Removed behind Terraform's back: it leaves state and the
				// plan grants it again.
				PreConfig: func() { mock.RevokeAccess(grantee, "7") },
				Config:    accessConfig(mock.URL, "Main door", "ADMIN"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testAccess, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "Main door", "ADMIN"), grantRequests(mock, "Main door", "ADMIN", 3)),
			},
			{
				ResourceName:            testAccess,
				ImportState:             true,
				ImportStateId:           grantee + ":7",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

func mustGrant(t *testing.T, mock *spkeytest.Server, userID string, a spkeytest.AccessibleLock) {
	t.Helper()
	if err := mock.GrantAccess(userID, a); err != nil {
		t.Fatal(err)
	}
}

// TestAccLockAccess_identity: the identity is { user_id, lock_id }, and an
// import block with it imports the grant with no change.
func TestAccLockAccess_identity(t *testing.T) {
	mock := newAccessMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: identityImportSteps(accessConfig(mock.URL, "Front door", "USER"), testAccess, map[string]knownvalue.Check{
			"user_id": knownvalue.StringExact(grantee),
			"lock_id": knownvalue.Int64Exact(7),
		}),
	})
}

// TestAccLockAccess_upperCaseUserID: a user id typed in upper case is the
// same user (the API writes ids in lower case): the grant is made, read
// and removed under the user's id, and the re-plan is empty.
func TestAccLockAccess_upperCaseUserID(t *testing.T) {
	mock := newAccessMock(t)
	config := providerBlock(mock.URL, fmt.Sprintf("  actor_id  = %q", actor)) + fmt.Sprintf(`
resource "spkey_lock_access" "test" {
  user_id      = %q
  lock_id      = 7
  lock_name    = "Front door"
  access_level = "USER"
}
`, strings.ToUpper(grantee))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "", ""), revokeRequests(mock, 1)),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testAccess, tfjsonpath.New("id"), knownvalue.StringExact(grantee+":7")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "Front door", "USER"), grantRequests(mock, "Front door", "USER", 1)),
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// TestAccLockAccess_alreadyGranted: a create that finds the grant already
// there adopts it when name and level match, and otherwise fails showing
// the grant and the import command, changing nothing.
func TestAccLockAccess_alreadyGranted(t *testing.T) {
	t.Run("same values", func(t *testing.T) {
		mock := newAccessMock(t)
		mustGrant(t, mock, grantee, spkeytest.AccessibleLock{LockID: "7", LockName: "Front door", AccessLevel: "USER", GrantedBy: grantee})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{{
				Config: accessConfig(mock.URL, "Front door", "USER"),
				Check: resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "Front door", "USER"),
					grantRequests(mock, "Front door", "USER", 1), revokeRequests(mock, 0)),
			}},
		})
	})
	t.Run("other values", func(t *testing.T) {
		mock := newAccessMock(t)
		mustGrant(t, mock, grantee, spkeytest.AccessibleLock{LockID: "7", LockName: "Back door", AccessLevel: "GUEST", GrantedBy: grantee})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{{
				Config: accessConfig(mock.URL, "Front door", "USER"),
				ExpectError: errorMatching("Lock Access Already Granted", `with lock_name "Back door" and access_level "GUEST"`,
					"terraform import spkey_lock_access.<name> "+grantee+":7"),
			}},
		})
		if err := checkGrant(mock, "Back door", "GUEST")(nil); err != nil {
			t.Error(err)
		}
	})
}

// TestAccLockAccess_lostAnswers: an add or remove whose answer is lost
// after the server acted is read back, never sent again.
func TestAccLockAccess_lostAnswers(t *testing.T) {
	mock := newAccessMock(t)
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultDrop, Op: spkeytest.OpAddAccessibleLock, After: true, Count: 1})
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultGateway, Status: 504, Op: spkeytest.OpRemoveAccessibleLock, After: true, Count: 1})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "", ""), revokeRequests(mock, 1)),
		Steps: []resource.TestStep{{
			Config: accessConfig(mock.URL, "Front door", "USER"),
			Check:  resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "Front door", "USER"), grantRequests(mock, "Front door", "USER", 1)),
		}},
	})
}

// TestAccLockAccess_alreadyRemoved: a destroy whose remove answers 400
// because the grant is already gone (removed in a race, confirmed by the
// list) succeeds.
func TestAccLockAccess_alreadyRemoved(t *testing.T) {
	mock := newAccessMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(checkGrant(mock, "", ""), revokeRequests(mock, 1)),
		Steps: []resource.TestStep{{
			Config: accessConfig(mock.URL, "Front door", "USER"),
			Check: func(*terraform.State) error {
				// The remove takes effect, then answers the API's 400: as
				// if another remove had come first.
				return mock.InjectFault(spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 400, Op: spkeytest.OpRemoveAccessibleLock, After: true, Count: 1})
			},
		}},
	})
}

// TestAccLockAccess_missingActor: with neither actor_id nor granted_by the
// plan fails naming both, before any request.
func TestAccLockAccess_missingActor(t *testing.T) {
	mock := newAccessMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(mock.URL) + fmt.Sprintf(`
resource "spkey_lock_access" "test" {
  user_id      = %q
  lock_id      = 7
  lock_name    = "Front door"
  access_level = "USER"
}
`, grantee),
			PlanOnly:    true,
			ExpectError: errorMatching("Missing Granted By", "granted_by", "actor_id", "SPKEY_ACTOR_ID"),
		}},
	})
	if n := len(mock.Requests()); n != 0 {
		t.Errorf("the mock received %d requests, want none", n)
	}
}
