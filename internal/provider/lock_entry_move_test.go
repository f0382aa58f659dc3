package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Every captured grant and resident moves into spkey_lock_access and
// spkey_lock_resident with the whole state set from the source alone (no
// API call could be made), what only the API knows null until the next
// refresh, and the identity set.
func TestMoveStateEntriesFromRestapiFixtures(t *testing.T) {
	t.Parallel()
	const (
		access = `{"id":"` + exampleResident + `:123","user_id":"` + exampleResident + `","lock_id":123,"lock_name":"Front door",` +
			`"access_level":"USER","granted_by":"` + exampleOwner + `","removal_reason":"removed by Terraform","timeouts":null}`
		resident = `{"id":"123:` + exampleResident + `","lock_id":123,"user_id":"` + exampleResident + `","name":"Anna Nowak",` +
			`"email":null,"has_phone":null,"timeouts":null}`
		identity = `{"user_id":"` + exampleResident + `","lock_id":123}`
	)
	var cases []struct{ file, target, want string }
	for _, f := range restapiGrantFixtures {
		cases = append(cases, struct{ file, target, want string }{f, lockAccessType, access})
	}
	for _, f := range restapiResidentFixtures {
		cases = append(cases, struct{ file, target, want string }{f, lockResidentType, resident})
	}
	for _, c := range cases {
		for _, provider := range []string{"", "restapi", "registry.opentofu.org/mastercard/restapi"} {
			t.Run(c.file+"/"+provider, func(t *testing.T) {
				t.Parallel()
				attrs, version, recorded := readRestapiFixture(t, c.file)
				if provider == "" {
					provider = recorded
				}
				state, id, diags := moveState(t, restapiMoveRequest(t, c.target, mustJSON(t, attrs), version, provider))
				for _, d := range diags {
					t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
				}
				if want := wantValue(t, state.Type(), c.want); !state.Equal(want) {
					t.Errorf("state\n%s\nwant\n%s", state, want)
				}
				if want := wantValue(t, id.Type(), identity); !id.Equal(want) {
					t.Errorf("identity %s, want %s", id, want)
				}
			})
		}
	}
}

// A grant or resident that does not fit fails with the field and the
// removed and import blocks, the import id as far as the state named it;
// nothing is moved and no secret is shown.
func TestMoveStateEntriesFromRestapiMisfits(t *testing.T) {
	t.Parallel()
	runMoveMisfits(t, []moveMisfit{
		{name: "resident by email", target: lockResidentType, file: "v1.20.0-resident-applied.json",
			change: func(a map[string]any) { a["data"] = `{"email":"anna@example.com","name":"Anna Nowak"}` },
			want: []string{"Cannot Move restapi_object into spkey_lock_resident", "does not read as a lock's resident",
				"data holds the resident's email but no userId", "a move needs data.userId", "Nothing was changed",
				"To adopt the resident without a move", "removed {", "from = restapi_object.<name>", "destroy = false",
				"import {", "to = spkey_lock_resident.<name>", `id = "123:<user_id>"`}},
		{name: "3.x grant without destroy_data", target: lockAccessType, file: "v3.0.0-access-refreshed.json",
			change: func(a map[string]any) { a["destroy_data"] = nil },
			want: []string{"Cannot Move restapi_object into spkey_lock_access", "does not read as a user's access to a lock",
				"data holds the accessible-locks answer", "destroy_data names no lockId",
				"To adopt the grant without a move", "to = spkey_lock_access.<name>", `id = "` + exampleResident + `:<lock_id>"`}},
		{name: "grant into the resident", target: lockResidentType, file: "v3.0.0-access-applied.json",
			want: []string{`path holds "/users/{id}/AddAccessibleLock"`, "move it into spkey_lock_access",
				"to = spkey_lock_resident.<name>", `id = "<lock_id>:` + exampleResident + `"`}},
		{name: "resident into the grant", target: lockAccessType, file: "v1.20.0-resident-refreshed.json",
			want: []string{`path holds "/locks/{id}/AddResident"`, "move it into spkey_lock_resident", `id = "<user_id>:123"`}},
		{name: "grant into the organization", target: lockOrganizationType, file: "v1.20.0-access-applied.json",
			want: []string{"does not read as a lock's organization assignment", "must POST to /locks/{id}/SetOrganization",
				"move it into spkey_lock_access", `id = "<lock id>"`}},
		{name: "grant with accessLevel out of the list", target: lockAccessType, file: "v1.20.0-access-applied.json",
			change: func(a map[string]any) {
				a["data"] = `{"lockId":"123","lockName":"Front door","accessLevel":"VIP","grantedBy":"` + exampleOwner + `"}`
			},
			want: []string{"accessLevel must be one of OWNER, ADMIN, USER, GUEST", `id = "` + exampleResident + `:123"`}},
		{name: "another resource type", target: lockResidentType, file: "v1.20.0-resident-applied.json",
			sourceType: "aws_instance", sourceProvider: "registry.terraform.io/hashicorp/aws",
			want: []string{"Cannot Move aws_instance into spkey_lock_resident", "from = aws_instance.<name>", `id = "<lock_id>:<user_id>"`}},
		{name: "same type from another provider", target: lockAccessType, file: "v1.20.0-access-applied.json",
			sourceType: lockAccessType, sourceProvider: "registry.terraform.io/acme/locks",
			want: []string{"Cannot Move spkey_lock_access into spkey_lock_access", `"registry.terraform.io/acme/locks"`, `id = "<user_id>:<lock_id>"`}},
	})
}

