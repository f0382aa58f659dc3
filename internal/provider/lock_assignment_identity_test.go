package provider

import (
	"context"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Resource identity is a Terraform 1.12 (and OpenTofu 1.12) feature:
// older CLIs neither store nor send it, so these tests skip below 1.12.
var identityVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// A created lock has the identity { lock_id }, and an import block with
// that identity imports it with no change. (String-id import, with
// identity recorded or not, is TestAccLockOrganization_lifecycle's, on
// every CLI.)
func TestAccLockOrganization_identity(t *testing.T) {
	mock := newMock(t, 123)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: []tfresource.TestStep{
			{
				Config: lockOrgConfig(mock.URL, 123, "org_a"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testResource, map[string]knownvalue.Check{
						"lock_id": knownvalue.Int64Exact(123),
					}),
					statecheck.ExpectIdentityValueMatchesState(testResource, tfjsonpath.New("lock_id")),
				},
			},
			{
				ResourceName:    testResource,
				ImportState:     true,
				ImportStateKind: tfresource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: tfresource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionNoop),
					},
				},
			},
		},
	})
}

// An import block's identity goes through the same lock-id rules as the
// configuration's lock_id: 1.5 is not a whole number, not an internal
// error (issue 23 item 9).
func TestAccLockOrganization_identityInvalid(t *testing.T) {
	mock := newMock(t, 123)
	config := func(lockID string) string {
		return providerBlock(mock.URL) + `
import {
  to       = spkey_lock_organization.test
  identity = { lock_id = ` + lockID + ` }
}
resource "spkey_lock_organization" "test" {
  lock_id = 123
  org_id  = "org_a"
}
`
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   identityVersions,
		Steps: []tfresource.TestStep{
			{Config: config("0"), ExpectError: errorMatching("Invalid Import ID", "The identity's lock_id: 0 is not a lock id: it must be at least 1")},
			{Config: config("1.5"), ExpectError: errorMatching("Invalid Import ID", "The identity's lock_id: 1.5 is not a whole number",
				"identity = { lock_id = 123 }")},
		},
	})
	if n := len(mock.Requests()); n != 0 {
		t.Errorf("the mock received %d requests for an invalid identity, want none", n)
	}
}

// State written before identity existed (by an older provider or CLI)
// gets its identity on the next refresh, with no change planned.
func TestAccCLI_identityAddedOnRefresh(t *testing.T) {
	cli := newCLI(t)
	if v := cliVersion(t); !v.atLeast(12) {
		t.Skipf("%s %d.%d stores no resource identity (Terraform and OpenTofu 1.12+ do)", v.name, v.major, v.minor)
	}
	mock := newMock(t, 123)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+lockOrgConfig(mock.URL, 123, "org_a"))
	cli.run(true, "apply", "-auto-approve")

	// Take the identity out of the state file, as an older provider
	// would have written it.
	statePath := filepath.Join(cli.dir, "terraform.tfstate")
	raw, err := os.ReadFile(statePath) //nolint:gosec // G304: the test's own state file
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]any
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	removed := 0
	for _, r := range state["resources"].([]any) { //nolint:forcetypeassert // the state file's documented shape; a panic fails the test
		for _, inst := range r.(map[string]any)["instances"].([]any) { //nolint:forcetypeassert // as above
			i := inst.(map[string]any) //nolint:forcetypeassert // as above
			if _, ok := i["identity"]; ok {
				delete(i, "identity")
				delete(i, "identity_schema_version")
				removed++
			}
		}
	}
	if removed != 1 {
		t.Fatalf("the state after apply has %d identities, want 1:\n%s", removed, raw)
	}
	out, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, statePath, string(out))

	cli.run(true, "apply", "-refresh-only", "-auto-approve")
	shown := cli.run(true, "show", "-json")
	if !strings.Contains(shown, `"identity":{"lock_id":123}`) {
		t.Errorf("after refresh the state has no identity {lock_id = 123}:\n%s", shown)
	}
	cli.run(true, "plan", "-detailed-exitcode")
}

