package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// Adopting locks from Mastercard's generic REST provider with a moved
// block, proven with the real peer: restapi 1.20.0 (tools/restapi) applies
// examples/migrate-from-restapi/before, then after/ moves its four
// resources (a lock's organization and owner, a user's access to it, its
// resident) into spkey without a request to the API.

var (
	restapiOnce   sync.Once
	restapiDir    string
	restapiErr    error
	restapiOutput []byte
)

// restapiBinaryDir builds Mastercard's REST provider once per test run
// (scripts/tools.sh restapi: later runs reuse the cached build) and
// returns the folder of its binary. When it cannot be built, such as
// offline without the module in the Go module cache, the test is skipped
// with the reason, except in CI, where that is a failure.
func restapiBinaryDir(t *testing.T) string {
	t.Helper()
	restapiOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, filepath.Join("..", "..", "scripts", "tools.sh"), "restapi") //nolint:gosec // G204: the repository's own script
		var stderr strings.Builder
		cmd.Stderr = &stderr
		restapiOutput, restapiErr = cmd.Output()
		if restapiErr != nil {
			restapiOutput = []byte(stderr.String())
			return
		}
		restapiDir = filepath.Dir(strings.TrimSpace(string(restapiOutput)))
	})
	if restapiErr != nil {
		msg := "Mastercard's REST provider (scripts/tools.sh restapi, pinned in tools/restapi) could not be built, " +
			"so the moved-block test cannot run: %v\n%s"
		if os.Getenv("CI") != "" {
			t.Fatalf(msg, restapiErr, restapiOutput)
		}
		t.Skipf(msg, restapiErr, restapiOutput)
	}
	return restapiDir
}

// skipUnlessCrossTypeMoves skips on CLIs whose moved blocks cannot change
// a resource's type: Terraform before 1.8, OpenTofu before 1.10.
func skipUnlessCrossTypeMoves(t *testing.T) {
	t.Helper()
	v := cliVersion(t)
	need := 8
	if v.name == "tofu" {
		need = 10
	}
	if !v.atLeast(need) {
		t.Skipf("moved blocks between resource types need Terraform 1.8 or OpenTofu 1.10 or later; this is %s %d.%d "+
			"(the migration guide's removed and import blocks are the way there)", v.name, v.major, v.minor)
	}
}

// useExample replaces the working directory's configuration by the .tf
// files of examples/migrate-from-restapi/NAME, leaving out a file whose
// first line says "# Terraform 1.N+" when the CLI is older (as make
// validate-examples does). It returns the names of the files left out.
func useExample(t *testing.T, c *tfCLI, name string) (left []string) {
	t.Helper()
	old, _ := filepath.Glob(filepath.Join(c.dir, "*.tf"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "migrate-from-restapi", name, "*.tf"))
	if len(files) == 0 {
		t.Fatalf("no example %s", name)
	}
	v := cliVersion(t)
	for _, f := range files {
		b, err := os.ReadFile(f) //nolint:gosec // G304: the repository's example files
		if err != nil {
			t.Fatal(err)
		}
		var need int
		if _, err := fmt.Sscanf(string(b), "# Terraform 1.%d+", &need); err == nil && !v.atLeast(need) {
			left = append(left, filepath.Base(f))
			continue
		}
		writeFile(t, filepath.Join(c.dir, filepath.Base(f)), string(b))
	}
	return left
}

// stateInstance is one resource instance of a terraform.tfstate file.
type stateInstance struct {
	Attributes map[string]any  `json:"attributes"`
	Identity   json.RawMessage `json:"identity"`
}

