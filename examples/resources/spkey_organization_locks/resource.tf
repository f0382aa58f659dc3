# Every lock of the Berlin office belongs to the facilities organization.
# Keys are lock ids; values are labels that only Terraform sees.
resource "spkey_organization_locks" "berlin" {
  org_id = "org_facilities_berlin"
  locks = {
    "101" = "main entrance"
    "102" = "back door"
    "103" = "server room"
    "250" = ""
  }
}

# Thousands of locks from a file with one lock id per line: replace drops
# Windows line endings, compact drops blank lines, toset drops duplicates (a
# map cannot have one key twice). A line that is not a lock id is an error
# that names it. Keep the ids out of a `[for ...]` list or a literal list:
# Terraform converts such a tuple to a list in time quadratic in its length
# (see the README's Performance section); split alone stays linear.
locals {
  fleet_lock_ids = toset(compact(split("\n", replace(file("${path.module}/locks.txt"), "\r", ""))))
}

resource "spkey_organization_locks" "fleet" {
  org_id = "org_fleet"
  locks  = { for id in local.fleet_lock_ids : id => "" }

  timeouts = {
    create = "60m"
    update = "60m"
  }
}
