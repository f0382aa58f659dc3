package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

const testTempKey = "spkey_lock_temp_key.test"

// The validity window of the temp key tests, and times in and after it
// for the mock's clock.
const (
	tkFrom  = "2030-01-01T00:00:00Z"
	tkUntil = "2030-02-01T00:00:00Z"
)

var (
	tkDuring = time.Date(2030, 1, 15, 0, 0, 0, 0, time.UTC)
	tkAfter  = time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)
)

// newTempKeyMock starts a mock with lock 7 and users 1 and 2, its clock
// inside the validity window.
func newTempKeyMock(t *testing.T) *spkeytest.Server {
	t.Helper()
	mock := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: []int64{7},
		Users: []spkeytest.User{spkeytest.NumberedUser(1), spkeytest.NumberedUser(2)}})
	mock.SetNow(tkDuring)
	return mock
}

// tempKeyConfig declares one temp key on lock 7 with the given lines.
func tempKeyConfig(url string, lines ...string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "spkey_lock_temp_key" "test" {
  lock_id = 7
%s
}
`, strings.Join(lines, "\n"))
}

// publicKey is a public key of the test window with lines added.
func publicKey(url string, lines ...string) string {
	return tempKeyConfig(url, append([]string{`  access_mode = "public"`, `  valid_from  = "` + tkFrom + `"`,
		`  valid_until = "` + tkUntil + `"`}, lines...)...)
}

// stateTempKeyUUID reads the temp key's UUID from state into *into.
func stateTempKeyUUID(into *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[testTempKey]
		if !ok {
			return fmt.Errorf("%s is not in state", testTempKey)
		}
		*into = rs.Primary.Attributes["temp_key_uuid"]
		if !v4UUID.MatchString(*into) {
			return fmt.Errorf("temp_key_uuid in state is not a random UUID (length %d)", len(*into))
		}
		if want := "7:" + tempKeyID(*into); rs.Primary.ID != want || rs.Primary.Attributes["temp_key_id"] != tempKeyID(*into) {
			return fmt.Errorf("id = %q, temp_key_id = %q, want %q and the UUID's hash", rs.Primary.ID, rs.Primary.Attributes["temp_key_id"], want)
		}
		return nil
	}
}

// tempKeyRequest asserts that the mock received exactly one request of a
// temp key operation on lock 7 whose body is body plus the UUID *uuid
// (read when the check runs).
func tempKeyRequest(mock *spkeytest.Server, op string, uuid *string, body map[string]any) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		b := map[string]any{"tempKeyUuid": *uuid}
		for k, v := range body {
			b[k] = v
		}
		return checkRequests(mock, wantRequests{op: op, lockID: 7, body: b, n: 1})(s)
	}
}

// checkMockTempKeys asserts how many temp keys lock 7 has in the mock,
// and, when uuid is set, that the first is *uuid with that status.
func checkMockTempKeys(mock *spkeytest.Server, n int, uuid *string, status string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		keys, _ := mock.TempKeys(7)
		if len(keys) != n {
			return fmt.Errorf("lock 7 has %d temp keys in the mock, want %d", len(keys), n)
		}
		if uuid != nil && (keys[0].UUID != *uuid || keys[0].Status != status) {
			return fmt.Errorf("lock 7's temp key has status %q (and the state's UUID: %v), want %q", keys[0].Status, keys[0].UUID == *uuid, status)
		}
		return nil
	}
}

func TestAccLockTempKey_lifecycle(t *testing.T) {
	mock := newTempKeyMock(t)
	var uuid, first string
	user1 := spkeytest.UserUUID(1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkMockTempKeys(mock, 0, nil, ""),
			tempKeyRequest(mock, spkeytest.OpDeleteTempKey, &uuid, nil)),
		Steps: []resource.TestStep{
			{
				// Create: a minted UUID, sent once with every field.
				Config: publicKey(mock.URL, "  max_uses    = 5", `  description = "for the plumber"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testTempKey, plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue(testTempKey, tfjsonpath.New("temp_key_uuid")),
						plancheck.ExpectSensitiveValue(testTempKey, tfjsonpath.New("temp_key_uuid")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testTempKey, tfjsonpath.New("status"), knownvalue.StringExact("valid")),
					statecheck.ExpectKnownValue(testTempKey, tfjsonpath.New("used_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(testTempKey, tfjsonpath.New("created_by"), knownvalue.StringExact(spkeytest.DefaultActorID)),
					statecheck.ExpectKnownValue(testTempKey, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(testTempKey, tfjsonpath.New("allowed_user_ids"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(stateTempKeyUUID(&uuid), checkMockTempKeys(mock, 1, &uuid, "valid"),
					tempKeyRequest(mock, spkeytest.OpCreateTempKey, &uuid, map[string]any{"accessMode": "public", "allowedUserIds": []string{},
						"validFrom": tkFrom, "validUntil": tkUntil, "maxUses": 5, "description": "for the plumber"})),
			},
			{
				Config:           publicKey(mock.URL, "  max_uses    = 5", `  description = "for the plumber"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Who may use it and how often change in place: one update
				// with only those fields (no limit is maxUses null).
				Config: tempKeyConfig(mock.URL, `  access_mode = "user-whitelist"`, fmt.Sprintf("  allowed_user_ids = [%q]", user1),
					`  valid_from  = "`+tkFrom+`"`, `  valid_until = "`+tkUntil+`"`, `  description = "for the plumber"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testTempKey, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testTempKey, tfjsonpath.New("allowed_user_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(user1)})),
					statecheck.ExpectKnownValue(testTempKey, tfjsonpath.New("max_uses"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkMockTempKeys(mock, 1, &uuid, "valid"),
					tempKeyRequest(mock, spkeytest.OpUpdateTempKey, &uuid, map[string]any{"accessMode": "user-whitelist",
						"allowedUserIds": []string{user1}, "maxUses": nil}),
					func(*terraform.State) error {
						if n := len(mock.RequestsFor(spkeytest.OpUpdateTempKey, 7)); n != 1 {
							return fmt.Errorf("%d update-temp-key requests, want 1", n)
						}
						return nil
					}),
			},
			{
				// Back to public, valid a day longer: allowedUserIds is
				// cleared with [], valid_from is not sent.
				Config: tempKeyConfig(mock.URL, `  access_mode = "public"`,
					`  valid_from  = "`+tkFrom+`"`, `  valid_until = "2030-02-02T00:00:00+00:00"`, `  description = "for the plumber"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testTempKey, plancheck.ResourceActionUpdate)},
				},
				Check: tempKeyRequest(mock, spkeytest.OpUpdateTempKey, &uuid, map[string]any{"accessMode": "public",
					"allowedUserIds": []string{}, "validUntil": "2030-02-02T00:00:00+00:00"}),
			},
			{
				// Expired: the key still exists, its status changes at the
				// refresh, and the plan neither changes nor re-creates it.
				PreConfig: func() { mock.SetNow(tkAfter) },
				Config: tempKeyConfig(mock.URL, `  access_mode = "public"`,
					`  valid_from  = "`+tkFrom+`"`, `  valid_until = "2030-02-02T00:00:00+00:00"`, `  description = "for the plumber"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testTempKey, tfjsonpath.New("status"), knownvalue.StringExact("expired")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkMockTempKeys(mock, 1, &uuid, "expired"),
					func(*terraform.State) error {
						if n := len(mock.RequestsFor(spkeytest.OpCreateTempKey, 7)) + len(mock.RequestsFor(spkeytest.OpDeleteTempKey, 7)); n != 1 {
							return fmt.Errorf("%d create and delete requests, want only the first create", n)
						}
						return nil
					}),
			},
			{
				// A new description replaces the key: the API cannot change
				// it, nor tell what it is. Without temp_key_uuid in the
				// configuration the new key has a new UUID.
				PreConfig: func() { first = uuid },
				Config:    publicKey(mock.URL, `  description = "for the new plumber"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testTempKey, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(stateTempKeyUUID(&uuid), checkMockTempKeys(mock, 1, &uuid, "expired"),
					tempKeyRequest(mock, spkeytest.OpDeleteTempKey, &first, nil), func(*terraform.State) error {
						if uuid == first {
							return fmt.Errorf("the replacement kept the UUID")
						}
						return nil
					}),
			},
			{
				// Deleted behind Terraform's back: the refresh drops it and
				// the apply creates it again.
				PreConfig: func() {
					mock.SetNow(tkDuring)
					first = uuid
					if !mock.DeleteTempKey(7, uuid) {
						t.Error("the mock has no temp key to delete")
					}
				},
				Config: publicKey(mock.URL, `  description = "for the new plumber"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testTempKey, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(stateTempKeyUUID(&uuid), checkMockTempKeys(mock, 1, &uuid, "valid")),
			},
			{
				ResourceName:      testTempKey,
				ImportState:       true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return "7:" + uuid, nil },
				ImportStateVerify: true,
				// The API never returns the description.
				ImportStateVerifyIgnore: []string{"timeouts", "description"},
			},
		},
	})
}

// TestAccLockTempKey_identity: the identity is { lock_id, temp_key_id },
// never the UUID, and an import block with it finds the key by its hash
// and records its UUID. A description configured after the import is
// recorded in place: the API cannot tell what it was.
func TestAccLockTempKey_identity(t *testing.T) {
	mock := newTempKeyMock(t)
	var uuid string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: []resource.TestStep{
			{
				Config: publicKey(mock.URL),
				Check:  stateTempKeyUUID(&uuid),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testTempKey, map[string]knownvalue.Check{
						"lock_id":     knownvalue.Int64Exact(7),
						"temp_key_id": knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{16}$`)),
					}),
				},
			},
			{
				ResourceName:    testTempKey,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testTempKey, plancheck.ResourceActionNoop)},
				},
			},
			{
				ResourceName:    testTempKey,
				Config:          publicKey(mock.URL, `  description = "written after the import"`),
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				// Recorded in place, sending nothing: status and uses stay known.
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testTempKey, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(testTempKey, tfjsonpath.New("status"), knownvalue.StringExact("valid")),
						plancheck.ExpectKnownValue(testTempKey, tfjsonpath.New("used_count"), knownvalue.Int64Exact(0)),
					},
				},
			},
		},
	})
}

// TestAccLockTempKey_invalid: the rules that join attributes fail the
// plan, naming the attribute and what to do, before any request.
func TestAccLockTempKey_invalid(t *testing.T) {
	mock := newTempKeyMock(t)
	window := []string{`  valid_from  = "` + tkFrom + `"`, `  valid_until = "` + tkUntil + `"`}
	step := func(want *regexp.Regexp, lines ...string) resource.TestStep {
		return resource.TestStep{Config: tempKeyConfig(mock.URL, lines...), PlanOnly: true, ExpectError: want}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			step(errorMatching("Missing Allowed Users", `access_mode = "user-whitelist"`, "Add at least one user id"),
				append([]string{`  access_mode = "user-whitelist"`}, window...)...),
			step(errorMatching("Missing Allowed Users"),
				append([]string{`  access_mode = "user-whitelist"`, "  allowed_user_ids = []"}, window...)...),
			step(errorMatching("Allowed Users With Public Access", "Remove allowed_user_ids"),
				append([]string{`  access_mode = "public"`, fmt.Sprintf("  allowed_user_ids = [%q]", spkeytest.UserUUID(1))}, window...)...),
			step(errorMatching("Invalid Validity Window", "valid_until (2030-01-01T00:00:00+01:00) must be after valid_from (2030-01-01T00:00:00Z)"),
				`  access_mode = "public"`, `  valid_from  = "`+tkFrom+`"`, `  valid_until = "2030-01-01T00:00:00+01:00"`),
			step(errorMatching("Invalid RFC3339 String Value", "2030-02-01"),
				`  access_mode = "public"`, `  valid_from  = "`+tkFrom+`"`, `  valid_until = "2030-02-01"`),
			step(errorMatching("Invalid Key UUID", "the value (not shown: it opens the door) is not a UUID"),
				append([]string{`  access_mode = "public"`, `  temp_key_uuid = "not-a-uuid"`}, window...)...),
			step(errorMatching(`value must be one of: ["public" "user-whitelist"]`),
				append([]string{`  access_mode = "private"`}, window...)...),
			step(errorMatching("max_uses", "at least 1"), append([]string{`  access_mode = "public"`, "  max_uses = 0"}, window...)...),
		},
	})
	if n := len(mock.Requests()); n != 0 {
		t.Errorf("the mock received %d requests, want none", n)
	}
}

// TestAccLockTempKey_lostAnswers: a create whose answer is lost after
// the API acted is read back, never sent again (a second create would
// answer 400: the UUID is in use); a delete that finds the key gone (the
// API's 404) is success.
func TestAccLockTempKey_lostAnswers(t *testing.T) {
	mock := newTempKeyMock(t)
	mustInject(t, mock, spkeytest.Fault{Kind: spkeytest.FaultGateway, Status: 504, Op: spkeytest.OpCreateTempKey, After: true, Count: 1})
	var uuid string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkMockTempKeys(mock, 0, nil, ""),
			tempKeyRequest(mock, spkeytest.OpDeleteTempKey, &uuid, nil)),
		Steps: []resource.TestStep{{
			Config: publicKey(mock.URL),
			Check: resource.ComposeAggregateTestCheckFunc(stateTempKeyUUID(&uuid), checkMockTempKeys(mock, 1, &uuid, "valid"),
				func(*terraform.State) error {
					if n := len(mock.RequestsFor(spkeytest.OpCreateTempKey, 7)); n != 1 {
						return fmt.Errorf("%d create-temp-key requests, want 1", n)
					}
					return mock.InjectFault(spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 404, Op: spkeytest.OpDeleteTempKey, After: true, Count: 1})
				}),
		}},
	})
}

// mockPost sends a command to the mock as another client would, behind
// Terraform's back, and fails the test unless it answers 200.
func mockPost(t *testing.T, mock *spkeytest.Server, lockID int64, op, body string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, fmt.Sprintf("%s/locks/%d/%s", mock.URL, lockID, op), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", testKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: HTTP %d", op, resp.StatusCode)
	}
}

// TestAccLockTempKey_alreadyExists: a configured UUID that the lock
// already has with other values fails the create, changing nothing, and
// says how to import the key without writing its UUID.
func TestAccLockTempKey_alreadyExists(t *testing.T) {
	mock := newTempKeyMock(t)
	const uuid = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"
	mockPost(t, mock, 7, "create-temp-key", `{"tempKeyUuid": "`+uuid+`", "accessMode": "public", "validFrom": "`+tkFrom+`", "validUntil": "2030-03-01T00:00:00Z"}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: publicKey(mock.URL, fmt.Sprintf("  temp_key_uuid = %q", uuid)),
			ExpectError: errorMatching("Temporary Key Already Exists", "Lock 7 already has a temporary key with this temp_key_uuid (temp_key_id "+tempKeyID(uuid)+")",
				"with other values, so nothing was created", `identity = { lock_id = 7, temp_key_id = "`+tempKeyID(uuid)+`" }`),
		}},
	})
	if keys, _ := mock.TempKeys(7); len(keys) != 1 || keys[0].ValidUntil != "2030-03-01T00:00:00Z" {
		t.Errorf("lock 7's temp keys changed: %+v", keys)
	}
}
