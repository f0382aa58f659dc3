package provider

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// restapiFixture is one captured restapi_object state (testdata/restapi,
// see its README): the resource's entry of a state file.
type restapiFixture struct {
	Type      string `json:"type"`
	Provider  string `json:"provider"`
	Instances []struct {
		SchemaVersion int64           `json:"schema_version"`
		Attributes    json.RawMessage `json:"attributes"`
	} `json:"instances"`
}

// The captured fixtures: which restapi version wrote them, when, which
// call the restapi_object made and what it assigned. Lock 123 with
// organization org_7f3a and this owner, as in
// examples/migrate-from-restapi/before.
var restapiFixtures = []struct {
	file  string
	call  restapiCall
	value string
}{
	{"v1.20.0-organization-applied.json", restapiSetOrganization, "org_7f3a"},
	{"v1.20.0-organization-refreshed.json", restapiSetOrganization, "org_7f3a"},
	{"v1.20.0-owner-applied.json", restapiSetOwner, exampleOwner},
	{"v1.20.0-owner-refreshed.json", restapiSetOwner, exampleOwner},
	{"v3.0.0-organization-applied.json", restapiSetOrganization, "org_7f3a"},
	{"v3.0.0-organization-refreshed.json", restapiSetOrganization, "org_7f3a"},
	{"v3.0.0-owner-applied.json", restapiSetOwner, exampleOwner},
	// 3.x keeps basic-info in data after a refresh: the owner is ownerId.
	{"v3.0.0-owner-refreshed.json", restapiSetOwner, exampleOwner},
}

const exampleOwner = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"

