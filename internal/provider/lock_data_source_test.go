package provider

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

const testDataSource = "data.spkey_lock.test"

func lockDataConfig(url string, lockID int64) string {
	return providerBlock(url) + fmt.Sprintf(`
data "spkey_lock" "test" {
  lock_id = %d
}
`, lockID)
}

func TestAccLockDataSource(t *testing.T) {
	mock := newMock(t)
	lock := mock.AddLock(123, "org_7f3a")
	mock.BumpVersion(123)
	mustInject(t, mock, spkeytest.Fault{
		Kind: spkeytest.FaultBody, Op: "basic-info", LockID: 5,
		// Only the required fields and organizationId: the rest is null,
		// and org_id falls back to organizationId.
		Body: `{"id":"5","lockId":5,"uuid":"uuid-5","version":3.14,"organizationId":"org_legacy","r2Prefix":"locks/5/","doId":"ff"}`,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: lockDataConfig(mock.URL, 123),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("aggregate_id"), knownvalue.StringExact("123")),
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("uuid"), knownvalue.StringExact(lock.UUID)),
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("version"), knownvalue.NumberExact(big.NewFloat(3))),
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("serial_number"), knownvalue.StringExact(lock.SerialNumber)),
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("owner_id"), knownvalue.StringExact(lock.OwnerID)),
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_7f3a")),
				},
			},
			{
				Config: lockDataConfig(mock.URL, 5),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("uuid"), knownvalue.StringExact("uuid-5")),
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("org_id"), knownvalue.StringExact("org_legacy")),
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("serial_number"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("owner_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testDataSource, tfjsonpath.New("version"), knownvalue.NumberFunc(func(v *big.Float) error {
						if v.Text('f', -1) != "3.14" {
							return fmt.Errorf("version = %s, want exactly 3.14", v.Text('f', -1))
						}
						return nil
					})),
				},
			},
		},
	})
}

// The data source reads what the resource just set, and a lock with no
// organization reads as a null org_id.
func TestAccLockDataSource_withResource(t *testing.T) {
	mock := newMock(t, 123, 124)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: lockOrgConfig(mock.URL, 123, "org_a") + `
data "spkey_lock" "after" {
  lock_id = spkey_lock_organization.test.lock_id
}
data "spkey_lock" "unassigned" {
  lock_id = 124
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.spkey_lock.after", tfjsonpath.New("org_id"), knownvalue.StringExact("org_a")),
				statecheck.CompareValuePairs("data.spkey_lock.after", tfjsonpath.New("version"), testResource, tfjsonpath.New("version"), compare.ValuesSame()),
				statecheck.ExpectKnownValue("data.spkey_lock.unassigned", tfjsonpath.New("org_id"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccLockDataSource_errors(t *testing.T) {
	mock := newMock(t, 123)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      lockDataConfig(mock.URL, 999),
				ExpectError: errorMatching("Unable to Read Lock", "lock 999 does not exist (HTTP 404", "Lock 999 not found"),
			},
			{
				Config:      lockDataConfig(mock.URL, 0),
				ExpectError: errorMatching("Invalid Lock ID", "lock_id: 0 is not a lock id"),
			},
			{
				PreConfig:   func() { mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 401}) },
				Config:      lockDataConfig(mock.URL, 123),
				ExpectError: errorMatching("Unable to Read Lock", "rejected the credentials (HTTP 401"),
			},
		},
	})
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
