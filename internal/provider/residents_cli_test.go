package provider

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/smartphonekey/terraform-provider-spkey/internal/spkeytest"
)

// The residents' warnings, which only the real CLI shows: what an
// exclusive resource will remove (at create, and on an update what
// Terraform did not add), a resident adopted, a resident gone, one
// resident declared twice, and residents left in place by a destroy.
func TestAccCLI_residentsWarnings(t *testing.T) {
	mock := newResidentsMock(t)
	cli := newCLI(t)
	u := spkeytest.UserUUID
	mustAddResident(t, mock, 7, u(3), "Cy")
	mustAddResident(t, mock, 8, u(1), "Ada")
	exclusive := func(residents string) string {
		return fmt.Sprintf(`
resource "spkey_lock_residents_exclusive" "lock7" {
  lock_id   = 7
  residents = { %s }
}
`, residents)
	}
	ada := fmt.Sprintf("%q = \"Ada\"", u(1))
	adaBob := ada + fmt.Sprintf(", %q = \"Bob\"", u(2))
	additive := func(lockID int64, name string) string {
		return fmt.Sprintf(`
resource "spkey_lock_resident" "ada" {
  lock_id = %d
  user_id = %q
  name    = %q
}
`, lockID, u(1), name)
	}
	main := filepath.Join(cli.dir, "main.tf")

	// One resident in two resources under two names.
	writeFile(t, main, requiredProviders+providerBlock(mock.URL)+exclusive(adaBob)+additive(7, "Ada L."))
	out := cli.run(true, "plan")
	mustContain(t, "plan output", out, "Warning: Resident Declared Twice", "user "+u(1)+" of lock 7:")
	if !errorMatching(`"Ada" by spkey_lock_residents_exclusive for lock 7, "Ada L." by spkey_lock_resident`).MatchString(out) &&
		!errorMatching(`"Ada L." by spkey_lock_resident, "Ada" by spkey_lock_residents_exclusive for lock 7`).MatchString(out) {
		t.Errorf("the warning does not name both names and both resources:\n%s", out)
	}
	mustContain(t, "plan output", out, "Warning: Existing Residents Will Be Removed", "removes 1 resident(s) from lock 7",
		"user "+u(3)+` ("Cy")`)

	// Create: the exclusive resource takes lock 7 over (user 3 removed,
	// user 2 added); the additive one finds user 1 on lock 8 already, and
	// adopts it.
	writeFile(t, main, requiredProviders+providerBlock(mock.URL)+exclusive(adaBob)+additive(8, "Ada"))
	out = cli.run(true, "apply", "-auto-approve")
	mustContain(t, "apply output", out, "Warning: Existing Residents Will Be Removed", "Warning: Existing Resident Adopted",
		"User "+u(1)+" was already a resident of lock 8")

	// Behind Terraform's back: user 4 added to lock 7, lock 8 deleted.
	// The plan removes users 2 and 4 but warns only of user 4: Terraform
	// added user 2.
	mustAddResident(t, mock, 7, u(4), "Dee")
	mock.DeleteLock(8)
	writeFile(t, main, requiredProviders+providerBlock(mock.URL)+exclusive(ada)+additive(8, "Ada"))
	out = cli.run(true, "plan")
	mustContain(t, "plan output", out, "Warning: Resident Removed Outside Terraform", "answered 404 for lock 8")
	mustContain(t, "plan output", out, "Warning: Residents Not Added by Terraform Will Be Removed", "removes 1 resident(s) from lock 7",
		"user "+u(4)+` ("Dee")`)
	mustContain(t, "plan output", out, `- "`+u(2)+`" = "Bob" -> null`)

	// Destroying the exclusive resource leaves lock 7's residents, and
	// says so.
	writeFile(t, main, requiredProviders+providerBlock(mock.URL)+exclusive(ada))
	before := len(mock.Requests())
	out = cli.run(true, "destroy", "-auto-approve")
	mustContain(t, "destroy output", out, "Warning: Residents Left in Place", "residents of lock 7", "its 3 resident(s) stay")
	for _, r := range mock.Requests()[before:] {
		if r.Op != spkeytest.OpResidents {
			t.Errorf("destroy sent %s %s; it must only read", r.Method, r.Path)
		}
	}
	if list, _ := mock.Residents(7); len(list) != 3 {
		t.Errorf("lock 7 has %v after destroy, want users 1, 2 and 4", list)
	}
}
