package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

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
