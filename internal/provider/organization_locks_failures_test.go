package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// Only the API's own "lock not found" drops a lock from a fleet: a proxy's
// HTML 404 on basic-info is an error that names base_url, and a refresh
// leaves state as it was.
func TestAccOrganizationLocks_foreign404KeepsState(t *testing.T) {
	mock := newMock(t, 1, 2, 3)
	config := fleetConfig(mock.URL, "org_a", []int64{1, 2, 3}, "  max_retries = 0")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := mock.AddCanned(spkeytest.Canned{Method: http.MethodGet, Path: "/locks/2/basic-info", Status: http.StatusNotFound,
						ContentType: "text/html", Body: spkeytest.HTMLNotFoundPage}); err != nil {
						t.Fatal(err)
					}
				},
				RefreshState: true,
				ExpectError: errorMatching("Unable to Read Lock: 1 of 3 Locks Failed", "State is unchanged",
					`lock 2 (the key "2" in locks)`, "Check base_url: its host, its path prefix, and any proxy"),
			},
			{
				// The canned answer still stands: a plan that refreshes
				// fails the same way instead of proposing to add lock 2.
				Config:      config,
				PlanOnly:    true,
				ExpectError: errorMatching("Unable to Read Lock", "Check base_url"),
			},
			{
				PreConfig: mock.ClearCanned,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testFleet, tfjsonpath.New("locks"), unlabelledLocks(1, 2, 3)),
				},
			},
		},
	})
	// The refresh and the plan both met the proxy's page, not the API.
	canned := 0
	for _, r := range requestsOf(mock, spkeytest.OpBasicInfo) {
		if r.LockID == 2 && r.Canned {
			canned++
		}
	}
	if canned < 2 {
		t.Errorf("the mock served its HTML 404 for lock 2 %d time(s), want at least 2 (the refresh and the plan)", canned)
	}
}

// credentialsProvider is providerBlock with other credentials; "" leaves
// one out.
func credentialsProvider(url, token, key string, extra ...string) string {
	attr := func(v string) string {
		if v == "" {
			return "null"
		}
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprintf(`
provider "spkey" {
  base_url  = %q
  api_token = %s
  api_key   = %s
%s
}
`, url, attr(token), attr(key), strings.Join(extra, "\n"))
}

// fleetOf declares the fleet resource of fleetConfig for the ids.
func fleetOf(org string, ids []int64) string {
	return strings.TrimPrefix(fleetConfig("", org, ids), providerBlock(""))
}

// A 401 is true of every lock: the fleet stops at the first answer instead
// of sending one request per lock.
func TestAccOrganizationLocks_unauthorizedStopsAtOnce(t *testing.T) {
	ids := firstLocks(51)
	mock := newMock(t, ids...)
	const workers = 4
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: credentialsProvider(mock.URL, "not-the-token", "not-the-key", fmt.Sprintf("  max_concurrency = %d", workers)) + fleetOf("org_a", ids),
			ExpectError: errorMatching("Unable to Set Lock Organization: ", "of 51 Locks Failed", "Not Tried",
				"Stopped at the first 401", "were not tried", "Nothing was recorded in state", "HTTP 401"),
		}},
	})
	// At most one request per worker: the first answer stops the rest,
	// and the calls in flight are cancelled.
	if got := len(requestsOf(mock, "SetOrganization")); got < 1 || got > workers {
		t.Errorf("the mock received %d SetOrganization requests for 51 locks with a bad key, want 1 to %d (max_concurrency)", got, workers)
	}
	if err := checkNoLockAssigned(mock, "org_other")(nil); err != nil {
		t.Error(err)
	}
}

// A 403 is about one lock (a B2B key's organization must own it): the
// other locks are still assigned.
func TestAccOrganizationLocks_forbiddenIsPerLock(t *testing.T) {
	ids := firstLocks(12)
	mock := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, APIKeyOrg: "org_a", Locks: ids})
	mock.AddLock(5, "org_other")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:      credentialsProvider(mock.URL, "", testKey) + fleetOf("org_a", ids),
			ExpectError: errorMatching("Unable to Set Lock Organization: 1 of 12 Locks Failed", "HTTP 403", "lock 5:"),
		}},
	})
	for _, id := range ids {
		want := "org_a"
		if id == 5 {
			want = "org_other"
		}
		if err := checkMockOrg(mock, id, want)(nil); err != nil {
			t.Error(err)
		}
	}
}

// 100 locks answered 429 forever: the fleet stops after
// maxConsecutiveFailures locks in a row spent their retries, not after
// all 100.
func TestAccOrganizationLocks_refusedForeverStops(t *testing.T) {
	ids := firstLocks(100)
	mock := newMock(t, ids...)
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: http.StatusTooManyRequests, RetryAfter: "0", Op: "SetOrganization"})
	const workers, attempts = 4, 2
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fleetConfig(mock.URL, "org_a", ids, fmt.Sprintf("  max_concurrency = %d\n  max_retries = %d", workers, attempts-1)),
			ExpectError: errorMatching("Unable to Set Lock Organization: ", "of 100 Locks Failed", "Not Tried",
				fmt.Sprintf("Stopped after %d calls in a row failed on the way to the API", maxConsecutiveFailures),
				"were not tried", "429"),
		}},
	})
	// The stop comes after maxConsecutiveFailures locks plus the ones in
	// flight at that moment, each with its attempts.
	limit := (maxConsecutiveFailures + workers - 1) * attempts
	got := len(requestsOf(mock, "SetOrganization"))
	if got > limit {
		t.Errorf("the mock received %d SetOrganization requests, want at most %d", got, limit)
	}
	t.Logf("100 locks answered 429 forever: %d requests (limit %d)", got, limit)
}
