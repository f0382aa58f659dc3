package provider

import (
	"fmt"
	"regexp"
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

const (
	testKey7  = "spkey_lock_key.test"
	keyUUID   = "0b5e7c1a-3f2d-4e8a-9c6b-7d1e2f3a4b5c"
	keyHolder = "6f1c2a4e-8d0b-4c3e-9a7f-000000000001"
)

// v4UUID matches a random (version 4) UUID in lower case.
var v4UUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// keyConfig declares one key on lock 7; extra lines go inside the
// resource (key_uuid, key_index_number, user_id), providerExtra inside
// the provider block.
func keyConfig(url string, extra string, providerExtra ...string) string {
	return providerBlock(url, providerExtra...) + fmt.Sprintf(`
resource "spkey_lock_key" "test" {
  lock_id = 7
%s
}
`, extra)
}

// fullKey is keyConfig's extra for keyUUID in slot 3, held by keyHolder.
var fullKey = fmt.Sprintf("  key_uuid         = %q\n  key_index_number = 3\n  user_id          = %q", keyUUID, keyHolder)

// addKeyRequests is checkRequests for AddKey on lock 7 with body.
func addKeyRequests(mock *spkeytest.Server, body map[string]any, n int) resource.TestCheckFunc {
	return checkRequests(mock, wantRequests{op: spkeytest.OpAddKey, lockID: 7, body: body, n: n})
}

// removeKeyRequests is checkRequests for RemoveKey of keyUUID on lock 7.
func removeKeyRequests(mock *spkeytest.Server, n int) resource.TestCheckFunc {
	return checkRequests(mock, wantRequests{op: spkeytest.OpRemoveKey, lockID: 7, body: map[string]any{"keyUuid": keyUUID}, n: n})
}

var fullKeyBody = map[string]any{"keyUuid": keyUUID, "keyIndexNumber": 3, "userId": keyHolder}

// checkMockKeys asserts lock 7's keys as the mock holds them: exactly
// the UUIDs given.
func checkMockKeys(mock *spkeytest.Server, uuids ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		keys, _ := mock.Keys(7)
		got := make([]string, len(keys))
		for i, k := range keys {
			got[i] = k.UUID
		}
		if strings.Join(got, ",") != strings.Join(uuids, ",") {
			return fmt.Errorf("lock 7 has keys %v in the mock, want %v", got, uuids)
		}
		return nil
	}
}

