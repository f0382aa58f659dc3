package provider

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

const testResidents = "spkey_lock_residents_exclusive.test"

// exclusiveConfig owns lock 7's list: mock user n → name.
func exclusiveConfig(url string, residents map[int64]string) string {
	lines := make([]string, 0, len(residents))
	for n, name := range residents {
		lines = append(lines, fmt.Sprintf("    %q = %q", spkeytest.UserUUID(n), name))
	}
	sort.Strings(lines)
	return providerBlock(url) + fmt.Sprintf(`
resource "spkey_lock_residents_exclusive" "test" {
  lock_id   = 7
  residents = {
%s
  }
}
`, strings.Join(lines, "\n"))
}

// residentsAre is the check of a residents map: mock user n → name.
func residentsAre(residents map[int64]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(residents))
	for n, name := range residents {
		checks[spkeytest.UserUUID(n)] = knownvalue.StringExact(name)
	}
	return knownvalue.MapExact(checks)
}

// checkResidents asserts lock 7's whole list as the mock holds it.
func checkResidents(mock *spkeytest.Server, want map[int64]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		list, _ := mock.Residents(7)
		got := map[string]string{}
		for _, r := range list {
			got[r.UserID] = r.Name
		}
		if len(got) != len(want) {
			return fmt.Errorf("lock 7 has residents %v, want %d", got, len(want))
		}
		for n, name := range want {
			if got[spkeytest.UserUUID(n)] != name {
				return fmt.Errorf("lock 7 has residents %v, want user %d as %q", got, n, name)
			}
		}
		return nil
	}
}

// requestsSince asserts the AddResident and RemoveResident requests for
// lock 7 since the mark: adds as mock user n → name, removes by user.
func requestsSince(mock *spkeytest.Server, mark *int, adds map[int64]string, removes ...int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var want, got []string
		for n, name := range adds {
			want = append(want, fmt.Sprintf(`AddResident {"name":%q,"userId":%q}`, name, spkeytest.UserUUID(n)))
		}
		for _, n := range removes {
			want = append(want, fmt.Sprintf(`RemoveResident {"userId":%q}`, spkeytest.UserUUID(n)))
		}
		for _, r := range mock.Requests()[*mark:] {
			if r.LockID == 7 && (r.Op == spkeytest.OpAddResident || r.Op == spkeytest.OpRemoveResident) {
				got = append(got, r.Op+" "+string(r.Body))
			}
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("requests since the mark:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		*mark = len(mock.Requests())
		return nil
	}
}

func TestAccLockResidentsExclusive_lifecycle(t *testing.T) {
	mock := newResidentsMock(t)
	// On the lock before Terraform: user 1 as configured, user 2 under
	// another name, user 3 not configured.
	mustAddResident(t, mock, 7, spkeytest.UserUUID(1), "Ada")
	mustAddResident(t, mock, 7, spkeytest.UserUUID(2), "Bob")
	mustAddResident(t, mock, 7, spkeytest.UserUUID(3), "Cy")
	mark := 0
	step3 := map[int64]string{1: "Ada", 2: "Robert", 4: "Dee"}
	step5 := map[int64]string{1: "Ada", 2: "Robert", 6: "Fay"}
	step6 := map[int64]string{1: "Ada", 2: "Robert", 3: "Cy"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		// Destroying only stops managing the list: no call, residents stay.
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkResidents(mock, map[int64]string{1: "Ada", 2: "Robert", 3: "Cy", 7: "Gil"}),
			requestsSince(mock, &mark, nil)),
		Steps: []resource.TestStep{
			{
				Config: providerBlock(mock.URL) + `
resource "spkey_lock_residents_exclusive" "test" {
  lock_id   = 7
  residents = { "00000000-0000-4000-A000-000000000001" = "Ada" }
}
`,
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Resident Key", `"00000000-0000-4000-A000-000000000001" is not in lower case`, "write the user id in lower case", `"00000000-0000-4000-a000-000000000001", as the API returns it`),
			},
			{
				// Create takes the list over: user 1 stays without a call,
				// user 2 is re-created, user 3 removed, user 4 added.
				Config: exclusiveConfig(mock.URL, step3),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResidents, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResidents, tfjsonpath.New("residents"), residentsAre(step3)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkResidents(mock, step3),
					requestsSince(mock, &mark, map[int64]string{2: "Robert", 4: "Dee"}, 2, 3)),
			},
			{
				Config:           exclusiveConfig(mock.URL, step3),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Drift: user 5 added and user 1 renamed outside Terraform.
				// The plan shows both; the apply removes user 5 and
				// re-creates user 1.
				PreConfig: func() {
					mustAddResident(t, mock, 7, spkeytest.UserUUID(5), "Eve")
					mustAddResident(t, mock, 7, spkeytest.UserUUID(1), "Ada X")
					mark = len(mock.Requests())
				},
				Config: exclusiveConfig(mock.URL, step3),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResidents, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkResidents(mock, step3),
					requestsSince(mock, &mark, map[int64]string{1: "Ada"}, 1, 5)),
			},
			{
				// Configuration: user 4 out, user 6 in.
				Config: exclusiveConfig(mock.URL, step5),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResidents, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkResidents(mock, step5), requestsSince(mock, &mark, map[int64]string{6: "Fay"}, 4)),
			},
			{
				// A partial failure: the add fails, the remove is done.
				// State says exactly that (user 6 gone, user 3 absent), so the
				// next apply sends only the add.
				PreConfig: func() {
					mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 403, Op: spkeytest.OpAddResident, Count: 1})
				},
				Config: exclusiveConfig(mock.URL, step6),
				ExpectError: errorMatching("Unable to Change Residents: 1 of 2 Changes Failed", "State records exactly what is now on the lock",
					"First failure: While trying to add user "+spkeytest.UserUUID(3)+" to the residents of lock 7", "HTTP 403",
					"Failed changes of lock 7:", `add user `+spkeytest.UserUUID(3)+` ("Cy"): add:`),
			},
			{
				Config: exclusiveConfig(mock.URL, step6),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResidents, plancheck.ResourceActionUpdate)},
				},
				// Two adds of user 3 since the mark (the failed one and this
				// one), one remove of user 6.
				Check: resource.ComposeAggregateTestCheckFunc(checkResidents(mock, step6),
					checkRequests(mock, wantRequests{op: spkeytest.OpAddResident, lockID: 7, n: 2,
						body: map[string]any{"userId": spkeytest.UserUUID(3), "name": "Cy"}}),
					checkRequests(mock, wantRequests{op: spkeytest.OpRemoveResident, lockID: 7, n: 1,
						body: map[string]any{"userId": spkeytest.UserUUID(6)}})),
			},
			{
				ResourceName:                         testResidents,
				ImportState:                          true,
				ImportStateId:                        "7",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "lock_id",
				ImportStateVerifyIgnore:              []string{"timeouts"},
			},
			{
				// Lost answers: the add and the remove are applied, their
				// answers lost; each is read back, never sent again.
				PreConfig: func() {
					mark = len(mock.Requests())
					mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultDrop, Op: spkeytest.OpAddResident, After: true, Count: 1})
					mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultGateway, Status: 504, Op: spkeytest.OpRemoveResident, After: true, Count: 1})
				},
				Config: exclusiveConfig(mock.URL, map[int64]string{1: "Ada", 2: "Robert", 7: "Gil"}),
				Check: resource.ComposeAggregateTestCheckFunc(checkResidents(mock, map[int64]string{1: "Ada", 2: "Robert", 7: "Gil"}),
					requestsSince(mock, &mark, map[int64]string{7: "Gil"}, 3)),
			},
			{
				// Put user 3 back outside Terraform before the destroy.
				PreConfig: func() { mustAddResident(t, mock, 7, spkeytest.UserUUID(3), "Cy"); mark = len(mock.Requests()) },
				Config:    exclusiveConfig(mock.URL, map[int64]string{1: "Ada", 2: "Robert", 3: "Cy", 7: "Gil"}),
				Check:     requestsSince(mock, &mark, nil),
			},
		},
	})
}

