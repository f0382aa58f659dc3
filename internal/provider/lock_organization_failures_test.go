package provider

import (
	"fmt"
	"math/big"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// Failed creates and updates, and refresh errors, of spkey_lock_organization:
// each stops with an error a person can act on and records nothing the
// server did not accept.

// Configuration and API failures that must stop an apply with an error a
// person can act on, and record nothing.
func TestAccLockOrganization_errors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mock   spkeytest.Options
		config func(url string) string
		want   *regexp.Regexp
	}{
		{
			name: "wrong credentials (401)",
			config: func(url string) string {
				return fmt.Sprintf(`
provider "spkey" {
  base_url  = %q
  api_token = "not-the-token"
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}`, url)
			},
			want: errorMatching("rejected the credentials (HTTP 401", "Authentication required", "api_token (or SPKEY_API_TOKEN)"),
		},
		{
			name:   "unknown lock (404)",
			config: func(url string) string { return lockOrgConfig(url, 999999, "org_a") },
			want:   errorMatching("lock 999999 does not exist (HTTP 404", "Check lock_id, and check base_url"),
		},
		{
			name: "key scoped to another organization (403)",
			mock: spkeytest.Options{APIKeyOrg: "org_mine"},
			config: func(url string) string {
				return fmt.Sprintf(`
provider "spkey" {
  base_url = %q
  api_key  = %q
}
resource "spkey_lock_organization" "test" {
  lock_id = 77
  org_id  = "org_mine"
}`, url, testKey)
			},
			want: errorMatching("HTTP 403", "B2B API key may only manage locks its own organization owns"),
		},
		{
			name:   "lock_id 0",
			config: func(url string) string { return lockOrgConfig(url, 0, "org_a") },
			want:   errorMatching("Invalid Lock ID", "lock_id: 0 is not a lock id: it must be at least 1"),
		},
		{
			name:   "empty org_id",
			config: func(url string) string { return lockOrgConfig(url, 123, "") },
			want:   errorMatching("Attribute org_id string length must be at least 1"),
		},
		{
			name: "http to a host that is not loopback",
			config: func(string) string {
				return lockOrgConfig("http://api.example.com", 123, "org_a")
			},
			want: errorMatching("Invalid SmartphoneKey Provider Setting: base_url", "uses http to a host that is not loopback"),
		},
		{
			name: "no credentials at all",
			config: func(url string) string {
				return fmt.Sprintf(`
provider "spkey" {
  base_url = %q
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}`, url)
			},
			want: errorMatching("Missing SmartphoneKey API Credentials", "SPKEY_API_TOKEN", "SPKEY_API_KEY"),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.mock
			opts.Token, opts.APIKey, opts.Locks = testToken, testKey, []int64{123}
			mock := spkeytest.NewTestServer(t, opts)
			if opts.APIKeyOrg != "" {
				mock.AddLock(77, "org_other")
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config:      tc.config(mock.URL),
					ExpectError: tc.want,
				}},
				CheckDestroy: checkNoLockAssigned(mock, "org_other"),
			})
		})
	}
}

// Failed creates leave nothing in state: the next apply creates the
// resource, and the lock ends in the organization the server accepted.
func TestAccLockOrganization_failedCreateLeavesNoState(t *testing.T) {
	mock := newMock(t, 123)
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 503, Op: "SetOrganization", Count: 2})
	cfg := providerBlock(mock.URL, "  max_retries = 1") + `
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: errorMatching("failed with HTTP 503", "after 2 attempts")},
			{
				Config: cfg,
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

// SetOrganization for lock 26 answered about aggregate 999 is an error and
// nothing is recorded; basic-info for lock 41 answered with lockId 999 is
// an error on refresh and on import, and state keeps what it had.
func TestAccLockOrganization_answerAboutAnotherLock(t *testing.T) {
	mock := newMock(t, 26, 41)
	mustCan(t, mock, spkeytest.Canned{Method: "POST", Path: "/locks/26/SetOrganization", ContentType: "application/json",
		Body: `{"success":true,"aggregateId":"999","version":7,"event":null}`})
	otherLock := spkeytest.Canned{Method: "GET", Path: "/locks/41/basic-info", ContentType: "application/json",
		Body: `{"id":"41","lockId":999,"uuid":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","version":3,"r2Prefix":"locks/999/","doId":"ff"}`}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      lockOrgConfig(mock.URL, 26, "org_a"),
				ExpectError: errorMatching("Unable to Set Lock Organization", "is about another lock", `aggregateId is "999", not 26`, "Nothing was recorded in state"),
			},
			{
				// Nothing was recorded: the same configuration plans a create.
				Config: lockOrgConfig(mock.URL, 26, "org_a"), PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{Config: lockOrgConfig(mock.URL, 41, "org_a")},
			{
				PreConfig:   func() { mustCan(t, mock, otherLock) },
				Config:      lockOrgConfig(mock.URL, 41, "org_a"),
				ExpectError: errorMatching("Unable to Read Lock", "is about another lock", `lockId is "999", not 41`, "State is unchanged"),
			},
			{
				Config: lockOrgConfig(mock.URL, 41, "org_a"), ResourceName: testResource, ImportState: true, ImportStateId: "41",
				ExpectError: errorMatching("Unable to Read Lock", "is about another lock"),
			},
			{
				PreConfig:        mock.ClearCanned,
				Config:           lockOrgConfig(mock.URL, 41, "org_a"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("aggregate_id"), knownvalue.StringExact("41")),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_a")),
				},
			},
		},
	})
	if got := mock.RequestsFor(spkeytest.OpSetOrganization, 26); len(got) != 1 {
		t.Errorf("lock 26 got %d SetOrganization requests, want 1 (the one answered about lock 999)", len(got))
	}
	if l, _ := mock.Lock(26); l.OrgID != "" {
		t.Errorf("lock 26 has organization %q; the canned answer must not have touched the store", l.OrgID)
	}
}