func TestAccLockKey_lifecycle(t *testing.T) {
	mock := newMock(t, 7)
	three := int64(3)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock), removeKeyRequests(mock, 2)),
		Steps: []resource.TestStep{
			{
				// Create: one AddKey with the UUID, slot and holder given.
				Config: keyConfig(mock.URL, fullKey),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testKey7, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testKey7, tfjsonpath.New("id"), knownvalue.StringExact("7:"+keyUUID)),
					statecheck.ExpectKnownValue(testKey7, tfjsonpath.New("key_index_number"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(testKey7, tfjsonpath.New("user_id"), knownvalue.StringExact(keyHolder)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock, keyUUID), addKeyRequests(mock, fullKeyBody, 1)),
			},
			{
				Config:           keyConfig(mock.URL, fullKey),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Removed behind Terraform's back: the refresh drops it and
				// the apply adds it again.
				PreConfig: func() { mock.RemoveKey(7, keyUUID) },
				Config:    keyConfig(mock.URL, fullKey),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testKey7, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock, keyUUID), addKeyRequests(mock, fullKeyBody, 2)),
			},
			{
				// Moved to another slot behind Terraform's back: the API
				// cannot change a key, so the plan replaces it.
				PreConfig: func() {
					one := int64(1)
					if err := mock.AddKey(7, spkeytest.Key{UUID: keyUUID, IndexNumber: &one, UserID: keyHolder}); err != nil {
						t.Fatal(err)
					}
				},
				Config: keyConfig(mock.URL, fullKey),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testKey7, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock, keyUUID), addKeyRequests(mock, fullKeyBody, 3),
					removeKeyRequests(mock, 1), func(*terraform.State) error {
						keys, _ := mock.Keys(7)
						if len(keys) != 1 || keys[0].IndexNumber == nil || *keys[0].IndexNumber != three {
							return fmt.Errorf("lock 7's keys: %+v, want one in slot 3", keys)
						}
						return nil
					}),
			},
			{
				ResourceName:            testKey7,
				ImportState:             true,
				ImportStateId:           "7:" + strings.ToUpper(keyUUID),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

// TestAccLockKey_minted: without key_uuid the provider mints a random
// UUID at create, sends it, and keeps it: the next plan is empty.
func TestAccLockKey_minted(t *testing.T) {
	mock := newMock(t, 7)
	var minted string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             checkMockKeys(mock),
		Steps: []resource.TestStep{
			{
				Config: keyConfig(mock.URL, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownValue(testKey7, tfjsonpath.New("key_uuid"))},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testKey7, tfjsonpath.New("key_uuid"), knownvalue.StringRegexp(v4UUID)),
					statecheck.ExpectKnownValue(testKey7, tfjsonpath.New("key_index_number"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testKey7, tfjsonpath.New("user_id"), knownvalue.Null()),
				},
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[testKey7]
					minted = rs.Primary.Attributes["key_uuid"]
					if rs.Primary.ID != "7:"+minted {
						return fmt.Errorf("id = %q, want 7:%s", rs.Primary.ID, minted)
					}
					return resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock, minted),
						addKeyRequests(mock, map[string]any{"keyUuid": minted}, 1))(s)
				},
			},
			{
				Config:           keyConfig(mock.URL, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// deviceOfflineError is the error of an add or remove on lock 7 while
// its device is offline: it names the lock and the key, says the device
// could not be reached and that nothing changed, and what to do.
func deviceOfflineError(add bool) *regexp.Regexp {
	if add {
		return errorMatching("Unable to Add Lock Key", "add key "+keyUUID+" to lock 7", "device could not be reached",
			"HTTP 502", "after 2 attempts", "no key was added and nothing was recorded in state",
			"Bring lock 7 online (power, network, within reach of its gateway) and run apply again.")
	}
	return errorMatching("Unable to Remove Lock Key", "remove key "+keyUUID+" from lock 7", "device could not be reached",
		"HTTP 502", "after 2 attempts", "the key was not removed and it stays in state",
		"Bring lock 7 online (power, network, within reach of its gateway) and run apply (or destroy) again.")
}

// TestAccLockKey_deviceOffline: while lock 7's device is offline an add
// fails, recording nothing, after max_retries; a destroy fails keeping
// the key in state. Once online, both go through.
func TestAccLockKey_deviceOffline(t *testing.T) {
	mock := newMock(t, 7)
	config := keyConfig(mock.URL, fmt.Sprintf("  key_uuid = %q", keyUUID), "  max_retries = 1")
	body := map[string]any{"keyUuid": keyUUID}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock), removeKeyRequests(mock, 3)),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { mock.SetDeviceOffline(7, true) },
				Config:      config,
				ExpectError: deviceOfflineError(true),
			},
			{
				// Nothing was recorded: the plan still creates it.
				Config:   config,
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					if err := checkMockKeys(mock)(nil); err != nil {
						t.Error(err)
					}
					mock.SetDeviceOffline(7, false)
				},
				Config: config,
				Check:  resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock, keyUUID), addKeyRequests(mock, body, 3)),
			},
			{
				PreConfig:   func() { mock.SetDeviceOffline(7, true) },
				Config:      config,
				Destroy:     true,
				ExpectError: deviceOfflineError(false),
			},
			{
				// The key stayed on the lock and in state: nothing to do.
				PreConfig:        func() { mock.SetDeviceOffline(7, false) },
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock, keyUUID), removeKeyRequests(mock, 2)),
			},
		},
	})
}

// TestAccLockKey_lostAnswers: an AddKey whose answer is lost after the
// API acted (a gateway's 502, a dropped connection) is resolved by reading
// the lock's details, never by sending it again; a RemoveKey that finds
// the key gone (the API's 404) is success.
func TestAccLockKey_lostAnswers(t *testing.T) {
	for _, kind := range []spkeytest.FaultKind{spkeytest.FaultGateway, spkeytest.FaultDrop} {
		t.Run(string(kind), func(t *testing.T) {
			mock := newMock(t, 7)
			mustInject(t, mock, spkeytest.Fault{Kind: kind, Op: spkeytest.OpAddKey, After: true, Count: 1})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				CheckDestroy:             resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock), removeKeyRequests(mock, 1)),
				Steps: []resource.TestStep{{
					Config: keyConfig(mock.URL, fullKey),
					Check: resource.ComposeAggregateTestCheckFunc(checkMockKeys(mock, keyUUID), addKeyRequests(mock, fullKeyBody, 1),
						func(*terraform.State) error {
							if n := len(mock.RequestsFor(spkeytest.OpDetails, 7)); n < 1 {
								return fmt.Errorf("%d details reads, want a read-back", n)
							}
							// The remove acts, then answers the API's 404, as if
							// another remove had come first.
							return mock.InjectFault(spkeytest.Fault{Kind: spkeytest.FaultStatus, Status: 404, Op: spkeytest.OpRemoveKey, After: true, Count: 1})
						}),
				}},
			})
		})
	}
}

// TestAccLockKey_identity: the identity is { lock_id, key_uuid }, and an
// import block with it imports the key with no change.
func TestAccLockKey_identity(t *testing.T) {
	mock := newMock(t, 7)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: []resource.TestStep{
			{
				Config: keyConfig(mock.URL, fullKey),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testKey7, map[string]knownvalue.Check{
						"lock_id":  knownvalue.Int64Exact(7),
						"key_uuid": knownvalue.StringExact(keyUUID),
					}),
				},
			},
			{
				ResourceName:    testKey7,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testKey7, plancheck.ResourceActionNoop)},
				},
			},
		},
	})
}
