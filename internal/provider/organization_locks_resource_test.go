package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

func TestAccOrganizationLocks_lifecycle(t *testing.T) {
	mock := newMock(t, 1, 2, 3, 4)
	var before int
	mark := func() { before = len(mock.Requests()) }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: fleetConfig(mock.URL, "org_a", []int64{1, 2, 3}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 2, 3)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkMockOrg(mock, 1, "org_a"), checkMockOrg(mock, 2, "org_a"), checkMockOrg(mock, 3, "org_a"),
					setOrganizationRequests(mock, 2, "org_a", 1),
				),
			},
			{
				Config: fleetConfig(mock.URL, "org_a", []int64{1, 2, 3}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Adding a lock: the plan is an update in place that knows
				// every value, and only that lock gets a call.
				PreConfig: mark,
				Config:    fleetConfig(mock.URL, "org_a", []int64{1, 2, 3, 4}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testFleet, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 2, 3, 4)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 2, 3, 4)),
				},
				Check: checkSetOrganizationsSince(mock, &before, 4),
			},
			{
				// Removing a lock makes no call; the lock keeps its org.
				PreConfig: mark,
				Config:    fleetConfig(mock.URL, "org_a", []int64{1, 3, 4}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 3, 4)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSetOrganizationsSince(mock, &before),
					checkMockOrg(mock, 2, "org_a"),
				),
			},
			{
				// A new organization moves every lock, in place.
				PreConfig: mark,
				Config:    fleetConfig(mock.URL, "org_b", []int64{1, 3, 4}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testFleet, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(testFleet, tfjsonpath.New("org_id"), knownvalue.StringExact("org_b")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 3, 4)),
				},
				Check: checkSetOrganizationsSince(mock, &before, 1, 3, 4),
			},
			{
				// Drift: a lock moved elsewhere drops out of state and the
				// next apply puts it back, and only it.
				PreConfig: func() { mock.SetOrg(3, "org_intruder"); mark() },
				Config:    fleetConfig(mock.URL, "org_b", []int64{1, 3, 4}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testFleet, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 3, 4)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 3, 4)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkMockOrg(mock, 3, "org_b"),
					checkSetOrganizationsSince(mock, &before, 3),
				),
			},
			{
				ResourceName:                         testFleet,
				ImportState:                          true,
				ImportStateId:                        "org_b:1,3-4",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "org_id",
			},
			{
				// A lock that no longer exists drops out of state.
				PreConfig:          func() { mock.DeleteLock(4) },
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
			},
			{
				// State now holds 1 and 3 only: without lock 4 in the
				// configuration there is nothing to do.
				Config: fleetConfig(mock.URL, "org_b", []int64{1, 3}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkMockOrg(mock, 1, "org_b"), checkMockOrg(mock, 3, "org_b"), checkMockOrg(mock, 2, "org_a"),
			checkOnlyCalls(mock, spkeytest.OpSetOrganization, spkeytest.OpBasicInfo, spkeytest.OpEvents),
		),
	})
}

// Partial failures: state records exactly the locks that succeeded, the
// error names the failed ones, and the next apply finishes the rest.
func TestAccOrganizationLocks_partialFailure(t *testing.T) {
	mock := newMock(t, 1, 2, 3, 4, 5)
	var before int
	failLock := func(id int64) func() {
		return func() {
			mock.ClearFaults()
			mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 503, Op: "SetOrganization", LockID: id})
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				PreConfig:   failLock(2),
				Config:      fleetConfig(mock.URL, "org_a", []int64{1, 2, 3}, "  max_retries = 0"),
				ExpectError: errorMatching("Unable to Set Lock Organization: 1 of 3 Locks Failed", "the next plan proposes to replace it", "terraform untaint", "lock 2: POST /locks/2/SetOrganization: HTTP 503"),
			},
			{
				// The locks that succeeded are in state (tainted, as for any
				// failed create); the next apply converges.
				PreConfig: mock.ClearFaults,
				Config:    fleetConfig(mock.URL, "org_a", []int64{1, 2, 3}, "  max_retries = 0"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 2, 3)),
				},
				Check: checkMockOrg(mock, 2, "org_a"),
			},
			{
				PreConfig:   failLock(5),
				Config:      fleetConfig(mock.URL, "org_a", []int64{1, 2, 3, 4, 5}, "  max_retries = 0"),
				ExpectError: errorMatching("1 of 2 Locks Failed", "the next apply assigns exactly the failed ones", "lock 5:"),
			},
			{
				// After the failed update, state holds 1-4; only 5 is sent.
				PreConfig: func() { mock.ClearFaults(); before = len(mock.Requests()) },
				Config:    fleetConfig(mock.URL, "org_a", []int64{1, 2, 3, 4, 5}, "  max_retries = 0"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testFleet, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 2, 3, 4, 5)),
					},
				},
				Check: checkSetOrganizationsSince(mock, &before, 5),
			},
		},
	})
}

