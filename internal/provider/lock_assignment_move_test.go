package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// moveState sends one MoveResourceState call through the provider server,
// as Terraform does for a moved block, and decodes the target's state and
// identity as JSON-like values (nil when absent).
func moveState(t *testing.T, req *tfprotov6.MoveResourceStateRequest) (state, identity tftypes.Value, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.MoveResourceState(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.TargetState != nil {
		if state, err = resp.TargetState.Unmarshal(schemas.ResourceSchemas[req.TargetTypeName].ValueType()); err != nil {
			t.Fatal(err)
		}
	}
	if resp.TargetIdentity != nil && resp.TargetIdentity.IdentityData != nil {
		if identity, err = resp.TargetIdentity.IdentityData.Unmarshal(identities.IdentitySchemas[req.TargetTypeName].ValueType()); err != nil {
			t.Fatal(err)
		}
	}
	return state, identity, resp.Diagnostics
}

// wantValue builds the value of a type from JSON.
func wantValue(t *testing.T, typ tftypes.Type, js string) tftypes.Value {
	t.Helper()
	v, err := tftypes.ValueFromJSONWithOpts([]byte(js), typ, tftypes.ValueFromJSONOpts{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func restapiMoveRequest(t *testing.T, target string, attrs []byte, schemaVersion int64, provider string) *tfprotov6.MoveResourceStateRequest {
	t.Helper()
	return &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: provider,
		SourceTypeName:        restapiObjectType,
		SourceSchemaVersion:   schemaVersion,
		SourceState:           &tfprotov6.RawState{JSON: attrs},
		TargetTypeName:        target,
	}
}

// Every captured restapi_object moves into its spkey resource with the
// whole target state set from the source alone (MoveState runs before the
// provider is configured: no API call could be made), version null until
// the next refresh, and the identity set.
func TestMoveStateFromRestapiFixtures(t *testing.T) {
	t.Parallel()
	for _, f := range restapiFixtures {
		for _, provider := range []string{"", "restapi", "registry.opentofu.org/mastercard/restapi"} {
			t.Run(f.file+"/"+provider, func(t *testing.T) {
				t.Parallel()
				attrs, version, recorded := readRestapiFixture(t, f.file)
				if provider == "" {
					provider = recorded
				}
				target, attr := lockOrganizationType, "org_id"
				if f.call.call == restapiSetOwner.call {
					target, attr = lockOwnerType, "user_id"
				}
				state, identity, diags := moveState(t, restapiMoveRequest(t, target, mustJSON(t, attrs), version, provider))
				for _, d := range diags {
					t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
				}
				want := wantValue(t, state.Type(), `{"id":"123","lock_id":123,"`+attr+`":"`+f.value+`","aggregate_id":"123","version":null,"timeouts":null}`)
				if !state.Equal(want) {
					t.Errorf("state\n%s\nwant\n%s", state, want)
				}
				if wantID := wantValue(t, identity.Type(), `{"lock_id":123}`); !identity.Equal(wantID) {
					t.Errorf("identity %s, want %s", identity, wantID)
				}
			})
		}
	}
}

// A source that does not fit fails with the field, what it held, and the
// removed and import blocks to use instead, with the lock id when the
// state named one; nothing is moved.
func TestMoveStateFromRestapiMisfits(t *testing.T) {
	t.Parallel()
	runMoveMisfits(t, []moveMisfit{
		{name: "SetOwner into lock_organization", target: lockOrganizationType, file: "v1.20.0-owner-applied.json",
			want: []string{"Cannot Move restapi_object into spkey_lock_organization",
				"does not read as a lock's organization assignment", `path holds "/locks/{id}/SetOwner"`, "move it into spkey_lock_owner",
				"Nothing was changed", "removed {", "from = restapi_object.<name>", "destroy = false",
				"import {", "to = spkey_lock_organization.<name>", `id = "123"`}},
		{name: "data without the owner", target: lockOwnerType, file: "v3.0.0-organization-applied.json",
			change: func(a map[string]any) { a["path"] = "/locks/{id}/SetOwner" },
			want: []string{"Cannot Move restapi_object into spkey_lock_owner", "lock's owner assignment",
				`data holds an object with the keys "orgId"`, "no userId or ownerId", "to = spkey_lock_owner.<name>", `id = "123"`}},
		{name: "another provider's restapi_object", target: lockOrganizationType, file: "v1.20.0-organization-applied.json",
			sourceProvider: "registry.terraform.io/hashicorp/restapi",
			want: []string{"Cannot Move restapi_object into spkey_lock_organization", "Mastercard's REST provider",
				`source is restapi_object of the provider "registry.terraform.io/hashicorp/restapi"`, "import {"}},
		{name: "another resource type", target: lockOwnerType, file: "v1.20.0-owner-applied.json",
			sourceType: "aws_instance", sourceProvider: "registry.terraform.io/hashicorp/aws",
			want: []string{"Cannot Move aws_instance into spkey_lock_owner", `source is aws_instance of the provider "registry.terraform.io/hashicorp/aws"`,
				"from = aws_instance.<name>", `id = "<lock id>"`}},
		{name: "same type from another provider", target: lockOwnerType, file: "v1.20.0-owner-applied.json",
			sourceType: lockOwnerType, sourceProvider: "registry.terraform.io/acme/locks",
			want: []string{"Cannot Move spkey_lock_owner into spkey_lock_owner", `"registry.terraform.io/acme/locks"`}},
	})
}

// moveMisfit is a move that must fail: a fixture with one change (if
// any), from a restapi_object or from the source type and provider given.
type moveMisfit struct {
	name, target, file         string
	change                     func(map[string]any)
	sourceType, sourceProvider string
	want                       []string // phrases of the error, in order
}

// runMoveMisfits sends each move, the source state carrying a token.
func runMoveMisfits(t *testing.T, cases []moveMisfit) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			attrs, version, provider := readRestapiFixture(t, c.file)
			attrs["headers"] = map[string]any{"Authorization": "Bearer " + secretToken}
			if c.change != nil {
				c.change(attrs)
			}
			req := restapiMoveRequest(t, c.target, mustJSON(t, attrs), version, provider)
			if c.sourceType != "" {
				req.SourceTypeName = c.sourceType
			}
			if c.sourceProvider != "" {
				req.SourceProviderAddress = c.sourceProvider
			}
			checkMoveMisfit(t, req, c.want)
		})
	}
}

