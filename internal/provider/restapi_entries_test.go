package provider

import (
	"encoding/json"
	"strings"
	"testing"
)

// exampleResident is the user of examples/migrate-from-restapi/before
// who is granted lock 123 and is its resident.
const exampleResident = "9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4"

// The captured fixtures of a grant and a resident (testdata/restapi): the
// refreshed 3.0.0 ones hold the list answer in data.
var (
	restapiGrantFixtures = []string{
		"v1.20.0-access-applied.json", "v1.20.0-access-refreshed.json",
		"v3.0.0-access-applied.json", "v3.0.0-access-refreshed.json",
	}
	restapiResidentFixtures = []string{
		"v1.20.0-resident-applied.json", "v1.20.0-resident-refreshed.json",
		"v3.0.0-resident-applied.json", "v3.0.0-resident-refreshed.json",
	}
)

var (
	wantRestapiGrant = restapiGrant{restapiNames: restapiNames{lockID: 123, userID: exampleResident},
		lockName: "Front door", accessLevel: "USER", grantedBy: exampleOwner}
	wantRestapiResident = restapiResident{restapiNames: restapiNames{lockID: 123, userID: exampleResident}, name: "Anna Nowak"}
)

func TestParseRestapiEntryFixtures(t *testing.T) {
	t.Parallel()
	for _, file := range restapiGrantFixtures {
		attrs, _, _ := readRestapiFixture(t, file)
		if got, err := parseRestapiGrant(mustJSON(t, attrs)); err != nil || got != wantRestapiGrant {
			t.Errorf("%s: got %+v, %v; want %+v", file, got, err, wantRestapiGrant)
		}
	}
	for _, file := range restapiResidentFixtures {
		attrs, _, _ := readRestapiFixture(t, file)
		if got, err := parseRestapiResident(mustJSON(t, attrs)); err != nil || got != wantRestapiResident {
			t.Errorf("%s: got %+v, %v; want %+v", file, got, err, wantRestapiResident)
		}
	}
}

// Other shapes that fit, each from a real fixture with changes: literal
// paths with id_attribute naming the other id, a list answer with other
// entries, and ids in upper case.
func TestParseRestapiEntryShapes(t *testing.T) {
	t.Parallel()
	const other = "00000000-0000-4000-a000-000000000007"
	grants := []struct {
		name   string
		file   string
		change func(map[string]any)
	}{
		{name: "literal user in the paths, id_attribute lockId", file: "v3.0.0-access-refreshed.json",
			change: func(a map[string]any) {
				a["path"], a["read_path"] = "/users/"+exampleResident+"/AddAccessibleLock", "/users/"+exampleResident+"/accessible-locks"
				a["destroy_path"], a["object_id"], a["id"], a["id_attribute"] = "/users/"+exampleResident+"/RemoveAccessibleLock", nil, "123", "lockId"
				a["destroy_data"] = nil
				a["data"] = `{"lockId":"123","lockName":"Front door","accessLevel":"USER","grantedBy":"` + exampleOwner + `"}`
			}},
		{name: "list answer with other grants", file: "v3.0.0-access-refreshed.json",
			change: func(a map[string]any) {
				a["data"] = `{"locks":[{"lockId":"7","lockName":"Gate","accessLevel":"ADMIN","grantedBy":"` + other + `"},` +
					`{"lockId":"123","lockName":"Front door","accessLevel":"USER","grantedBy":"` + exampleOwner + `"}],"totalCount":2}`
			}},
		{name: "user id in upper case, with a base path", file: "v1.20.0-access-applied.json",
			change: func(a map[string]any) {
				a["path"], a["object_id"] = "/v1/users/{id}/AddAccessibleLock/", strings.ToUpper(exampleResident)
			}},
	}
	for _, c := range grants {
		attrs, _, _ := readRestapiFixture(t, c.file)
		c.change(attrs)
		if got, err := parseRestapiGrant(mustJSON(t, attrs)); err != nil || got != wantRestapiGrant {
			t.Errorf("%s: got %+v, %v; want %+v", c.name, got, err, wantRestapiGrant)
		}
	}
	residents := []struct {
		name   string
		file   string
		change func(map[string]any)
	}{
		{name: "literal lock in the paths, id_attribute userId", file: "v3.0.0-resident-refreshed.json",
			change: func(a map[string]any) {
				a["path"], a["read_path"], a["destroy_path"] = "/locks/123/AddResident", "/locks/123/residents", "/locks/123/RemoveResident"
				a["object_id"], a["id"], a["id_attribute"], a["destroy_data"] = nil, exampleResident, "userId", nil
				a["data"] = `{"userId":"` + exampleResident + `","name":"Anna Nowak","email":"anna@example.com","hasPhone":false}`
			}},
		{name: "list answer with other residents, destroy_data in upper case", file: "v3.0.0-resident-refreshed.json",
			change: func(a map[string]any) {
				a["data"] = `{"residents":[{"userId":"` + other + `","name":"Jan","hasPhone":true},` +
					`{"userId":"` + exampleResident + `","name":"Anna Nowak","hasPhone":false}]}`
				a["destroy_data"] = `{"userId":"` + strings.ToUpper(exampleResident) + `"}`
			}},
		{name: "user id in upper case and an email besides", file: "v1.20.0-resident-applied.json",
			change: func(a map[string]any) {
				a["data"] = `{"userId":"` + strings.ToUpper(exampleResident) + `","name":"Anna Nowak","email":"anna@example.com"}`
			}},
	}
	for _, c := range residents {
		attrs, _, _ := readRestapiFixture(t, c.file)
		c.change(attrs)
		if got, err := parseRestapiResident(mustJSON(t, attrs)); err != nil || got != wantRestapiResident {
			t.Errorf("%s: got %+v, %v; want %+v", c.name, got, err, wantRestapiResident)
		}
	}
}

