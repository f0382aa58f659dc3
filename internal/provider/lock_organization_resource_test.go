package provider

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

func TestAccLockOrganization_lifecycle(t *testing.T) {
	mock := newMock(t, 123, 456)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	replacedID := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				// Create: one SetOrganization with the right body and both
				// credentials, and the returned version in state.
				Config: lockOrgConfig(mock.URL, 123, "org_7f3a"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("id"), knownvalue.StringExact("123")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("lock_id"), knownvalue.Int64Exact(123)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_7f3a")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("aggregate_id"), knownvalue.StringExact("123")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("version"), knownvalue.NumberExact(big.NewFloat(2))),
					sameID.AddStateValue(testResource, tfjsonpath.New("id")),
					replacedID.AddStateValue(testResource, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkMockOrg(mock, 123, "org_7f3a"),
					setOrganizationRequests(mock, 123, "org_7f3a", 1),
				),
			},
			{
				// Re-plan with the same configuration: nothing to do.
				Config: lockOrgConfig(mock.URL, 123, "org_7f3a"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: setOrganizationRequests(mock, 123, "org_7f3a", 1),
			},
			{
				// A new org_id moves the lock in place: same id, new version.
				Config: lockOrgConfig(mock.URL, 123, "org_b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(testResource, tfjsonpath.New("version")),
						plancheck.ExpectKnownValue(testResource, tfjsonpath.New("aggregate_id"), knownvalue.StringExact("123")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_b")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("version"), knownvalue.NumberExact(big.NewFloat(3))),
					sameID.AddStateValue(testResource, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkMockOrg(mock, 123, "org_b"),
					setOrganizationRequests(mock, 123, "org_b", 1),
				),
			},
			{
				// An unrelated event raises the lock's version: not this
				// resource's business, so still no changes.
				PreConfig: func() { mock.BumpVersion(123) },
				Config:    lockOrgConfig(mock.URL, 123, "org_b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("version"), knownvalue.NumberExact(big.NewFloat(3))),
				},
			},
			{
				// Someone moves the lock behind Terraform's back: the plan
				// shows it as an in-place update and apply puts it back.
				PreConfig: func() { mock.SetOrg(123, "org_intruder") },
				Config:    lockOrgConfig(mock.URL, 123, "org_b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectNonEmptyPlan(),
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(testResource, tfjsonpath.New("version")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_b")),
					// 3, then the unrelated event (4), the intruder (5), and back (6).
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("version"), knownvalue.NumberExact(big.NewFloat(6))),
					sameID.AddStateValue(testResource, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkMockOrg(mock, 123, "org_b"),
					setOrganizationRequests(mock, 123, "org_b", 2),
				),
			},
			{
				// terraform import with the lock id gives the same state.
				ResourceName:      testResource,
				ImportState:       true,
				ImportStateId:     "123",
				ImportStateVerify: true,
			},
			{
				// An import block does too, and plans no change.
				ResourceName:    testResource,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "123",
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue(testResource, tfjsonpath.New("version"), knownvalue.NumberExact(big.NewFloat(6))),
					},
				},
			},
			{
				// A new lock_id replaces the resource.
				Config: lockOrgConfig(mock.URL, 456, "org_b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("id"), knownvalue.StringExact("456")),
					replacedID.AddStateValue(testResource, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkMockOrg(mock, 456, "org_b"),
					// Replacing made no call for the old lock: it stays put.
					checkMockOrg(mock, 123, "org_b"),
					setOrganizationRequests(mock, 123, "org_b", 2),
				),
			},
		},
		// Destroy makes no API call: both locks keep their organization
		// and the mock saw nothing but the two documented operations.
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkMockOrg(mock, 123, "org_b"),
			checkMockOrg(mock, 456, "org_b"),
			checkOnlyCalls(mock, spkeytest.OpSetOrganization, spkeytest.OpBasicInfo, spkeytest.OpEvents),
		),
	})
}

// A lock that disappears leaves state with a warning, and the next apply
// creates the resource again once it is back.
func TestAccLockOrganization_lockDeleted(t *testing.T) {
	mock := newMock(t, 123)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: lockOrgConfig(mock.URL, 123, "org_a")},
			{
				// The refresh removes the resource from state, so the plan
				// after it wants to create it again.
				PreConfig:          func() { mock.DeleteLock(123) },
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() { mock.AddLock(123, "") },
				Config:    lockOrgConfig(mock.URL, 123, "org_a"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate)},
				},
				Check: checkMockOrg(mock, 123, "org_a"),
			},
		},
	})
}

// The version is kept exactly as the API wrote it: the contract's example
// shows 3.14, and a float64 round trip must not turn it into 3.1400000001.
func TestAccLockOrganization_versionKeptExactly(t *testing.T) {
	mock := newMock(t, 5)
	mustInject(t, mock, spkeytest.Fault{
		Kind: spkeytest.FaultBody, Op: "SetOrganization", Count: 1, After: true,
		Body: `{"success":true,"aggregateId":"5","version":3.14,"event":null}`,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: lockOrgConfig(mock.URL, 5, "org_a"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResource, tfjsonpath.New("version"), knownvalue.NumberFunc(func(v *big.Float) error {
					if got := v.Text('f', -1); got != "3.14" {
						return fmt.Errorf("version = %s, want exactly 3.14", got)
					}
					return nil
				})),
			},
		}},
	})
}

// Import IDs that are not lock ids fail with the expected format, both
// through terraform import and through an import block. TestParseLockID
// covers the full catalogue of bad IDs.
func TestAccLockOrganization_importInvalidID(t *testing.T) {
	mock := newMock(t, 123)
	steps := []resource.TestStep{{Config: lockOrgConfig(mock.URL, 123, "org_a")}}
	for _, id := range []string{"abc", "12 3", "3f2504e0-4f89-41d3-9a0c-0305e82c3301"} {
		for _, kind := range []resource.ImportStateKind{resource.ImportCommandWithID, resource.ImportBlockWithID} {
			steps = append(steps, resource.TestStep{
				Config:          lockOrgConfig(mock.URL, 123, "org_a"),
				ResourceName:    testResource,
				ImportState:     true,
				ImportStateKind: kind,
				ImportStateId:   id,
				ExpectError:     errorMatching("Invalid Import ID", "terraform import spkey_lock_organization.example 123"),
			})
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    steps,
	})
}

// Importing a lock that does not exist says so.
func TestAccLockOrganization_importUnknownLock(t *testing.T) {
	mock := newMock(t, 123)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:        lockOrgConfig(mock.URL, 424242, "org_a"),
			ResourceName:  testResource,
			ImportState:   true,
			ImportStateId: "424242",
			ExpectError:   errorMatching("Cannot import non-existent remote object"),
		}},
	})
}
