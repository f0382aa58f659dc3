package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Provider-defined functions arrived in Terraform 1.8 (OpenTofu 1.7);
// older CLIs cannot even parse provider::spkey::lock_ids.
var functionVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

func lockIDsOutput(list string) string {
	return fmt.Sprintf(`
output "ids" {
  value = provider::spkey::lock_ids(%q)
}
`, list)
}

// lock_ids returns each id once, ranges expanded, as a set of numbers
// that a for expression turns into fleet map keys.
func TestAccLockIDsFunction(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   functionVersions,
		Steps: []resource.TestStep{
			{
				Config: lockIDsOutput("100-102,250,101") + `
output "keys" {
  value = { for id in provider::spkey::lock_ids("7,5-6") : tostring(id) => "" }
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("ids", knownvalue.SetExact([]knownvalue.Check{
						knownvalue.Int64Exact(100), knownvalue.Int64Exact(101), knownvalue.Int64Exact(102), knownvalue.Int64Exact(250),
					})),
					statecheck.ExpectKnownOutputValue("keys", knownvalue.MapExact(map[string]knownvalue.Check{
						"5": knownvalue.StringExact(""), "6": knownvalue.StringExact(""), "7": knownvalue.StringExact(""),
					})),
				},
			},
		},
	})
}

// Bad lists fail with the fleet import id's wording, at plan time.
func TestAccLockIDsFunction_errors(t *testing.T) {
	cases := []struct {
		list string
		want []string
	}{
		{"", []string{`Invalid value for "ids" parameter: the lock id list is empty`}},
		{"199-100", []string{`range "199-100" must go upwards and span at most 100000 ids`}},
		{"1-200000", []string{`range "1-200000" must go upwards and span at most 100000 ids`}},
		{"1-9000,20001-22000", []string{"names 11000 lock ids; one list may name at most 10000"}},
		{"100,3f2504e0-4f89-41d3-9a0c-0305e82c3301", []string{"is not a lock id"}},
		{"100, 101", []string{"contains white space"}},
		{"abc", []string{`"abc" is not a lock id; a lock id is a positive whole number such as 123`}},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      lockIDsOutput(c.list),
			ExpectError: errorMatching(append([]string{"Invalid function argument"}, c.want...)...),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		TerraformVersionChecks:   functionVersions,
		Steps:                    steps,
	})
}

// The bound counts ids once, after ranges are expanded and merged.
func TestParseLockIDList(t *testing.T) {
	ids, err := parseLockIDList("1-10000,5")
	if err != nil || len(ids) != maxLockIDs {
		t.Errorf("1-10000,5: %d ids, %v; want %d, nil", len(ids), err, maxLockIDs)
	}
	if _, err := parseLockIDList("1-10001"); err == nil || !strings.Contains(err.Error(), "names 10001 lock ids") {
		t.Errorf("1-10001: %v", err)
	}
	if _, err := parseLockIDList(""); err == nil {
		t.Error("an empty list parsed")
	}
}