// Every way a grant's or a resident's restapi_object can fail to fit,
// each from a real fixture with one change: the error names the field and
// what it held, never a secret or a value of data, and knows the lock and
// user as far as the state named them (for the import block).
func TestParseRestapiEntryMisfits(t *testing.T) {
	t.Parallel()
	const (
		grant, grant3       = "v1.20.0-access-applied.json", "v3.0.0-access-refreshed.json"
		resident, resid3    = "v1.20.0-resident-applied.json", "v3.0.0-resident-refreshed.json"
		other               = "00000000-0000-4000-a000-000000000007"
		grantData           = `"lockName":"Front door","accessLevel":"USER","grantedBy":"` + exampleOwner + `"`
		anna                = exampleResident
		asGrant, asResident = true, false
	)
	cases := []struct {
		name   string
		file   string
		grant  bool // parse as a grant, else as a resident
		change func(map[string]any)
		want   []string
		names  restapiNames
	}{
		{name: "AddResident as a grant", file: resident, grant: asGrant,
			want:  []string{`path holds "/locks/{id}/AddResident"`, "must POST to /users/{id}/AddAccessibleLock", "calls AddResident: move it into spkey_lock_resident"},
			names: restapiNames{lockID: 123}},
		{name: "AddAccessibleLock as a resident", file: grant, grant: asResident,
			want:  []string{`path holds "/users/{id}/AddAccessibleLock"`, "must POST to /locks/{id}/AddResident", "move it into spkey_lock_access"},
			names: restapiNames{userID: anna}},
		{name: "SetOwner as a resident", file: "v1.20.0-owner-applied.json", grant: asResident,
			want: []string{`path holds "/locks/{id}/SetOwner"`, "must POST to /locks/{id}/AddResident", "move it into spkey_lock_owner"}, names: restapiNames{lockID: 123}},
		{name: "object_id a lock id", file: grant, grant: asGrant,
			change: func(a map[string]any) { a["object_id"] = "123" },
			want:   []string{`object_id holds "123"`, "stands for {id} in path and is not a user id: a user id is a UUID"}},
		{name: "literal user in path, object_id another user", file: grant, grant: asGrant,
			change: func(a map[string]any) { a["path"] = "/users/" + other + "/AddAccessibleLock" },
			want:   []string{`object_id holds "` + anna + `"`, "another user than path, which names user " + other}, names: restapiNames{userID: other}},
		{name: "literal user in path that is not a user id", file: grant, grant: asGrant,
			change: func(a map[string]any) { a["path"] = "/users/anna/AddAccessibleLock" },
			want:   []string{`path holds "/users/anna/AddAccessibleLock"`, `"anna" after /users/ is not a user id: a user id is a UUID`}},
		{name: "destroy_path names another user", file: grant, grant: asGrant,
			change: func(a map[string]any) { a["destroy_path"] = "/users/" + other + "/RemoveAccessibleLock" },
			want:   []string{`destroy_path holds "/users/` + other + `/RemoveAccessibleLock"`, "another user than path, which names user " + anna}, names: restapiNames{userID: anna}},
		{name: "read_path names another lock", file: resident, grant: asResident,
			change: func(a map[string]any) { a["read_path"] = "/locks/9/residents" },
			want:   []string{`read_path holds "/locks/9/residents"`, "another lock than path, which names lock 123"}, names: restapiNames{lockID: 123}},
		{name: "no lockId", file: grant, grant: asGrant,
			change: func(a map[string]any) { a["data"] = `{` + grantData + `}` },
			want:   []string{`data holds an object with the keys "accessLevel, grantedBy, lockName": it has no lockId`}, names: restapiNames{userID: anna}},
		{name: "lockId a number", file: grant, grant: asGrant,
			change: func(a map[string]any) { a["data"] = `{"lockId":123,` + grantData + `}` },
			want:   []string{"data holds lockId as a JSON number: lockId must be a string"}, names: restapiNames{userID: anna}},
		{name: "lockId not a lock id", file: grant, grant: asGrant,
			change: func(a map[string]any) { a["data"] = `{"lockId":"front-` + secretToken + `",` + grantData + `}` },
			want:   []string{`data holds lockId in another form: lockId must be a lock id in a string, such as "123"`}, names: restapiNames{userID: anna}},
		{name: "accessLevel in lower case", file: grant, grant: asGrant,
			change: func(a map[string]any) {
				a["data"] = `{"lockId":"123","lockName":"Front door","accessLevel":"user","grantedBy":"` + exampleOwner + `"}`
			},
			want:  []string{"data holds accessLevel in another form: accessLevel must be one of OWNER, ADMIN, USER, GUEST"},
			names: restapiNames{lockID: 123, userID: anna}},
		{name: "grantedBy an email", file: grant, grant: asGrant,
			change: func(a map[string]any) {
				a["data"] = `{"lockId":"123","lockName":"Front door","accessLevel":"USER","grantedBy":"` + secretToken + `@example.com"}`
			},
			want:  []string{"data holds grantedBy in another form: grantedBy must be the id (a UUID) of the user who granted the access"},
			names: restapiNames{lockID: 123, userID: anna}},
		{name: "lockName blank", file: grant, grant: asGrant,
			change: func(a map[string]any) {
				a["data"] = `{"lockId":"123","lockName":" ","accessLevel":"USER","grantedBy":"` + exampleOwner + `"}`
			},
			want: []string{"data holds a blank lockName: lockName must name the lock in the user's app"}, names: restapiNames{lockID: 123, userID: anna}},
		{name: "3.x list answer without destroy_data", file: grant3, grant: asGrant,
			change: func(a map[string]any) { a["destroy_data"] = nil },
			want: []string{"data holds the accessible-locks answer that restapi 3.x stores there after a refresh",
				"which entry this restapi_object made cannot be told, because destroy_data names no lockId", "destroy_data is empty"},
			names: restapiNames{userID: anna}},
		{name: "3.x list answer, destroy_data without lockId", file: grant3, grant: asGrant,
			change: func(a map[string]any) { a["destroy_data"] = `{"reason":"` + secretToken + `"}` },
			want:   []string{"cannot be told, because destroy_data names no lockId", `destroy_data holds an object with the keys "reason": it has no lockId`},
			names:  restapiNames{userID: anna}},
		{name: "3.x list answer without the grant", file: grant3, grant: asGrant,
			change: func(a map[string]any) { a["destroy_data"] = `{"lockId":"9"}` },
			want:   []string{"data holds the accessible-locks answer", "it has no entry with destroy_data's lockId: the entry was already gone at restapi's last refresh"},
			names:  restapiNames{lockID: 9, userID: anna}},
		{name: "3.x list answer with the grant twice", file: grant3, grant: asGrant,
			change: func(a map[string]any) {
				a["data"] = `{"locks":[{"lockId":"123",` + grantData + `},{"lockId":"0123",` + grantData + `}],"totalCount":2}`
			},
			want:  []string{"it has 2 entries with destroy_data's lockId, so which one this restapi_object made cannot be told"},
			names: restapiNames{lockID: 123, userID: anna}},
		{name: "3.x list answer whose grant has no level", file: grant3, grant: asGrant,
			change: func(a map[string]any) {
				a["data"] = `{"locks":[{"lockId":"123","lockName":"Front door","grantedBy":"` + exampleOwner + `"}],"totalCount":1}`
			},
			want:  []string{`the entry of the accessible-locks answer with destroy_data's lockId holds an object with the keys "grantedBy, lockId, lockName": it has no accessLevel`},
			names: restapiNames{lockID: 123, userID: anna}},
		{name: "resident by email", file: resident, grant: asResident,
			change: func(a map[string]any) { a["data"] = `{"email":"` + secretToken + `@example.com","name":"Anna Nowak"}` },
			want: []string{"data holds the resident's email but no userId", "a move needs data.userId",
				"cannot look the user up", "data.spkey_user", "import the resident instead"},
			names: restapiNames{lockID: 123}},
		{name: "resident by phone number", file: resident, grant: asResident,
			change: func(a map[string]any) { a["data"] = `{"phoneNumber":"+48600000001","name":"Anna Nowak"}` },
			want:   []string{"data holds the resident's phoneNumber but no userId", "a move needs data.userId"}, names: restapiNames{lockID: 123}},
		{name: "resident without userId", file: resident, grant: asResident,
			change: func(a map[string]any) { a["data"] = `{"name":"Anna Nowak"}` },
			want:   []string{`data holds an object with the keys "name": it has no userId`}, names: restapiNames{lockID: 123}},
		{name: "userId not a user id", file: resident, grant: asResident,
			change: func(a map[string]any) { a["data"] = `{"userId":"` + secretToken + `","name":"Anna Nowak"}` },
			want:   []string{"data holds userId in another form: userId must be the resident's user id (a UUID)"}, names: restapiNames{lockID: 123}},
		{name: "resident without name", file: resident, grant: asResident,
			change: func(a map[string]any) { a["data"] = `{"userId":"` + anna + `"}` },
			want:   []string{`data holds an object with the keys "userId": it has no name`}, names: restapiNames{lockID: 123, userID: anna}},
		{name: "3.x residents answer, destroy_data by email", file: resid3, grant: asResident,
			change: func(a map[string]any) { a["destroy_data"] = `{"email":"` + secretToken + `@example.com"}` },
			want: []string{"data holds the residents answer that restapi 3.x stores there after a refresh",
				"destroy_data names no userId"},
			names: restapiNames{lockID: 123}},
		{name: "3.x residents answer without the resident", file: resid3, grant: asResident,
			change: func(a map[string]any) { a["destroy_data"] = `{"userId":"` + other + `"}` },
			want:   []string{"data holds the residents answer", "no entry with destroy_data's userId"}, names: restapiNames{lockID: 123, userID: other}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			raw := misfitState(t, c.file, c.change)
			var err error
			if c.grant {
				_, err = parseRestapiGrant(raw)
			} else {
				_, err = parseRestapiResident(raw)
			}
			checkMisfit(t, err, c.want, c.names)
		})
	}
}

// The fixtures are what the tests above say they are: a 3.x refresh
// replaced data by the list answer, 1.x kept what the user wrote.
func TestRestapiEntryFixturesShape(t *testing.T) {
	t.Parallel()
	for file, key := range map[string]string{
		"v1.20.0-access-refreshed.json": "lockId", "v3.0.0-access-refreshed.json": "locks",
		"v1.20.0-resident-refreshed.json": "userId", "v3.0.0-resident-refreshed.json": "residents",
	} {
		attrs, _, _ := readRestapiFixture(t, file)
		text, _ := attrs["data"].(string)
		var data map[string]any
		if err := json.Unmarshal([]byte(text), &data); err != nil || data[key] == nil {
			t.Errorf("%s: data %v has no %s", file, attrs["data"], key)
		}
	}
}
