package provider

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// User ids of the owner tests.
const (
	userA = "6f1c2a4e-8d0b-4c3e-9a7f-00000000000a"
	userB = "6f1c2a4e-8d0b-4c3e-9a7f-00000000000b"
	userC = "6f1c2a4e-8d0b-4c3e-9a7f-00000000000c"
)

const testOwner = "spkey_lock_owner.test"

// ownedLock is the lock of lockOwnerConfig.
const ownedLock = 123

func lockOwnerConfig(url, userID string) string { return lockOwnerConfigFor(url, ownedLock, userID) }

func lockOwnerConfigFor(url string, lockID int64, userID string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "spkey_lock_owner" "test" {
  lock_id = %d
  user_id = %q
}
`, lockID, userID)
}

func TestAccLockOwner_lifecycle(t *testing.T) {
	mock := newMock(t, 123)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	version := func(v float64) knownvalue.Check { return knownvalue.NumberExact(big.NewFloat(v)) }

	// handOver plans an in-place update to userB (after pre), then checks
	// the version in state and the SetOwner calls with userB so far.
	handOver := func(pre func(), wantVersion float64, calls int, more ...statecheck.StateCheck) resource.TestStep {
		return resource.TestStep{
			PreConfig: pre,
			Config:    lockOwnerConfig(mock.URL, userB),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testOwner, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(testOwner, tfjsonpath.New("version")),
				},
			},
			ConfigStateChecks: append([]statecheck.StateCheck{
				statecheck.ExpectKnownValue(testOwner, tfjsonpath.New("user_id"), knownvalue.StringExact(userB)),
				statecheck.ExpectKnownValue(testOwner, tfjsonpath.New("version"), version(wantVersion)),
			}, more...),
			Check: resource.ComposeAggregateTestCheckFunc(checkMockOwner(mock, ownedLock, userB), setOwnerRequests(mock, ownedLock, userB, calls)),
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// Create: one SetOwner with {"userId": ...}; the version it
				// returned in state.
				Config: lockOwnerConfig(mock.URL, userA),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testOwner, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testOwner, tfjsonpath.New("id"), knownvalue.StringExact("123")),
					statecheck.ExpectKnownValue(testOwner, tfjsonpath.New("user_id"), knownvalue.StringExact(userA)),
					statecheck.ExpectKnownValue(testOwner, tfjsonpath.New("aggregate_id"), knownvalue.StringExact("123")),
					statecheck.ExpectKnownValue(testOwner, tfjsonpath.New("version"), version(2)),
					sameID.AddStateValue(testOwner, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkMockOwner(mock, ownedLock, userA), setOwnerRequests(mock, ownedLock, userA, 1)),
			},
			{
				Config: lockOwnerConfig(mock.URL, userA),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			// Another user hands the lock over in place: same id, a new
			// version, unknown only in the plan.
			handOver(nil, 3, 1, sameID.AddStateValue(testOwner, tfjsonpath.New("id"))),
			// Drift: someone else took the lock; the plan gives it back in
			// place.
			handOver(func() { mock.SetOwner(ownedLock, userC) }, 5, 2),
			{
				// A lock without an owner: the plan gives it one again.
				PreConfig: func() { mock.SetOwner(ownedLock, "") },
				Config:    lockOwnerConfig(mock.URL, userB),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testOwner, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkMockOwner(mock, ownedLock, userB), setOwnerRequests(mock, ownedLock, userB, 3)),
			},
			{
				// Import by lock id reads the owner and version back.
				ResourceName:      testOwner,
				ImportState:       true,
				ImportStateId:     "123",
				ImportStateVerify: true,
			},
		},
	})
}

// TestAccLockOwner_caseOfUserID: a user id is a UUID, which the API stores
// in lower case; one configured in upper case names the same user, so the
// plan stays empty and SetOwner is sent once (issue 23 item 8).
func TestAccLockOwner_caseOfUserID(t *testing.T) {
	const lockID = 124
	mock := newMock(t, lockID)
	upper := strings.ToUpper(userA)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: lockOwnerConfigFor(mock.URL, lockID, upper),
				Check:  setOwnerRequests(mock, lockID, upper, 1),
			},
			{
				// The API keeps user ids in lower case.
				PreConfig: func() { mock.SetOwner(lockID, userA) },
				Config:    lockOwnerConfigFor(mock.URL, lockID, upper),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testOwner, tfjsonpath.New("user_id"), knownvalue.StringExact(upper)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(setOwnerRequests(mock, lockID, upper, 1), setOwnerRequests(mock, lockID, userA, 0)),
			},
		},
	})
}

// A user id is a UUID; a lock id in its place is the common mistake, and
// the error says so before any request.
func TestAccLockOwner_badUserID(t *testing.T) {
	mock := newMock(t, 123)
	step := func(userID string, phrases ...string) resource.TestStep {
		return resource.TestStep{Config: lockOwnerConfig(mock.URL, userID), PlanOnly: true, ExpectError: errorMatching(phrases...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			step("123", "Invalid User ID", `"123" is not a user id`, "looks like a lock id", "lock ids are numbers, user ids are UUIDs"),
			step("alice", "Invalid User ID", `"alice" is not a user id: it is not a UUID`, "put the lock's numeric id in lock_id"),
		},
	})
	if n := len(mock.Requests()); n != 0 {
		t.Errorf("the mock received %d requests for an invalid user_id, want none", n)
	}
}

// checkMockOwner asserts the owner of a lock as the mock holds it.
func checkMockOwner(mock *spkeytest.Server, lockID int64, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if l, _ := mock.Lock(lockID); l.OwnerID != want {
			return fmt.Errorf("lock %d: mock has owner %q, want %q", lockID, l.OwnerID, want)
		}
		return nil
	}
}

// setOwnerRequests is checkRequests for SetOwner with {"userId": userID}.
func setOwnerRequests(mock *spkeytest.Server, lockID int64, userID string, n int) resource.TestCheckFunc {
	return checkRequests(mock, wantRequests{op: spkeytest.OpSetOwner, lockID: lockID, body: map[string]any{"userId": userID}, n: n})
}