// readStateFile returns the instances of the working directory's state
// by address (type.name).
func readStateFile(t *testing.T, dir string) map[string]stateInstance {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate")) //nolint:gosec // G304: the test's own working directory
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Type      string          `json:"type"`
			Name      string          `json:"name"`
			Instances []stateInstance `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	out := map[string]stateInstance{}
	for _, r := range state.Resources {
		if len(r.Instances) != 1 {
			t.Fatalf("%s.%s has %d instances", r.Type, r.Name, len(r.Instances))
		}
		out[r.Type+"."+r.Name] = r.Instances[0]
	}
	return out
}

func TestAccCLI_moveFromRestapi(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("CLI tests run with the acceptance tests: set TF_ACC=1")
	}
	skipUnlessCrossTypeMoves(t)
	mock := newExampleMock(t)
	cli := newCLIWithProviders(t, map[string]string{"mastercard/restapi": restapiBinaryDir(t)},
		"TF_VAR_base_url="+mock.URL, "TF_VAR_api_token="+testToken, "TF_VAR_api_key="+testKey)
	assigned := applyRestapiExample(t, cli, mock)

	// After: moved blocks into spkey. The plan moves all four and changes
	// nothing; its refresh only reads.
	useExample(t, cli, "after")
	plan := cli.run(true, "plan", "-out=tfplan")
	mustContain(t, "plan", plan, "restapi_object.front_door_org has moved to spkey_lock_organization.front_door")
	mustContain(t, "plan", plan, "restapi_object.front_door_owner has moved to spkey_lock_owner.front_door")
	mustContain(t, "plan", plan, "restapi_object.front_door_access has moved to spkey_lock_access.front_door")
	mustContain(t, "plan", plan, "restapi_object.front_door_resident has moved to spkey_lock_resident.front_door")
	mustContain(t, "plan", plan, "Plan: 0 to add, 0 to change, 0 to destroy.")
	onlyReads(t, "the plan of the move", mock.Requests()[assigned:])
	planned := len(mock.Requests())
	cli.run(true, "apply", "tfplan")
	if n := len(mock.Requests()) - planned; n != 0 {
		t.Errorf("applying the move sent %d requests to the API, want none", n)
	}

	// The state is the spkey resources', complete; the version is the one
	// the plan's refresh read.
	checkAdopted(t, cli, mock)
}

// newExampleMock serves lock 123 of examples/migrate-from-restapi and the
// user it grants the lock to (the API answers AddAccessibleLock for an
// unknown user with 404).
func newExampleMock(t *testing.T) *spkeytest.Server {
	t.Helper()
	return spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: []int64{123},
		Users: []spkeytest.User{{ID: exampleResident, Email: exampleResidentEmail}}})
}

const exampleResidentEmail = "anna@example.com"

// exampleWrites are the commands restapi_object sends to apply
// examples/migrate-from-restapi/before, one each; nothing else may ever
// write.
var exampleWrites = []string{spkeytest.OpSetOrganization, spkeytest.OpSetOwner, spkeytest.OpAddAccessibleLock, spkeytest.OpAddResident}

// applyRestapiExample applies examples/migrate-from-restapi/before: with
// restapi_object, one SetOrganization, SetOwner, AddAccessibleLock and
// AddResident on lock 123. It returns the number of requests the mock has
// received.
func applyRestapiExample(t *testing.T, cli *tfCLI, mock *spkeytest.Server) int {
	t.Helper()
	useExample(t, cli, "before")
	cli.run(true, "apply", "-auto-approve")
	l, _ := mock.Lock(123)
	grants, _ := mock.AccessibleLocks(exampleResident)
	residents, _ := mock.Residents(123)
	if l.OrgID != exampleOrg || l.OwnerID != exampleOwner || len(grants) != 1 || len(residents) != 1 || writesOf(mock) != len(exampleWrites) {
		t.Fatalf("restapi_object did not assign, grant and add the resident with one request each: the mock has %+v, %+v, %+v after %v",
			l, grants, residents, mock.Requests())
	}
	return len(mock.Requests())
}

// writesOf counts the example's commands the mock received.
func writesOf(mock *spkeytest.Server) int {
	n := 0
	for _, op := range exampleWrites {
		n += len(requestsOf(mock, op))
	}
	return n
}

// onlyReads fails the test for each request that is not a GET.
func onlyReads(t *testing.T, what string, requests []spkeytest.Request) {
	t.Helper()
	for _, r := range requests {
		if r.Method != "GET" {
			t.Errorf("%s sent %s %s; it must only read", what, r.Method, r.Path)
		}
	}
}

const exampleOrg = "org_7f3a"

// checkAdopted asserts that the state holds the four spkey resources of
// the example, complete (what only the API knows, such as the lock's
// version and the resident's email, as the refresh read it) and with their
// identity, that the next plan is empty, and that nothing but
// restapi_object's four commands ever wrote.
func checkAdopted(t *testing.T, cli *tfCLI, mock *spkeytest.Server) {
	t.Helper()
	l, _ := mock.Lock(123)
	state := readStateFile(t, cli.dir)
	if len(state) != 4 {
		t.Errorf("state holds %d resources, want the four spkey ones", len(state))
	}
	lockIdentity := map[string]any{"lock_id": float64(123)}
	entryIdentity := map[string]any{"user_id": exampleResident, "lock_id": float64(123)}
	for addr, want := range map[string]struct{ attributes, identity map[string]any }{
		"spkey_lock_organization.front_door": {map[string]any{"id": "123", "lock_id": float64(123), "org_id": exampleOrg,
			"aggregate_id": "123", "version": float64(l.Version), "timeouts": nil}, lockIdentity},
		"spkey_lock_owner.front_door": {map[string]any{"id": "123", "lock_id": float64(123), "user_id": exampleOwner,
			"aggregate_id": "123", "version": float64(l.Version), "timeouts": nil}, lockIdentity},
		"spkey_lock_access.front_door": {map[string]any{"id": exampleResident + ":123", "user_id": exampleResident,
			"lock_id": float64(123), "lock_name": "Front door", "access_level": "USER", "granted_by": exampleOwner,
			"removal_reason": defaultRemovalReason, "timeouts": nil}, entryIdentity},
		"spkey_lock_resident.front_door": {map[string]any{"id": "123:" + exampleResident, "lock_id": float64(123),
			"user_id": exampleResident, "name": "Anna Nowak", "email": exampleResidentEmail, "has_phone": false,
			"timeouts": nil}, entryIdentity},
	} {
		inst, ok := state[addr]
		if !ok {
			t.Errorf("%s is not in state", addr)
			continue
		}
		if got := inst.Attributes; !jsonEqual(got, want.attributes) {
			t.Errorf("%s: attributes %v, want %v", addr, got, want.attributes)
		}
		var identity map[string]any
		if v := cliVersion(t); v.atLeast(12) && (json.Unmarshal(inst.Identity, &identity) != nil || !jsonEqual(identity, want.identity)) {
			t.Errorf("%s: identity %s, want %v", addr, inst.Identity, want.identity)
		}
	}
	mustContain(t, "plan after adopting", cli.run(true, "plan", "-detailed-exitcode"), "No changes.")
	if n := writesOf(mock); n != len(exampleWrites) {
		t.Errorf("%d of the example's commands in all, want only restapi_object's %d", n, len(exampleWrites))
	}
	for _, op := range []string{spkeytest.OpRemoveAccessibleLock, spkeytest.OpRemoveResident} {
		if n := len(requestsOf(mock, op)); n != 0 {
			t.Errorf("%d %s requests: adopting must never remove", n, op)
		}
	}
}

// The migration guide's way for CLIs that cannot move between types:
// removed blocks forget the restapi_object resources (with Terraform 1.5
// and 1.6, terraform state rm), import blocks read the lock. Nothing is
// destroyed and nothing is assigned again.
func TestAccCLI_adoptFromRestapiByImport(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("CLI tests run with the acceptance tests: set TF_ACC=1")
	}
	mock := newExampleMock(t)
	cli := newCLIWithProviders(t, map[string]string{"mastercard/restapi": restapiBinaryDir(t)},
		"TF_VAR_base_url="+mock.URL, "TF_VAR_api_token="+testToken, "TF_VAR_api_key="+testKey)
	assigned := applyRestapiExample(t, cli, mock)

	if left := useExample(t, cli, "import"); len(left) > 0 {
		// removed.tf needs Terraform 1.7: the guide's way before it.
		cli.run(true, "state", "rm", "restapi_object.front_door_org", "restapi_object.front_door_owner",
			"restapi_object.front_door_access", "restapi_object.front_door_resident")
	}
	plan := cli.run(true, "plan", "-out=tfplan")
	mustContain(t, "plan", plan, "Plan: 4 to import, 0 to add, 0 to change, 0 to destroy")
	cli.run(true, "apply", "tfplan")
	onlyReads(t, "adopting", mock.Requests()[assigned:])
	checkAdopted(t, cli, mock)
}

func jsonEqual(a, b map[string]any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// A restapi_object that does not fit the target fails the plan with the
// field that did not fit and the import to use instead, through the real
// CLI; no credential of either provider shows, and the state is as it was.
func TestAccCLI_moveFromRestapiMisfit(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("CLI tests run with the acceptance tests: set TF_ACC=1")
	}
	skipUnlessCrossTypeMoves(t)
	mock := newExampleMock(t)
	cli := newCLIWithProviders(t, map[string]string{"mastercard/restapi": restapiBinaryDir(t)},
		"TF_VAR_base_url="+mock.URL, "TF_VAR_api_token="+testToken, "TF_VAR_api_key="+testKey)
	assigned := applyRestapiExample(t, cli, mock)

	for _, c := range []struct {
		from, to, resource string
		want               []string
	}{
		// The owner's restapi_object into the organization resource.
		{from: "front_door_owner", to: "spkey_lock_organization.front_door", resource: `
resource "spkey_lock_organization" "front_door" {
  lock_id = 123
  org_id  = "org_7f3a"
}
`, want: []string{"Cannot Move restapi_object into spkey_lock_organization",
			`path holds "/locks/{id}/SetOwner"`, "move it into spkey_lock_owner", "removed {", "import {", `id = "123"`}},
		// The grant's restapi_object into the resident resource.
		{from: "front_door_access", to: "spkey_lock_resident.front_door", resource: `
resource "spkey_lock_resident" "front_door" {
  lock_id = 123
  user_id = "` + exampleResident + `"
  name    = "Anna Nowak"
}
`, want: []string{"Cannot Move restapi_object into spkey_lock_resident",
			`path holds "/users/{id}/AddAccessibleLock"`, "move it into spkey_lock_access", "removed {", "import {",
			`id = "<lock_id>:` + exampleResident + `"`}},
	} {
		writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
moved {
  from = restapi_object.`+c.from+`
  to   = `+c.to+`
}
`+c.resource)
		out := cli.run(false, "plan")
		mustContain(t, "plan", out, c.want...)
		if _, ok := readStateFile(t, cli.dir)["restapi_object."+c.from]; !ok {
			t.Errorf("the failed move of %s changed the state", c.from)
		}
	}
	for _, secret := range []string{testToken, testKey} {
		if strings.Contains(cli.transcript.String(), secret) {
			t.Errorf("the CLI's output shows a credential:\n%s", cli.transcript.String())
		}
	}
	if n := len(mock.Requests()) - assigned; n != 0 {
		t.Errorf("the failed plans sent %d requests", n)
	}
}