// OpenTofu 1.11.12 and 1.12.4 call MoveResourceState between two addresses
// of the same type when a provider address changes: the state goes
// through unchanged, with its identity (the user id in lower case).
func TestMoveStateEntriesSameType(t *testing.T) {
	t.Parallel()
	upper := strings.ToUpper(exampleResident)
	for _, c := range []struct{ target, state string }{
		{lockAccessType, `{"id":"` + exampleResident + `:5","user_id":"` + upper + `","lock_id":5,"lock_name":"Gate","access_level":"GUEST",` +
			`"granted_by":"` + exampleOwner + `","removal_reason":"left","timeouts":{"create":"2m","read":null,"delete":null}}`},
		{lockResidentType, `{"id":"5:` + exampleResident + `","lock_id":5,"user_id":"` + upper + `","name":"Anna","email":"anna@example.com",` +
			`"has_phone":true,"timeouts":null}`},
	} {
		state, identity, diags := moveState(t, &tfprotov6.MoveResourceStateRequest{
			SourceProviderAddress: "registry.terraform.io/hashicorp/spkey",
			SourceTypeName:        c.target,
			SourceState:           &tfprotov6.RawState{JSON: []byte(c.state)},
			TargetTypeName:        c.target,
		})
		for _, d := range diags {
			t.Errorf("%s: diagnostic: %s: %s", c.target, d.Summary, d.Detail)
		}
		if want := wantValue(t, state.Type(), c.state); !state.Equal(want) {
			t.Errorf("%s: state\n%s\nwant\n%s", c.target, state, want)
		}
		if want := wantValue(t, identity.Type(), `{"user_id":"`+exampleResident+`","lock_id":5}`); !identity.Equal(want) {
			t.Errorf("%s: identity %s, want %s", c.target, identity, want)
		}
		// A schema version this provider never wrote is not guessed at.
		_, _, diags = moveState(t, &tfprotov6.MoveResourceStateRequest{
			SourceProviderAddress: "spkey",
			SourceTypeName:        c.target,
			SourceSchemaVersion:   2,
			SourceState:           &tfprotov6.RawState{JSON: []byte(c.state)},
			TargetTypeName:        c.target,
		})
		if len(diags) != 1 || !errorMatching("Cannot Move "+c.target, "schema version is 2; this provider's is 0", "Import the").MatchString(diags[0].Summary+"\n"+diags[0].Detail) {
			t.Errorf("%s schema version 2: diagnostics %v", c.target, diags)
		}
	}
}