// readRestapiFixture returns a fixture's attributes as a map, for tests
// that change one, and its schema version and provider address.
func readRestapiFixture(t *testing.T, file string) (attrs map[string]any, schemaVersion int64, provider string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "restapi", file)) //nolint:gosec // G304: the package's own fixtures
	if err != nil {
		t.Fatal(err)
	}
	var f restapiFixture
	if err := json.Unmarshal(b, &f); err != nil || f.Type != restapiObjectType || len(f.Instances) != 1 {
		t.Fatalf("%s is not one restapi_object instance: %v", file, err)
	}
	if err := json.Unmarshal(f.Instances[0].Attributes, &attrs); err != nil {
		t.Fatal(err)
	}
	// provider["registry.terraform.io/mastercard/restapi"]
	provider = strings.TrimSuffix(strings.TrimPrefix(f.Provider, `provider["`), `"]`)
	return attrs, f.Instances[0].SchemaVersion, provider
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRestapiStateFixtures(t *testing.T) {
	t.Parallel()
	for _, f := range restapiFixtures {
		t.Run(f.file, func(t *testing.T) {
			t.Parallel()
			attrs, _, provider := readRestapiFixture(t, f.file)
			if !isRestapiProvider(provider) {
				t.Errorf("provider %q is not recognised as Mastercard's REST provider", provider)
			}
			got, err := parseRestapiState(mustJSON(t, attrs), f.call)
			if err != nil {
				t.Fatal(err)
			}
			if want := (restapiAssignment{lockID: 123, value: f.value}); got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// secretToken is what a restapi_object's state could carry in headers or
// api_response; no error may ever repeat it.
const secretToken = "eyJhbGciOiJIUzI1NiJ9.secret-in-state-9c1e" //nolint:gosec // G101: a fake token the test searches for.

// Every way a restapi_object's state can fail to fit, each from a real
// fixture with one change, and what the error must say: the field, what
// it held, and never a secret.
func TestParseRestapiStateMisfits(t *testing.T) {
	t.Parallel()
	const org, owner = "v1.20.0-organization-applied.json", "v3.0.0-owner-applied.json"
	cases := []struct {
		name   string
		file   string
		call   restapiCall
		change func(map[string]any)
		want   []string // phrases of the error, in order
		lockID int64    // the lock the error names for the import block
	}{
		{name: "SetOwner into lock_organization", file: owner, call: restapiSetOrganization,
			want:   []string{`path holds "/locks/{id}/SetOwner"`, "must POST to /locks/{id}/SetOrganization", "calls SetOwner: move it into spkey_lock_owner"},
			lockID: 123},
		{name: "SetOrganization into lock_owner", file: org, call: restapiSetOwner,
			want:   []string{`path holds "/locks/{id}/SetOrganization"`, "must POST to /locks/{id}/SetOwner", "move it into spkey_lock_organization"},
			lockID: 123},
		{name: "create_path wins over path", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["create_path"] = "/locks/{id}/basic-info" },
			want:   []string{`create_path holds "/locks/{id}/basic-info"`, "must POST to /locks/{id}/SetOrganization"}, lockID: 123},
		{name: "path of another API", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["path"] = "/orgs/7/members" },
			want:   []string{`path holds "/orgs/7/members"`, "must POST to /locks/{id}/SetOrganization"}},
		{name: "no path at all", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["path"] = nil },
			want:   []string{"path is empty", "must POST to /locks/{id}/SetOrganization"}},
		{name: "path not a string", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["path"] = 42 },
			want:   []string{"path holds a JSON number: it must be a string"}},
		{name: "query string of the path is never shown", file: org, call: restapiSetOwner,
			change: func(a map[string]any) { a["path"] = "/locks/{id}/SetOrganization?token=" + secretToken },
			want:   []string{`path holds "/locks/{id}/SetOrganization"`, "must POST to /locks/{id}/SetOwner"}, lockID: 123},
		{name: "missing id", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["object_id"], a["id"] = nil, "" },
			want:   []string{"object_id and id are empty, so the {id} in path names no lock"}},
		{name: "non-numeric object_id", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["object_id"] = "front-door" },
			want:   []string{`object_id holds "front-door"`, "stands for {id} in path", "is not a lock id"}},
		{name: "non-numeric id without object_id", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["object_id"], a["id"] = nil, "3f2504e0-4f89-41d3-9a0c-0305e82c3301" },
			want:   []string{`id holds "3f2504e0-4f89-41d3-9a0c-0305e82c3301"`, "is not a lock id"}},
		{name: "lock id 0", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["object_id"] = "0" },
			want:   []string{`object_id holds "0"`, "is not a lock id"}},
		{name: "literal lock in path that is not a number", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["path"] = "/locks/front/SetOrganization" },
			want:   []string{`path holds "/locks/front/SetOrganization"`, `"front" after /locks/ is not a lock id`}},
		{name: "object_id names another lock than the path", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["path"] = "/locks/124/SetOrganization" },
			want:   []string{`object_id holds "123"`, "another lock than path, which names lock 124"}, lockID: 124},
		{name: "read_path names another lock", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["read_path"] = "/locks/9/basic-info" },
			want:   []string{`read_path holds "/locks/9/basic-info"`, "another lock than path, which names lock 123"}, lockID: 123},
		{name: "data without orgId", file: owner, call: restapiSetOwner,
			change: func(a map[string]any) { a["data"] = `{"orgId":"org_7f3a","name":"` + secretToken + `"}` },
			want:   []string{`data holds an object with the keys "name, orgId"`, "it has no userId or ownerId"}, lockID: 123},
		{name: "data empty object", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["data"] = `{}` },
			want:   []string{"data holds an object with no keys: it has no orgId"}, lockID: 123},
		{name: "data is a JSON array", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["data"] = `["` + secretToken + `"]` },
			want:   []string{"data holds a JSON array: it must be a JSON object with orgId"}, lockID: 123},
		{name: "data is not JSON", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["data"] = "orgId=" + secretToken },
			want:   []string{"data holds text that is not JSON: it must be a JSON object with orgId"}, lockID: 123},
		{name: "data empty", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["data"] = nil },
			want:   []string{"data is empty; it must be a JSON object with orgId"}, lockID: 123},
		{name: "orgId not a string", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["data"] = `{"orgId":7}` },
			want:   []string{"data holds orgId as a JSON number: orgId must be a string"}, lockID: 123},
		{name: "orgId blank", file: org, call: restapiSetOrganization,
			change: func(a map[string]any) { a["data"] = `{"orgId":"  "}` },
			want:   []string{"data holds a blank orgId: orgId must name the organization"}, lockID: 123},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseRestapiState(misfitState(t, c.file, c.change), c.call)
			checkMisfit(t, err, c.want, restapiNames{lockID: c.lockID})
		})
	}
}

