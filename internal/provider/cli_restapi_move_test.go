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
// examples/migrate-from-restapi/before, then after/ moves both resources
// into spkey without a request to the API.

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
	mock := newMock(t, 123)
	cli := newCLIWithProviders(t, map[string]string{"mastercard/restapi": restapiBinaryDir(t)},
		"TF_VAR_base_url="+mock.URL, "TF_VAR_api_token="+testToken, "TF_VAR_api_key="+testKey)
	assigned := applyRestapiExample(t, cli, mock)

	// After: moved blocks into spkey. The plan moves both and changes
	// nothing; its refresh only reads.
	useExample(t, cli, "after")
	plan := cli.run(true, "plan", "-out=tfplan")
	mustContain(t, "plan", plan, "restapi_object.front_door_org has moved to spkey_lock_organization.front_door")
	mustContain(t, "plan", plan, "restapi_object.front_door_owner has moved to spkey_lock_owner.front_door")
	mustContain(t, "plan", plan, "Plan: 0 to add, 0 to change, 0 to destroy.")
	for _, r := range mock.Requests()[assigned:] {
		if r.Op != spkeytest.OpBasicInfo || r.Method != "GET" {
			t.Errorf("the plan sent %s %s; a move must only read", r.Method, r.Path)
		}
	}
	planned := len(mock.Requests())
	cli.run(true, "apply", "tfplan")
	if n := len(mock.Requests()) - planned; n != 0 {
		t.Errorf("applying the move sent %d requests to the API, want none", n)
	}

	// The state is the spkey resources', complete; the version is the one
	// the plan's refresh read.
	checkAdopted(t, cli, mock)
}

// applyRestapiExample applies examples/migrate-from-restapi/before: with
// restapi_object, one SetOrganization and one SetOwner on lock 123. It
// returns the number of requests the mock has received.
func applyRestapiExample(t *testing.T, cli *tfCLI, mock *spkeytest.Server) int {
	t.Helper()
	useExample(t, cli, "before")
	cli.run(true, "apply", "-auto-approve")
	if l, _ := mock.Lock(123); l.OrgID != exampleOrg || l.OwnerID != exampleOwner ||
		len(requestsOf(mock, spkeytest.OpSetOrganization)) != 1 || len(requestsOf(mock, spkeytest.OpSetOwner)) != 1 {
		t.Fatalf("restapi_object did not assign the lock with one SetOrganization and one SetOwner: the mock has %+v after %v", l, mock.Requests())
	}
	return len(mock.Requests())
}

const exampleOrg = "org_7f3a"

// checkAdopted asserts that the state holds the two spkey resources of the
// example, complete (the version is the one the refresh read) and with
// their identity, that the next plan is empty, and that nothing but
// restapi_object's two calls ever assigned the lock.
func checkAdopted(t *testing.T, cli *tfCLI, mock *spkeytest.Server) {
	t.Helper()
	l, _ := mock.Lock(123)
	state := readStateFile(t, cli.dir)
	if len(state) != 2 {
		t.Errorf("state holds %d resources, want the two spkey ones", len(state))
	}
	for addr, attr := range map[string][2]string{
		"spkey_lock_organization.front_door": {"org_id", exampleOrg},
		"spkey_lock_owner.front_door":        {"user_id", exampleOwner},
	} {
		inst, ok := state[addr]
		if !ok {
			t.Errorf("%s is not in state", addr)
			continue
		}
		want := map[string]any{"id": "123", "lock_id": float64(123), attr[0]: attr[1], "aggregate_id": "123",
			"version": float64(l.Version), "timeouts": nil}
		if got := inst.Attributes; !jsonEqual(got, want) {
			t.Errorf("%s: attributes %v, want %v", addr, got, want)
		}
		var identity map[string]any
		if v := cliVersion(t); v.atLeast(12) && (json.Unmarshal(inst.Identity, &identity) != nil || !jsonEqual(identity, map[string]any{"lock_id": float64(123)})) {
			t.Errorf("%s: identity %s, want {\"lock_id\": 123}", addr, inst.Identity)
		}
	}
	mustContain(t, "plan after adopting", cli.run(true, "plan", "-detailed-exitcode"), "No changes.")
	if n := len(requestsOf(mock, spkeytest.OpSetOrganization)) + len(requestsOf(mock, spkeytest.OpSetOwner)); n != 2 {
		t.Errorf("%d SetOrganization and SetOwner requests in all, want only restapi_object's two", n)
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
	mock := newMock(t, 123)
	cli := newCLIWithProviders(t, map[string]string{"mastercard/restapi": restapiBinaryDir(t)},
		"TF_VAR_base_url="+mock.URL, "TF_VAR_api_token="+testToken, "TF_VAR_api_key="+testKey)
	assigned := applyRestapiExample(t, cli, mock)

	if left := useExample(t, cli, "import"); len(left) > 0 {
		// removed.tf needs Terraform 1.7: the guide's way before it.
		cli.run(true, "state", "rm", "restapi_object.front_door_org", "restapi_object.front_door_owner")
	}
	plan := cli.run(true, "plan", "-out=tfplan")
	mustContain(t, "plan", plan, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy")
	cli.run(true, "apply", "tfplan")
	for _, r := range mock.Requests()[assigned:] {
		if r.Op != spkeytest.OpBasicInfo || r.Method != "GET" {
			t.Errorf("adopting sent %s %s; it must only read", r.Method, r.Path)
		}
	}
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
	mock := newMock(t, 123)
	cli := newCLIWithProviders(t, map[string]string{"mastercard/restapi": restapiBinaryDir(t)},
		"TF_VAR_base_url="+mock.URL, "TF_VAR_api_token="+testToken, "TF_VAR_api_key="+testKey)
	assigned := applyRestapiExample(t, cli, mock)

	// The owner's restapi_object into the organization resource.
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL)+`
moved {
  from = restapi_object.front_door_owner
  to   = spkey_lock_organization.front_door
}

resource "spkey_lock_organization" "front_door" {
  lock_id = 123
  org_id  = "org_7f3a"
}
`)
	out := cli.run(false, "plan")
	mustContain(t, "plan", out, "Cannot Move restapi_object into spkey_lock_organization",
		`path holds "/locks/{id}/SetOwner"`, "move it into spkey_lock_owner", "removed {", "import {", `id = "123"`)
	for _, secret := range []string{testToken, testKey} {
		if strings.Contains(cli.transcript.String(), secret) {
			t.Errorf("the CLI's output shows a credential:\n%s", cli.transcript.String())
		}
	}
	if n := len(mock.Requests()) - assigned; n != 0 {
		t.Errorf("the failed plan sent %d requests", n)
	}
	if _, ok := readStateFile(t, cli.dir)["restapi_object.front_door_owner"]; !ok {
		t.Error("the failed move changed the state")
	}
}