// TestAccLockResidentsExclusive_identity: the identity is { lock_id }, and
// an import block with it imports the list with no change.
func TestAccLockResidentsExclusive_identity(t *testing.T) {
	mock := newResidentsMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: identityImportSteps(exclusiveConfig(mock.URL, map[int64]string{1: "Ada"}), testResidents,
			map[string]knownvalue.Check{"lock_id": knownvalue.Int64Exact(7)}),
	})
}

// TestAccLockResidentsExclusive_scale: 1,000 residents are added with one
// call each, and a refresh reads the whole list with exactly one GET.
func TestAccLockResidentsExclusive_scale(t *testing.T) {
	const n = 1000
	mock := newResidentsMock(t)
	config := providerBlock(mock.URL) + fmt.Sprintf(`
resource "spkey_lock_residents_exclusive" "test" {
  lock_id   = 7
  residents = { for i in range(1, %d) : format("00000000-0000-4000-a000-%%012d", i) => "Resident ${i}" }
}
`, n+1)
	mark := 0
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(*terraform.State) error {
					if got := len(requestsOf(mock, spkeytest.OpAddResident)); got != n {
						return fmt.Errorf("%d AddResident requests, want %d", got, n)
					}
					if list, _ := mock.Residents(7); len(list) != n {
						return fmt.Errorf("lock 7 has %d residents, want %d", len(list), n)
					}
					return nil
				},
			},
			{
				PreConfig:    func() { mark = len(mock.RequestsFor(spkeytest.OpResidents, 7)) },
				RefreshState: true,
				Check: func(*terraform.State) error {
					if got := len(mock.RequestsFor(spkeytest.OpResidents, 7)) - mark; got != 1 {
						return fmt.Errorf("the refresh sent %d GET residents, want 1", got)
					}
					return nil
				},
			},
		},
	})
}
