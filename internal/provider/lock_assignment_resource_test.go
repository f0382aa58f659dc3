package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

func TestRecordLockInfo(t *testing.T) {
	t.Parallel()
	info := &client.LockInfo{ID: "7", Version: "9"}

	// After import: aggregate_id and version come from basic-info.
	var imported lockAssignmentModel
	imported.LockID = lockIDValue(7)
	if diags := imported.recordLockInfo(7, info); diags.HasError() {
		t.Fatal(diags)
	}
	if imported.ID.ValueString() != "7" || imported.AggregateID.ValueString() != "7" || !imported.Version.Equal(num(9)) {
		t.Errorf("after import: %+v", imported)
	}

	// Later refreshes keep what the last assignment recorded.
	recorded := lockAssignmentModel{AggregateID: types.StringValue("7"), Version: num(2)}
	if diags := recorded.recordLockInfo(7, info); diags.HasError() {
		t.Fatal(diags)
	}
	if !recorded.Version.Equal(num(2)) {
		t.Errorf("a refresh changed the recorded version to %v", recorded.Version)
	}

	var broken lockAssignmentModel
	diags := broken.recordLockInfo(7, &client.LockInfo{ID: "7", Version: "x"})
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), `"x" is not a number`) {
		t.Errorf("an unusable version: %v", diags)
	}
}

func TestRecordAssignment(t *testing.T) {
	t.Parallel()
	var m lockAssignmentModel
	if diags := m.recordAssignment(opSetOrganization, 5, "5", "3.14"); diags.HasError() {
		t.Fatal(diags)
	}
	if m.ID.ValueString() != "5" || m.AggregateID.ValueString() != "5" || m.Version.ValueBigFloat().Text('f', -1) != "3.14" {
		t.Errorf("recorded %+v", m)
	}
	diags := m.recordAssignment(opSetOrganization, 5, "5", "seven")
	if !diags.HasError() || diags[0].Summary() != opSetOrganization.summary {
		t.Errorf("an unusable version: %v", diags)
	}
}

func TestLockOrganizationSpec(t *testing.T) {
	t.Parallel()
	org := "org_a"
	spec := lockOrganization
	if got := spec.current(&client.LockInfo{OrgID: &org}); got == nil || *got != org {
		t.Errorf("current = %v, want org_a", got)
	}
	if d := spec.leftInPlace(5, org); !strings.Contains(d.Detail(), `lock 5 keeps organization "org_a"`) {
		t.Errorf("leftInPlace: %s", d.Detail())
	}
	var meta resource.MetadataResponse
	NewLockOrganizationResource().Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: "spkey"}, &meta)
	if meta.TypeName != "spkey_lock_organization" {
		t.Errorf("type name %q", meta.TypeName)
	}
}