// TestImportedLockID: every way an import names a lock, read with the
// configuration's rules and worded for people (issue 23 item 9): an
// identity's 1.5 is not a whole number (the framework's own conversion
// said "always an error in the provider ... %!s(*big.Float=1.5)"), and an
// empty import id is empty, not "0".
func TestImportedLockID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	identity := func(v tftypes.Value) *tfsdk.ResourceIdentity {
		return &tfsdk.ResourceIdentity{Schema: lockIdentitySchema(),
			Raw: tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"lock_id": tftypes.Number}}, map[string]tftypes.Value{"lock_id": v})}
	}
	number := func(f float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, big.NewFloat(f)) }
	for _, tc := range []struct {
		name     string
		req      resource.ImportStateRequest
		want     int64
		wantErr  string
		avoidErr []string
	}{
		{name: "import id", req: resource.ImportStateRequest{ID: "124", Identity: identity(tftypes.NewValue(tftypes.Number, nil))}, want: 124},
		{name: "identity", req: resource.ImportStateRequest{Identity: identity(number(123))}, want: 123},
		{name: "identity 1.5", req: resource.ImportStateRequest{Identity: identity(number(1.5))},
			wantErr: "The identity's lock_id: 1.5 is not a whole number", avoidErr: []string{"always an error", "%!", "big.Float"}},
		{name: "identity 0", req: resource.ImportStateRequest{Identity: identity(number(0))}, wantErr: "The identity's lock_id: 0 is not a lock id: it must be at least 1"},
		{name: "identity too large", req: resource.ImportStateRequest{Identity: identity(number(1e19))}, wantErr: "10000000000000000000 is too large for a lock id"},
		{name: "empty id, identity null", req: resource.ImportStateRequest{Identity: identity(tftypes.NewValue(tftypes.Number, nil))},
			wantErr: "The lock id is empty", avoidErr: []string{`"0"`}},
		{name: "empty id, no identity (before Terraform 1.12)", req: resource.ImportStateRequest{}, wantErr: "The lock id is empty", avoidErr: []string{`"0"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			id, diags := importedLockID(ctx, lockOrganizationType, tc.req)
			if tc.wantErr == "" {
				if diags.HasError() || id != tc.want {
					t.Errorf("got %d, %v; want %d", id, diags, tc.want)
				}
				return
			}
			if !diags.HasError() {
				t.Fatalf("got %d, want an error", id)
			}
			text := diags[0].Summary() + ": " + diags[0].Detail()
			if !strings.Contains(text, tc.wantErr) || !strings.Contains(text, "Invalid Import ID") {
				t.Errorf("error %q does not say %q", text, tc.wantErr)
			}
			for _, a := range tc.avoidErr {
				if strings.Contains(text, a) {
					t.Errorf("error %q says %q", text, a)
				}
			}
		})
	}
}

// The entry resources (access, residents) read an identity's lock_id the
// same way: 1.5 is not a whole number, not an internal error (issue 23
// item 9).
func TestImportedEntryLockID(t *testing.T) {
	t.Parallel()
	identity := func(lockID float64) *tfsdk.ResourceIdentity {
		schema := entryIdentitySchema("Id (a UUID) of the user.")
		typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"user_id": tftypes.String, "lock_id": tftypes.Number}}
		return &tfsdk.ResourceIdentity{Schema: schema, Raw: tftypes.NewValue(typ, map[string]tftypes.Value{
			"user_id": tftypes.NewValue(tftypes.String, "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"),
			"lock_id": tftypes.NewValue(tftypes.Number, big.NewFloat(lockID)),
		})}
	}
	user, lockID, diags := importedEntry(context.Background(), resource.ImportStateRequest{Identity: identity(7)}, lockAccessType, true)
	if diags.HasError() || user != "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60" || lockID != 7 {
		t.Errorf("identity {user, 7}: %q, %d, %v", user, lockID, diags)
	}
	_, _, diags = importedEntry(context.Background(), resource.ImportStateRequest{Identity: identity(1.5)}, lockAccessType, true)
	if !diags.HasError() {
		t.Fatal("identity lock_id 1.5 was accepted")
	}
	text := diags[0].Summary() + ": " + diags[0].Detail()
	if !strings.Contains(text, "Invalid Import ID: The identity's lock_id: 1.5 is not a whole number") || strings.Contains(text, "always an error") {
		t.Errorf("identity lock_id 1.5: %s", text)
	}
}
