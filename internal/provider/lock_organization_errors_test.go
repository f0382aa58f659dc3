package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

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
			want:   errorMatching("lock 999999 does not exist (HTTP 404", "lock ids are numeric"),
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
				CheckDestroy: checkNothingChanged(mock),
			})
		})
	}
}

// checkNothingChanged asserts that no lock in the mock got an organization.
func checkNothingChanged(mock *spkeytest.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, l := range mock.Locks() {
			if l.OrgID != "" && l.OrgID != "org_other" {
				return fmt.Errorf("lock %d got organization %q although the apply failed", l.ID, l.OrgID)
			}
		}
		return nil
	}
}
