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

# Thousands of locks from a file with one lock id per line: trimspace and
# compact drop line endings and blank lines, toset drops duplicates (a map
# cannot have one key twice). A line that is not a lock id is an error that
# names it.
locals {
  fleet_lock_ids = toset(compact([for line in split("\n", file("${path.module}/locks.txt")) : trimspace(line)]))
}

resource "spkey_organization_locks" "fleet" {
  org_id = "org_fleet"
  locks  = { for id in local.fleet_lock_ids : id => "" }

  timeouts = {
    create = "60m"
    update = "60m"
  }
}