// checkMoveMisfit sends a move that must fail: one error with the phrases
// in order, without the token the source state carries, and nothing moved.
func checkMoveMisfit(t *testing.T, req *tfprotov6.MoveResourceStateRequest, want []string) {
	t.Helper()
	state, identity, diags := moveState(t, req)
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError {
		t.Fatalf("diagnostics %v, want one error", diags)
	}
	text := diags[0].Summary + "\n" + diags[0].Detail
	if !errorMatching(want...).MatchString(text) {
		t.Errorf("error\n%s\nwant the phrases %q", text, want)
	}
	if strings.Contains(text, secretToken) {
		t.Errorf("the error quotes the token from the state:\n%s", text)
	}
	if !state.IsNull() || !identity.IsNull() {
		t.Errorf("a failed move returned state %s, identity %s", state, identity)
	}
}

// Some OpenTofu versions (1.11.12, 1.12.4) call MoveResourceState whenever
// a provider address changes, also between two addresses of the same
// type: the state goes through unchanged, with its identity.
func TestMoveStateSameType(t *testing.T) {
	t.Parallel()
	const own = `{"id":"5","lock_id":5,"org_id":"org_a","aggregate_id":"5","version":7,"timeouts":{"create":"2m","read":null,"update":null}}`
	for _, provider := range []string{"registry.opentofu.org/smartphonekey/spkey", "registry.terraform.io/hashicorp/spkey", "spkey"} {
		state, identity, diags := moveState(t, &tfprotov6.MoveResourceStateRequest{
			SourceProviderAddress: provider,
			SourceTypeName:        lockOrganizationType,
			SourceState:           &tfprotov6.RawState{JSON: []byte(own)},
			TargetTypeName:        lockOrganizationType,
		})
		for _, d := range diags {
			t.Errorf("%s: diagnostic: %s: %s", provider, d.Summary, d.Detail)
		}
		if want := wantValue(t, state.Type(), own); !state.Equal(want) {
			t.Errorf("%s: state\n%s\nwant\n%s", provider, state, want)
		}
		if want := wantValue(t, identity.Type(), `{"lock_id":5}`); !identity.Equal(want) {
			t.Errorf("%s: identity %s, want %s", provider, identity, want)
		}
	}
	// The owner's state moved into the organization resource is not the
	// same type: it is not passed through.
	_, _, diags := moveState(t, &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: "registry.terraform.io/smartphonekey/spkey",
		SourceTypeName:        lockOwnerType,
		SourceState:           &tfprotov6.RawState{JSON: []byte(`{"id":"5","lock_id":5,"user_id":"u","aggregate_id":"5","version":7,"timeouts":null}`)},
		TargetTypeName:        lockOrganizationType,
	})
	if len(diags) != 1 || !strings.Contains(diags[0].Summary, "Cannot Move spkey_lock_owner into spkey_lock_organization") {
		t.Errorf("owner into organization: diagnostics %v", diags)
	}
	// A schema version this provider never wrote is not guessed at.
	_, _, diags = moveState(t, &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: "registry.terraform.io/smartphonekey/spkey",
		SourceTypeName:        lockOrganizationType,
		SourceSchemaVersion:   3,
		SourceState:           &tfprotov6.RawState{JSON: []byte(own)},
		TargetTypeName:        lockOrganizationType,
	})
	if len(diags) != 1 || !errorMatching("Cannot Move spkey_lock_organization", "schema version is 3; this provider's is 0").MatchString(diags[0].Summary+"\n"+diags[0].Detail) {
		t.Errorf("schema version 3: diagnostics %v", diags)
	}
}
