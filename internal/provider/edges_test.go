package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// mustCan serves a canned answer on the mock, or fails the test.
func mustCan(t *testing.T, mock *spkeytest.Server, c spkeytest.Canned) {
	t.Helper()
	if err := mock.AddCanned(c); err != nil {
		t.Fatal(err)
	}
}

// The data source fails on a proxy's 404 the way the resource does: an
// error pointing at base_url, not "the lock does not exist"; the API's
// own not-found says the lock does not exist.
func TestAccLockDataSource_foreign404(t *testing.T) {
	mock := newMock(t, 123)
	mustCan(t, mock, spkeytest.Canned{Path: "/locks/123/basic-info", Status: 404, ContentType: "text/html", Body: spkeytest.HTMLNotFoundPage})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: lockDataConfig(mock.URL, 123),
				ExpectError: errorMatching("Unable to Read Lock", "the server answered HTTP 404", "does not look like the SmartphoneKey API",
					"check base_url, its path prefix, and any proxy in between"),
			},
			{
				Config:      lockDataConfig(mock.URL, 77),
				ExpectError: errorMatching("Unable to Read Lock", "lock 77 does not exist (HTTP 404", "Check lock_id, and check base_url"),
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

// A credential read with file() keeps the file's trailing newline: it is
// trimmed and works. A control character inside the value fails at
// configure time, naming the attribute, without a single request.
func TestAccProvider_credentialWhiteSpace(t *testing.T) {
	mock := newMock(t, 123)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	config := func(token string) string {
		return fmt.Sprintf(`
provider "spkey" {
  base_url  = %q
  api_token = %s
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}
`, mock.URL, token)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config(fmt.Sprintf("%q", testToken+"\n")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_a")),
				},
				Check: checkMockOrg(mock, 123, "org_a"),
			},
			{
				Config:           config(fmt.Sprintf("file(%q)", tokenFile)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	for _, r := range mock.Requests() {
		if r.Status == 401 {
			t.Errorf("a request was refused: %s %s", r.Method, r.Path)
		}
	}

	// A fresh mock: the broken credential must not send a single request.
	broken := newMock(t, 123)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "spkey" {
  base_url  = %q
  api_token = "a\nb"
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}
`, broken.URL),
			ExpectError: errorMatching("Invalid SmartphoneKey Provider Setting: api_token", "SPKEY_API_TOKEN", "control character (U+000A)", "No request was sent"),
		}},
	})
	if n := len(broken.Requests()); n != 0 {
		t.Errorf("the mock received %d requests for a credential that cannot be sent, want 0", n)
	}
}
