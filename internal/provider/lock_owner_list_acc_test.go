package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// terraform query over owners: the locks of one user, whose id the query
// names in any case, become resource and import blocks that apply with
// imports only (no SetOwner) and then plan no change.
func TestAccCLI_ownerQueryGenerateConfig(t *testing.T) {
	cli := newCLI(t)
	if v := cliVersion(t); v.name != "terraform" || !v.atLeast(14) {
		t.Skipf("%s %d.%d has no terraform query (Terraform 1.14+)", v.name, v.major, v.minor)
	}
	mock := twoOrgMock(t)
	for _, id := range []int64{100, 103, 107} {
		mock.SetOwner(id, userA)
	}
	mock.SetOwner(109, "")
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL))
	writeFile(t, filepath.Join(cli.dir, "owners.tfquery.hcl"), `
list "spkey_lock_owner" "mine" {
  provider         = spkey
  include_resource = true
  config {
    lock_ids = "100-119"
    user_id  = "`+strings.ToUpper(userA)+`"
  }
}
`)
	out := cli.run(true, "query", "-generate-config-out=owners.tf")
	mustContain(t, "query output", out, "lock 100 (user_id "+userA+")", "lock 107 (user_id "+userA+")")
	generated, err := os.ReadFile(filepath.Join(cli.dir, "owners.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(generated)
	if c := strings.Count(gen, `resource "spkey_lock_owner"`); c != 3 {
		t.Errorf("owners.tf has %d resources, want 3 (locks 100, 103, 107):\n%s", c, gen)
	}
	if c := strings.Count(gen, "identity"); c != 3 || !regexp.MustCompile(`lock_id\s*=\s*103`).MatchString(gen) {
		t.Errorf("owners.tf does not import locks 100, 103 and 107 by identity:\n%s", gen)
	}
	if c := strings.Count(gen, userA); c != 3 {
		t.Errorf("owners.tf names user %s %d times, want 3:\n%s", userA, c, gen)
	}
	out = cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply", out, "3 imported, 0 added, 0 changed, 0 destroyed")
	cli.run(true, "plan", "-detailed-exitcode")
	basicInfo := 0
	for _, r := range mock.Requests() {
		switch r.Op {
		case "basic-info":
			basicInfo++
		default:
			t.Errorf("unexpected %s %s: importing sets nothing", r.Method, r.Path)
		}
	}
	// The query reads each of the 20 ids once; the apply's imports and
	// the last plan's refresh read the 3 locks once each.
	if basicInfo != 20+3*2 {
		t.Errorf("basic-info requests = %d, want %d", basicInfo, 20+3*2)
	}
	t.Logf("generated configuration:\n%s", gen)
}
