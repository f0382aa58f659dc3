package provider

import (
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/smartphonekey/terraform-provider-spkey/internal/client"
)

// TestSameValue: an owner's user id is a UUID, whose case does not
// matter; an organization id is compared as written.
func TestSameValue(t *testing.T) {
	t.Parallel()
	const lower, upper = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60", "6F1C2A4E-8D0B-4C3E-9A7F-1B2C3D4E5F60"
	for _, tc := range []struct {
		spec *lockAssignment
		a, b string
		want bool
	}{
		{&lockOwner, lower, upper, true},
		{&lockOwner, lower, "00000000-0000-4000-a000-000000000001", false},
		{&lockOrganization, "org_a", "org_a", true},
		{&lockOrganization, "org_a", "ORG_A", false},
	} {
		if got := tc.spec.same(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: same(%q, %q) = %v, want %v", tc.spec.typeName, tc.a, tc.b, got, tc.want)
		}
	}
}

func TestChangedWhen(t *testing.T) {
	t.Parallel()
	ev := &client.Event{Version: "7", Type: "OwnerSet", Timestamp: "2026-11-30T10:04:00Z"}
	for _, tc := range []struct {
		ev   *client.Event
		err  error
		want string
	}{
		{ev, nil, " at 2026-11-30T10:04:00Z (version 7, OwnerSet event)"},
		{nil, nil, ""},
		{nil, errors.New("HTTP 500"), " (when is unknown: the lock's event history could not be read: HTTP 500)"},
	} {
		if got := changedWhen(tc.ev, tc.err); got != tc.want {
			t.Errorf("changedWhen(%v, %v) = %q, want %q", tc.ev, tc.err, got, tc.want)
		}
	}
}

func TestUserIDValidator(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		value string
		want  string // "" for valid
	}{
		{"6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60", ""},
		{"6F1C2A4E-8D0B-4C3E-9A7F-1B2C3D4E5F60", ""},
		{"123", "looks like a lock id"},
		{"1.5", "looks like a lock id"},
		{"alice", "it is not a UUID"},
		{"6f1c2a4e8d0b4c3e9a7f1b2c3d4e5f60", "it is not a UUID"},
	} {
		resp := &validator.StringResponse{}
		userIDValidator{}.ValidateString(t.Context(), validator.StringRequest{Path: path.Root("user_id"), ConfigValue: types.StringValue(tc.value)}, resp)
		switch {
		case tc.want == "" && resp.Diagnostics.HasError():
			t.Errorf("%q: unexpected error %v", tc.value, resp.Diagnostics)
		case tc.want != "" && (!resp.Diagnostics.HasError() || !errorMatching(tc.want).MatchString(resp.Diagnostics[0].Detail())):
			t.Errorf("%q: diagnostics %v, want one that says %q", tc.value, resp.Diagnostics, tc.want)
		}
	}
}
