# Every lock of the Berlin office belongs to the facilities organization.
resource "spkey_organization_locks" "berlin" {
  org_id   = "org_facilities_berlin"
  lock_ids = [101, 102, 103, 250]
}

# Thousands of locks: any list expression works, such as
# [for l in split("\n", trimspace(file("locks.txt"))) : tonumber(l)].
# Here 1001 to 3000; range() makes at most 1024 values per call.
resource "spkey_organization_locks" "fleet" {
  org_id   = "org_fleet"
  lock_ids = flatten([for k in range(2) : range(1001 + 1000 * k, 2001 + 1000 * k)])

  timeouts = {
    create = "60m"
    update = "60m"
  }
}