// misfitState is a fixture's attributes, with what restapi state may
// carry that no message may quote, changed by change (if any).
func misfitState(t *testing.T, file string, change func(map[string]any)) []byte {
	t.Helper()
	attrs, _, _ := readRestapiFixture(t, file)
	attrs["headers"] = map[string]any{"Authorization": "Bearer " + secretToken}
	attrs["api_response"] = `{"token":"` + secretToken + `"}`
	if change != nil {
		change(attrs)
	}
	return mustJSON(t, attrs)
}

// checkMisfit asserts that a parse failed with the phrases in order,
// without the secret, naming the lock and user for the import block.
func checkMisfit(t *testing.T, err error, want []string, names restapiNames) {
	t.Helper()
	if err == nil {
		t.Fatal("parsed; want an error")
	}
	if !errorMatching(want...).MatchString(err.Error()) {
		t.Errorf("error %q\nwant the phrases %q", err, want)
	}
	if strings.Contains(err.Error(), secretToken) {
		t.Errorf("error quotes the secret: %q", err)
	}
	var fe *restapiFieldError
	if !errors.As(err, &fe) || fe.restapiNames != names {
		t.Errorf("error names %+v for the import block, want %+v", fe, names)
	}
}

// A literal lock id in the path needs no object_id: the path is what was
// called.
func TestParseRestapiStateLiteralPath(t *testing.T) {
	t.Parallel()
	raw := `{"path":"/v1/locks/77/SetOwner/","read_path":"/v1/locks/{id}/basic-info","object_id":null,"id":"77","data":"{\"userId\":\"u-1\"}"}`
	got, err := parseRestapiState([]byte(raw), restapiSetOwner)
	if err != nil {
		t.Fatal(err)
	}
	if want := (restapiAssignment{lockID: 77, value: "u-1"}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestParseRestapiStateNotAnObject(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", "null", "[]", `"x"`, "{"} {
		_, err := parseRestapiState([]byte(raw), restapiSetOrganization)
		if err == nil || !strings.Contains(err.Error(), "the state is not a JSON object of attributes") {
			t.Errorf("%q: error %v", raw, err)
		}
	}
}

func TestProviderAddresses(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		addr           string
		restapi, spkey bool
	}{
		{"registry.terraform.io/mastercard/restapi", true, false},
		{"registry.opentofu.org/Mastercard/restapi", true, false},
		{"REGISTRY.TERRAFORM.IO/MASTERCARD/RESTAPI", true, false},
		{"mastercard/restapi", true, false},
		{"restapi", true, false}, // OpenTofu before 1.12.4
		{"registry.terraform.io/hashicorp/restapi", false, false},
		{"example.com/notmastercard/restapi", false, false},
		{"registry.terraform.io/mastercard/restapi2", false, false},
		{"a/b/mastercard/restapi", false, false},
		{"", false, false},
		{"registry.terraform.io/smartphonekey/spkey", false, true},
		{"registry.opentofu.org/smartphonekey/spkey", false, true},
		{"registry.terraform.io/hashicorp/spkey", false, true},
		{"spkey", false, true},
		{"registry.terraform.io/smartphonekey/spkey2", false, false},
	} {
		if got := isRestapiProvider(c.addr); got != c.restapi {
			t.Errorf("isRestapiProvider(%q) = %v", c.addr, got)
		}
		if got := isSpkeyProvider(c.addr); got != c.spkey {
			t.Errorf("isSpkeyProvider(%q) = %v", c.addr, got)
		}
	}
}
