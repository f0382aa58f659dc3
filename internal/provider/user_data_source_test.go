package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// userConfig looks a user up by one attribute.
func userConfig(url, attr, value string) string {
	return providerBlock(url) + fmt.Sprintf(`
data "spkey_user" "test" {
  %s = %q
}
`, attr, value)
}

// checkLookUps asserts that every look-up the mock received only searched
// (searchOnly=true), that there were n, and that the mock still has
// exactly users users: a look-up never creates one.
func checkLookUps(mock *spkeytest.Server, n, users int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		lookUps := append(requestsOf(mock, spkeytest.OpUserByEmail), requestsOf(mock, spkeytest.OpUserByPhone)...)
		for _, r := range lookUps {
			if r.Query.Get("searchOnly") != "true" {
				return fmt.Errorf("%s %s?%s does not send searchOnly=true", r.Method, r.Path, r.Query.Encode())
			}
			if err := checkRequestHeaders(r, "GET"); err != nil {
				return err
			}
		}
		if len(lookUps) < n {
			return fmt.Errorf("%d look-ups, want at least %d", len(lookUps), n)
		}
		if got := len(mock.Users()); got != users {
			return fmt.Errorf("the mock has %d users, want %d: a look-up created one", got, users)
		}
		return nil
	}
}

func TestAccUserDataSource(t *testing.T) {
	mock := newResidentsMock(t)
	const ds = "data.spkey_user.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: userConfig(mock.URL, "email", "user2@example.com"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(spkeytest.UserUUID(2))),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("email"), knownvalue.StringExact("user2@example.com")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("phone_number"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				},
				Check: checkLookUps(mock, 1, 9),
			},
			{
				// By phone number, written the way people write them.
				Config: userConfig(mock.URL, "phone_number", "0048 600 000 003"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("id"), knownvalue.StringExact(spkeytest.UserUUID(3))),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("email"), knownvalue.StringExact("user3@example.com")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("phone_number"), knownvalue.StringExact("0048 600 000 003")),
				},
				Check: checkLookUps(mock, 2, 9),
			},
			{
				Config:      userConfig(mock.URL, "email", "nobody@example.com"),
				ExpectError: errorMatching("User Not Found", `has the email address "nobody@example.com", and nothing was created`, "searchOnly=true", "signs up in the SmartphoneKey app"),
			},
			{
				Config: providerBlock(mock.URL) + `
data "spkey_user" "test" {
  email        = "user2@example.com"
  phone_number = "+48600000002"
}
`,
				ExpectError: errorMatching("Invalid Attribute Combination", "phone_number"),
			},
			{
				// After the miss: still no user created, every look-up only
				// searched.
				Config: userConfig(mock.URL, "email", "user2@example.com"),
				Check:  checkLookUps(mock, 3, 9),
			},
		},
	})
}
