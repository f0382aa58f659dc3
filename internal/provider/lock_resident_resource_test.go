package provider

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// The residents tests use lock 7 and mock users 1 to 9; resident is user
// 1, whose email and phone number the mock knows.
var resident = spkeytest.UserUUID(1)

const testResident = "spkey_lock_resident.test"

// newResidentsMock starts a mock with locks 7 and 8 and users 1 to 9.
func newResidentsMock(t *testing.T) *spkeytest.Server {
	t.Helper()
	users := make([]spkeytest.User, 0, 9)
	for n := int64(1); n <= 9; n++ {
		users = append(users, spkeytest.NumberedUser(n))
	}
	return spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: []int64{7, 8}, Users: users})
}

// residentConfig makes resident a resident of lock 7 called name.
func residentConfig(url, name string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "spkey_lock_resident" "test" {
  lock_id = 7
  user_id = %q
  name    = %q
}
`, resident, name)
}

// addResidentRequests is checkRequests for AddResident of userID to lock
// 7 as name.
func addResidentRequests(mock *spkeytest.Server, userID, name string, n int) resource.TestCheckFunc {
	return checkRequests(mock, wantRequests{op: spkeytest.OpAddResident, lockID: 7, n: n,
		body: map[string]any{"userId": userID, "name": name}})
}

// removeResidentRequests is checkRequests for RemoveResident of userID
// from lock 7.
func removeResidentRequests(mock *spkeytest.Server, userID string, n int) resource.TestCheckFunc {
	return checkRequests(mock, wantRequests{op: spkeytest.OpRemoveResident, lockID: 7, n: n, body: map[string]any{"userId": userID}})
}

// checkResident asserts userID's entry on lock 7 as the mock holds it; an
// empty name means none.
func checkResident(mock *spkeytest.Server, userID, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		list, _ := mock.Residents(7)
		var got *spkeytest.Resident
		for i := range list {
			if strings.EqualFold(list[i].UserID, userID) {
				got = &list[i]
			}
		}
		switch {
		case name == "" && got != nil:
			return fmt.Errorf("user %s is still a resident of lock 7: %+v", userID, *got)
		case name == "":
			return nil
		case got == nil:
			return fmt.Errorf("user %s is not a resident of lock 7, want %q", userID, name)
		case got.Name != name:
			return fmt.Errorf("user %s is a resident of lock 7 as %q, want %q", userID, got.Name, name)
		}
		return nil
	}
}

func mustAddResident(t *testing.T, mock *spkeytest.Server, lockID int64, userID, name string) {
	t.Helper()
	if err := mock.AddResident(lockID, spkeytest.Resident{UserID: userID, Name: name}); err != nil {
		t.Fatal(err)
	}
}

func TestAccLockResident_lifecycle(t *testing.T) {
	mock := newResidentsMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		// The last step makes the remove answer 400 after removing: as if
		// another remove had come first. The read-back confirms it is gone.
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkResident(mock, resident, ""), removeResidentRequests(mock, resident, 3)),
		Steps: []resource.TestStep{
			{
				// Create: one AddResident; email and has_phone from the list.
				Config: residentConfig(mock.URL, "Ada"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResident, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResident, tfjsonpath.New("id"), knownvalue.StringExact("7:"+resident)),
					statecheck.ExpectKnownValue(testResident, tfjsonpath.New("email"), knownvalue.StringExact("user1@example.com")),
					statecheck.ExpectKnownValue(testResident, tfjsonpath.New("has_phone"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkResident(mock, resident, "Ada"), addResidentRequests(mock, resident, "Ada", 1)),
			},
			{
				Config:           residentConfig(mock.URL, "Ada"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A new name: the API cannot rename a resident, so the plan
				// re-creates it: remove, then add; email is read again
				// after the add.
				Config: residentConfig(mock.URL, "Ada L."),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResident, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectUnknownValue(testResident, tfjsonpath.New("email")),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkResident(mock, resident, "Ada L."),
					addResidentRequests(mock, resident, "Ada L.", 1), removeResidentRequests(mock, resident, 1)),
			},
			{
				// Drift: renamed behind Terraform's back. The refresh sees
				// it and the plan re-creates the resident.
				PreConfig: func() { mustAddResident(t, mock, 7, resident, "Someone") },
				Config:    residentConfig(mock.URL, "Ada L."),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResident, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkResident(mock, resident, "Ada L."),
					addResidentRequests(mock, resident, "Ada L.", 2), removeResidentRequests(mock, resident, 2)),
			},
			{
				// Removed behind Terraform's back: it leaves state and the
				// plan adds it again.
				PreConfig: func() { mock.RemoveResident(7, resident) },
				Config:    residentConfig(mock.URL, "Ada L."),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResident, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkResident(mock, resident, "Ada L."), addResidentRequests(mock, resident, "Ada L.", 3)),
			},
			{
				// The user id in any case imports the same resident.
				ResourceName:            testResident,
				ImportState:             true,
				ImportStateId:           "7:" + strings.ToUpper(resident),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:  testResident,
				ImportState:   true,
				ImportStateId: resident + ":7",
				ExpectError: errorMatching("Invalid Import ID", "is a UUID, not a lock id", "the lock id comes first",
					"terraform import spkey_lock_resident.example 123:"+exampleUserID),
			},
			{
				Config: residentConfig(mock.URL, "Ada L."),
				Check: func(*terraform.State) error {
					return mock.InjectFault(spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 400, Op: spkeytest.OpRemoveResident, After: true, Count: 1})
				},
			},
		},
	})
}

// TestAccLockResident_identity: the identity is { lock_id, user_id }, and
// an import block with it imports the resident with no change.
func TestAccLockResident_identity(t *testing.T) {
	mock := newResidentsMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: identityImportSteps(residentConfig(mock.URL, "Ada"), testResident, map[string]knownvalue.Check{
			"lock_id": knownvalue.Int64Exact(7),
			"user_id": knownvalue.StringExact(resident),
		}),
	})
}

// TestAccLockResident_alreadyThere: a create that finds the resident
// already there adopts it when the name matches, and otherwise fails
// showing the name and the import command, changing nothing.
func TestAccLockResident_alreadyThere(t *testing.T) {
	t.Run("same name", func(t *testing.T) {
		mock := newResidentsMock(t)
		mustAddResident(t, mock, 7, resident, "Ada")
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			// The remove takes effect and answers the lock's 404, as if the
			// lock had been deleted meanwhile: success.
			CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkResident(mock, resident, ""), removeResidentRequests(mock, resident, 1)),
			Steps: []resource.TestStep{{
				Config: residentConfig(mock.URL, "Ada"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResident, tfjsonpath.New("email"), knownvalue.StringExact("user1@example.com")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkResident(mock, resident, "Ada"), addResidentRequests(mock, resident, "Ada", 1),
					removeResidentRequests(mock, resident, 0), func(*terraform.State) error {
						return mock.InjectFault(spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 404, Op: spkeytest.OpRemoveResident, After: true, Count: 1})
					}),
			}},
		})
	})
	t.Run("other name", func(t *testing.T) {
		mock := newResidentsMock(t)
		mustAddResident(t, mock, 7, resident, "Someone")
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{{
				Config: residentConfig(mock.URL, "Ada"),
				ExpectError: errorMatching("Resident Already on the Lock", `is already a resident of lock 7, named "Someone"`,
					"terraform import spkey_lock_resident.<name> 7:"+resident),
			}},
		})
		if err := checkResident(mock, resident, "Someone")(nil); err != nil {
			t.Error(err)
		}
	})
}

// TestAccLockResident_lostAnswers: an add or remove whose answer is lost
// after the server acted is read back, never sent again.
func TestAccLockResident_lostAnswers(t *testing.T) {
	mock := newResidentsMock(t)
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultDrop, Op: spkeytest.OpAddResident, After: true, Count: 1})
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultGateway, Status: 504, Op: spkeytest.OpRemoveResident, After: true, Count: 1})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(checkResident(mock, resident, ""), removeResidentRequests(mock, resident, 1)),
		Steps: []resource.TestStep{{
			Config: residentConfig(mock.URL, "Ada"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(testResident, tfjsonpath.New("has_phone"), knownvalue.Bool(true)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(checkResident(mock, resident, "Ada"), addResidentRequests(mock, resident, "Ada", 1)),
		}},
	})
}

// TestLockResident_refreshShared: a refresh of for_each over 1,000
// residents of one lock, as Terraform makes it (one ReadResource per
// instance, ten at a time), sends one GET residents, and each instance
// finds its entry in it. (Through the CLI, 1,000 instances take Terraform
// itself about a minute; the provider's part is the same.)
func TestLockResident_refreshShared(t *testing.T) {
	const n, parallelism = 1000, 10
	mock := newResidentsMock(t)
	for i := int64(1); i <= n; i++ {
		mustAddResident(t, mock, 7, spkeytest.UserUUID(i), fmt.Sprintf("Resident %d", i))
	}
	srv, schemas := configuredProvider(t, mock, nil)
	typ := schemas.ResourceSchemas[lockResidentType].ValueType()
	states := make([]*tfprotov6.DynamicValue, n)
	for i := range states {
		user := spkeytest.UserUUID(int64(i + 1))
		states[i] = dynamicValue(t, typ, map[string]tftypes.Value{
			"id":      tftypes.NewValue(tftypes.String, "7:"+user),
			"lock_id": tftypes.NewValue(tftypes.Number, 7),
			"user_id": tftypes.NewValue(tftypes.String, user),
			"name":    tftypes.NewValue(tftypes.String, fmt.Sprintf("Resident %d", i+1)),
		})
	}
	start := time.Now()
	resps := make([]*tfprotov6.ReadResourceResponse, n)
	errs := make([]error, n)
	sem := make(chan struct{}, parallelism)
	var wg sync.WaitGroup
	for i, state := range states {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			resps[i], errs[i] = srv.ReadResource(t.Context(), &tfprotov6.ReadResourceRequest{TypeName: lockResidentType, CurrentState: state})
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for i, resp := range resps {
		if errs[i] != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("instance %d: %v %v", i+1, errs[i], diagTexts(resp.Diagnostics))
		}
		var got map[string]tftypes.Value
		mustUnmarshal(t, resp.NewState, typ, &got)
		if want := fmt.Sprintf("Resident %d", i+1); stringOf(t, got["name"]) != want {
			t.Fatalf("instance %d read name %s, want %q", i+1, got["name"], want)
		}
	}
	if got := len(mock.RequestsFor(spkeytest.OpResidents, 7)); got != 1 {
		t.Errorf("%d ReadResource calls sent %d GET residents, want 1", n, got)
	}
	t.Logf("%d refreshes in %v", n, elapsed)
}
