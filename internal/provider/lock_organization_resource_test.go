package provider

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"regexp"
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

const testResource = "spkey_lock_organization.test"

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
					checkSetOrganizationRequests(mock, 123, "org_7f3a", 1),
				),
			},
			{
				// Re-plan with the same configuration: nothing to do.
				Config: lockOrgConfig(mock.URL, 123, "org_7f3a"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkSetOrganizationRequests(mock, 123, "org_7f3a", 1),
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
					checkSetOrganizationRequests(mock, 123, "org_b", 1),
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
					checkSetOrganizationRequests(mock, 123, "org_b", 2),
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
					checkSetOrganizationRequests(mock, 123, "org_b", 2),
				),
			},
		},
		// Destroy makes no API call: both locks keep their organization
		// and the mock saw nothing but the two documented operations.
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkMockOrg(mock, 123, "org_b"),
			checkMockOrg(mock, 456, "org_b"),
			checkOnlyDocumentedCalls(mock),
		),
	})
}

// checkMockOrg asserts the lock's organization as the mock holds it.
func checkMockOrg(mock *spkeytest.Server, lockID int64, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		l, ok := mock.Lock(lockID)
		if !ok {
			return fmt.Errorf("lock %d does not exist in the mock", lockID)
		}
		if l.OrgID != want {
			return fmt.Errorf("lock %d: mock has org %q, want %q", lockID, l.OrgID, want)
		}
		return nil
	}
}

// checkSetOrganizationRequests asserts that the mock received n
// SetOrganization calls for the lock with body {"orgId": orgID}, each with
// the right method, content type and both credentials.
func checkSetOrganizationRequests(mock *spkeytest.Server, lockID int64, orgID string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		count := 0
		for _, r := range mock.RequestsFor("SetOrganization", lockID) {
			var body map[string]any
			if err := json.Unmarshal(r.Body, &body); err != nil {
				return fmt.Errorf("SetOrganization body %q is not JSON: %w", r.Body, err)
			}
			if len(body) != 1 {
				return fmt.Errorf("SetOrganization body %s: want only orgId", r.Body)
			}
			if body["orgId"] != orgID {
				continue
			}
			count++
			if err := checkRequestHeaders(r, http.MethodPost); err != nil {
				return err
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				return fmt.Errorf("SetOrganization Content-Type = %q", ct)
			}
		}
		if count != n {
			return fmt.Errorf("lock %d: %d SetOrganization requests with orgId %q, want %d", lockID, count, orgID, n)
		}
		return nil
	}
}

func checkRequestHeaders(r spkeytest.Request, method string) error {
	if r.Method != method {
		return fmt.Errorf("%s: method %s, want %s", r.Path, r.Method, method)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		return fmt.Errorf("%s: Authorization header is not the configured bearer token", r.Path)
	}
	if got := r.Header.Get("X-API-Key"); got != testKey {
		return fmt.Errorf("%s: X-API-Key header is not the configured key", r.Path)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		return fmt.Errorf("%s: Accept = %q", r.Path, got)
	}
	if ua := r.Header.Get("User-Agent"); !regexp.MustCompile(`^terraform-provider-spkey/test \(.*\) Terraform/\d+\.\d+`).MatchString(ua) {
		return fmt.Errorf("%s: User-Agent = %q", r.Path, ua)
	}
	return nil
}

// checkOnlyDocumentedCalls asserts that every request was one of the two
// documented operations, with its method: nothing ever tried to delete.
func checkOnlyDocumentedCalls(mock *spkeytest.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range mock.Requests() {
			switch {
			case r.Op == "SetOrganization" && r.Method == http.MethodPost:
			case r.Op == "basic-info" && r.Method == http.MethodGet:
				if err := checkRequestHeaders(r, http.MethodGet); err != nil {
					return err
				}
			default:
				return fmt.Errorf("unexpected request %s %s", r.Method, r.Path)
			}
		}
		return nil
	}
}
