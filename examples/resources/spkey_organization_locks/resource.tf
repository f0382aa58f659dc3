# Every lock of the Berlin office belongs to the facilities organization.
resource "spkey_organization_locks" "berlin" {
  org_id   = "org_facilities_berlin"
  lock_ids = [101, 102, 103, 250]
}

# Thousands of locks from a file with one lock id per line.
resource "spkey_organization_locks" "fleet" {
  org_id   = "org_fleet"
  lock_ids = [for line in split("\n", trimspace(file("${path.module}/fleet-lock-ids.txt"))) : tonumber(line)]

  timeouts = {
    create = "60m"
    update = "60m"
  }
}
