package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// stateV0 is a spkey_organization_locks instance as schema version 0
// wrote it: labels, a version per lock and timeouts.
const stateV0 = `{"org_id":"org_a","locks":{"1":"","2":"front door"},"versions":{"1":2,"2":7},"timeouts":{"create":"1m","read":null,"update":null}}`

// The upgrade keeps org_id, every label and the timeouts, and drops only
// the versions.
func TestOrganizationLocksUpgradeFromV0(t *testing.T) {
	t.Parallel()
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.UpgradeResourceState(t.Context(), &tfprotov6.UpgradeResourceStateRequest{
		TypeName: organizationLocksType,
		Version:  0,
		RawState: &tfprotov6.RawState{JSON: []byte(stateV0)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
	}
	if resp.UpgradedState == nil {
		t.Fatal("no upgraded state")
	}
	timeoutsType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"create": tftypes.String, "read": tftypes.String, "update": tftypes.String}}
	got, err := resp.UpgradedState.Unmarshal(tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"org_id":   tftypes.String,
		"locks":    tftypes.Map{ElementType: tftypes.String},
		"timeouts": timeoutsType,
	}})
	if err != nil {
		t.Fatalf("the upgraded state does not have version 1's attributes: %v", err)
	}
	want := tftypes.NewValue(got.Type(), map[string]tftypes.Value{
		"org_id": tftypes.NewValue(tftypes.String, "org_a"),
		"locks": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{
			"1": tftypes.NewValue(tftypes.String, ""), "2": tftypes.NewValue(tftypes.String, "front door"),
		}),
		"timeouts": tftypes.NewValue(timeoutsType, map[string]tftypes.Value{
			"create": tftypes.NewValue(tftypes.String, "1m"), "read": tftypes.NewValue(tftypes.String, nil), "update": tftypes.NewValue(tftypes.String, nil),
		}),
	})
	if !got.Equal(want) {
		t.Errorf("upgraded state\n%s\nwant\n%s", got, want)
	}
}

// State written by schema version 0 needs nothing from the user: the plan
// is empty, no lock is sent again, and the next write stores version 1.
func TestAccCLI_fleetStateFromSchemaV0(t *testing.T) {
	mock := newMock(t)
	mock.AddLock(1, "org_a")
	mock.AddLock(2, "org_a")
	cli := newCLI(t)
	host := "registry.terraform.io"
	if cliVersion(t).name == "tofu" {
		host = "registry.opentofu.org"
	}
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
resource "spkey_organization_locks" "fleet" {
  org_id   = "org_a"
  locks    = { "1" = "", "2" = "front door" }
  timeouts = { create = "1m" }
}
`)
	writeFile(t, filepath.Join(cli.dir, "terraform.tfstate"), fmt.Sprintf(`{
  "version": 4, "terraform_version": "1.5.7", "serial": 1, "lineage": "5a4c8c5e-7d0e-4a39-9d51-0d6f3e0b6a11", "outputs": {},
  "resources": [{
    "mode": "managed", "type": "spkey_organization_locks", "name": "fleet",
    "provider": "provider[\"%s/smartphonekey/spkey\"]",
    "instances": [{"schema_version": 0, "attributes": %s, "sensitive_attributes": []}]
  }],
  "check_results": null
}`, host, stateV0))

	mustContain(t, "plan output", cli.run(true, "plan", "-detailed-exitcode"), "No changes.")
	cli.run(true, "apply", "-refresh-only", "-auto-approve")
	if n := len(requestsOf(mock, spkeytest.OpSetOrganization)); n != 0 {
		t.Errorf("%d SetOrganization requests, want none", n)
	}
	raw, err := os.ReadFile(filepath.Join(cli.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Instances []struct {
				SchemaVersion int             `json:"schema_version"`
				Attributes    json.RawMessage `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil || len(state.Resources) != 1 || len(state.Resources[0].Instances) != 1 {
		t.Fatalf("state file: %v\n%s", err, raw)
	}
	inst := state.Resources[0].Instances[0]
	var attrs bytes.Buffer
	if err := json.Compact(&attrs, inst.Attributes); err != nil {
		t.Fatal(err)
	}
	const want = `{"locks":{"1":"","2":"front door"},"org_id":"org_a","timeouts":{"create":"1m","read":null,"update":null}}`
	if inst.SchemaVersion != organizationLocksSchemaVersion || attrs.String() != want {
		t.Errorf("schema_version %d, attributes %s; want %d, %s", inst.SchemaVersion, attrs.String(), organizationLocksSchemaVersion, want)
	}
}
