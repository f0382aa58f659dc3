package provider

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

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

// An authentication failure on refresh is an error, never a silent
// removal from state.
func TestAccLockOrganization_refreshUnauthorizedKeepsState(t *testing.T) {
	mock := newMock(t, 123)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: lockOrgConfig(mock.URL, 123, "org_a")},
			{
				PreConfig: func() {
					mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 401, Op: "basic-info"})
				},
				Config:      lockOrgConfig(mock.URL, 123, "org_a"),
				ExpectError: errorMatching("Unable to Read Lock", "rejected the credentials (HTTP 401"),
			},
			{
				PreConfig: mock.ClearFaults,
				Config:    lockOrgConfig(mock.URL, 123, "org_a"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_a")),
				},
			},
		},
	})
}

// A failed update keeps the old org_id and version in state: the server
// did not accept the new organization, so state must not claim it.
func TestAccLockOrganization_failedUpdateKeepsState(t *testing.T) {
	mock := newMock(t, 123)
	cfg := func(org string) string {
		return providerBlock(mock.URL, "  max_retries = 1") + fmt.Sprintf(`
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = %q
}`, org)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg("org_a")},
			{
				PreConfig: func() {
					mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 503, Op: "SetOrganization"})
				},
				Config:      cfg("org_b"),
				ExpectError: errorMatching("Unable to Set Lock Organization", "HTTP 503", "after 2 attempts", "raise max_retries"),
			},
			{
				PreConfig: mock.ClearFaults,
				Config:    cfg("org_a"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_a")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("version"), knownvalue.NumberExact(big.NewFloat(2))),
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

func mustInject(t *testing.T, mock *spkeytest.Server, f spkeytest.Fault) {
	t.Helper()
	if err := mock.InjectFault(f); err != nil {
		t.Fatal(err)
	}
}
