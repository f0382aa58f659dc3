package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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

// lock_ids returns each id once, ranges expanded, as a list of numbers in
// ascending order that a for expression turns into fleet map keys.
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
					statecheck.ExpectKnownOutputValue("ids", knownvalue.ListExact([]knownvalue.Check{
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
		{"", []string{`Invalid value for "ids" parameter: the lock id list is empty; write lock ids and ranges such as "100-199,250".`}},
		{"199-100", []string{`range "199-100" must go upwards: write it as 100-199.`}},
		{"1-90000,80001-100001", []string{`"1-90000,80001-100001" names 100001 lock ids; one list may name at most 100000: ` +
			"check the ranges for a typo, or split the list."}},
		// Refused before any id is built: this once looped until the
		// provider ran out of memory.
		{"9223372036854775807-9223372036854775807,1-9223372036854775807", []string{
			`"9223372036854775807-9223372036854775807,…" (2 items) names 9223372036854775807 lock ids; one list may name at most 100000`}},
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

// lock_ids returns a list: the framework validates a set's elements
// pairwise, which took 13 s for a set of 10,000 ids in the provider alone
// (the list: milliseconds). The whole bound, 100,000 ids, is returned well
// within a second; the bound one above it is refused before any id is
// built, and so is a range of 2^63 ids, which once ran the provider out of
// memory.
func TestLockIDsFunctionAtTheBound(t *testing.T) {
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	call := func(list string) (*tfprotov6.CallFunctionResponse, time.Duration) {
		t.Helper()
		arg, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, list))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		resp, err := srv.CallFunction(t.Context(), &tfprotov6.CallFunctionRequest{Name: "lock_ids", Arguments: []*tfprotov6.DynamicValue{&arg}})
		if err != nil {
			t.Fatal(err)
		}
		return resp, time.Since(start)
	}

	resp, took := call("1-100000")
	if resp.Error != nil {
		t.Fatalf("1-100000: %s", resp.Error.Text)
	}
	v, err := resp.Result.Unmarshal(tftypes.List{ElementType: tftypes.Number})
	var ids []tftypes.Value
	if err == nil {
		err = v.As(&ids)
	}
	if err != nil || len(ids) != 100_000 {
		t.Fatalf("1-100000 returned %d list elements, %v", len(ids), err)
	}
	// Milliseconds when idle; a set took minutes. The margin is for a
	// loaded machine.
	if took > 10*time.Second {
		t.Errorf("1-100000 took %v", took)
	}
	t.Logf("1-100000: %v", took)

	for list, want := range map[string]string{
		"1-100001": `"1-100001" names 100001 lock ids; one list may name at most 100000: check the ranges for a typo, or split the list`,
		"9223372036854775807-9223372036854775807,1-9223372036854775807": `"9223372036854775807-9223372036854775807,…" (2 items) ` +
			"names 9223372036854775807 lock ids; one list may name at most 100000: check the ranges for a typo, or split the list",
	} {
		if resp, _ := call(list); resp.Error == nil || resp.Error.Text != want || resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != 0 {
			t.Errorf("%s: error %+v\nwant %s", list, resp.Error, want)
		}
	}
}