// With the provider's rate limit below the API's, no request is refused;
// without it, 429s slow the whole provider down and every lock still
// succeeds.
func TestAccOrganizationLocks_rateLimited(t *testing.T) {
	ids := make([]int64, 60)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	for _, tc := range []struct {
		name      string
		extra     string
		want429   bool
		mockLimit float64
	}{
		{name: "provider limit below the API's", extra: "  max_requests_per_second = 20", mockLimit: 25},
		{name: "no provider limit", extra: "  max_retries = 10", mockLimit: 25, want429: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mock := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: ids, RequestsPerSecond: tc.mockLimit})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: fleetConfig(mock.URL, "org_a", ids, tc.extra),
					Check: func(*terraform.State) error {
						for _, id := range ids {
							if l, _ := mock.Lock(id); l.OrgID != "org_a" {
								return fmt.Errorf("lock %d has org %q", id, l.OrgID)
							}
						}
						// Under the provider's own cap, the API refuses next
						// to nothing (a little jitter at process start is
						// allowed); without it, it refuses and the provider
						// slows down until every lock is done.
						s := mock.Stats()
						if tc.want429 && s.RateLimited == 0 || !tc.want429 && s.RateLimited*20 > s.Requests {
							return fmt.Errorf("the mock refused %d of %d requests with 429", s.RateLimited, s.Requests)
						}
						t.Logf("%s: %d requests, %d answered 429, %d connections", tc.name, s.Requests, s.RateLimited, s.Connections)
						return nil
					},
				}},
			})
		})
	}
}

// Labels are Terraform's only: changing one is an update without API
// calls, a refresh keeps them, and keys must be lock ids.
func TestAccOrganizationLocks_labels(t *testing.T) {
	mock := newMock(t, 7, 8)
	var before int
	config := func(locks string) string {
		return providerBlock(mock.URL) + fmt.Sprintf(`
resource "spkey_organization_locks" "test" {
  org_id = "org_a"
  locks  = %s
}
`, locks)
	}
	labelled := func(l7, l8 string) knownvalue.Check {
		return knownvalue.MapExact(map[string]knownvalue.Check{"7": knownvalue.StringExact(l7), "8": knownvalue.StringExact(l8)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config(`{}`), ExpectError: errorMatching("locks", "at least 1")},
			{Config: config(`{ "0101" = "x" }`), ExpectError: errorMatching("Invalid Lock ID", `"0101" has leading zeros: write it as "101"`)},
			{Config: config(`{ "front-door" = "x" }`), ExpectError: errorMatching("Invalid Lock ID", `"front-door" is not a lock id`, "positive whole number")},
			{Config: config(`{ "0" = "x" }`), ExpectError: errorMatching("Invalid Lock ID", "must be at least 1")},
			{Config: config(`{ "7" = null }`), ExpectError: errorMatching("locks", "null")},
			{
				Config: config(`{ "7" = "front door", "8" = "back door" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), labelled("front door", "back door")),
				},
			},
			{
				// A new label: an update in place that sends nothing.
				PreConfig: func() { before = len(mock.Requests()) },
				Config:    config(`{ "7" = "main entrance", "8" = "back door" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testFleet, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), labelled("main entrance", "back door")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), labelled("main entrance", "back door")),
				},
				Check: checkSetOrganizationsSince(mock, &before),
			},
			{
				// A refresh keeps the labels: the plan is empty.
				Config:           config(`{ "7" = "main entrance", "8" = "back door" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
