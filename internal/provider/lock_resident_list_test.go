package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// residentListMock has locks 100, 102 and 104 (not 101, 103 or 105): lock
// 100 with users 1 and 2, lock 102 with user 1, lock 104 with none.
func residentListMock(t *testing.T) *spkeytest.Server {
	t.Helper()
	mock := spkeytest.NewTestServer(t, spkeytest.Options{Token: testToken, APIKey: testKey, Locks: []int64{100, 102, 104},
		Users: []spkeytest.User{spkeytest.NumberedUser(1), spkeytest.NumberedUser(2)}})
	mustAddResident(t, mock, 100, spkeytest.UserUUID(1), "Ada")
	mustAddResident(t, mock, 100, spkeytest.UserUUID(2), "Bob")
	mustAddResident(t, mock, 102, spkeytest.UserUUID(1), "Ada at 102")
	return mock
}

// residentListBlock is a list block of spkey_lock_resident over locks
// 100-105 (three of which exist).
func residentListBlock(name, userID string, limit int) string {
	extra, filter := "", ""
	if limit > 0 {
		extra = fmt.Sprintf("  limit            = %d\n", limit)
	}
	if userID != "" {
		filter = fmt.Sprintf("    user_id  = %q\n", userID)
	}
	return fmt.Sprintf(`
list "spkey_lock_resident" %q {
  provider         = spkey
  include_resource = true
%s  config {
    lock_ids = "100-105"
%s  }
}
`, name, extra, filter)
}

// Every resident of the locks that exist, a user's only (its id in any
// case), and a limit.
func TestAccLockResidentList_query(t *testing.T) {
	mock := residentListMock(t)
	ada := spkeytest.UserUUID(1)
	at := func(lockID int64) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"lock_id": knownvalue.Int64Exact(lockID), "user_id": knownvalue.StringExact(ada)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   queryVersions,
		Steps: []resource.TestStep{
			{Config: providerBlock(mock.URL)},
			{
				Query: true,
				Config: residentListBlock("all", "", 0) + residentListBlock("ada", strings.ToUpper(ada), 0) +
					residentListBlock("first", "", 1),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("spkey_lock_resident.all", 3),
					querycheck.ExpectResourceDisplayName("spkey_lock_resident.all", at(102), knownvalue.StringExact("lock 102: Ada at 102 (user "+ada+")")),
					querycheck.ExpectLength("spkey_lock_resident.ada", 2),
					querycheck.ExpectResourceKnownValues("spkey_lock_resident.ada", at(100), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("100:" + ada)},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Ada")},
						{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact("user1@example.com")},
						{Path: tfjsonpath.New("has_phone"), KnownValue: knownvalue.Bool(true)},
					}),
					querycheck.ExpectLength("spkey_lock_resident.first", 1),
				},
			},
		},
	})
}

// terraform query -generate-config-out writes resource and import blocks
// that apply with imports only (no AddResident) and then plan no change;
// the query reads each lock's residents once.
func TestAccCLI_residentQueryGenerateConfig(t *testing.T) {
	cli := newCLI(t)
	if v := cliVersion(t); v.name != "terraform" || !v.atLeast(14) {
		t.Skipf("%s %d.%d has no terraform query (Terraform 1.14+)", v.name, v.major, v.minor)
	}
	mock := residentListMock(t)
	writeFile(t, filepath.Join(cli.dir, "main.tf"), requiredProviders+providerBlock(mock.URL))
	writeFile(t, filepath.Join(cli.dir, "residents.tfquery.hcl"), residentListBlock("found", "", 0))
	out := cli.run(true, "query", "-generate-config-out=residents.tf")
	mustContain(t, "query output", out, "lock 100: Ada (user "+spkeytest.UserUUID(1)+")")
	for id := int64(100); id <= 105; id++ {
		if got := len(mock.RequestsFor(spkeytest.OpResidents, id)); got != 1 {
			t.Errorf("the query read lock %d's residents %d times, want once", id, got)
		}
	}
	generated, err := os.ReadFile(filepath.Join(cli.dir, "residents.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(generated)
	for _, want := range []string{`resource "spkey_lock_resident"`, "import {", "identity"} {
		if c := strings.Count(gen, want); c != 3 {
			t.Errorf("residents.tf has %q %d times, want 3:\n%s", want, c, gen)
		}
	}
	for _, re := range []string{`name\s*=\s*"Ada at 102"`, `lock_id\s*=\s*102`, `name\s*=\s*"Bob"`,
		`user_id\s*=\s*"` + spkeytest.UserUUID(2) + `"`} {
		if !regexp.MustCompile(re).MatchString(gen) {
			t.Errorf("residents.tf does not match %s:\n%s", re, gen)
		}
	}
	out = cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply", out, "3 imported, 0 added, 0 changed, 0 destroyed")
	cli.run(true, "plan", "-detailed-exitcode")
	for _, r := range mock.Requests() {
		if r.Op != spkeytest.OpResidents {
			t.Errorf("unexpected %s %s: importing adds nothing", r.Method, r.Path)
		}
	}
	t.Logf("generated configuration:\n%s", gen)
}
