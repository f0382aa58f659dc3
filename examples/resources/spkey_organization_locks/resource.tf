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

# Thousands of locks: build the map from any list of ids, such as
# [for l in split("\n", trimspace(file("locks.txt"))) : tonumber(l)].
# Here 1001 to 3000; range() makes at most 1024 values per call.
resource "spkey_organization_locks" "fleet" {
  org_id = "org_fleet"
  locks  = { for id in flatten([for k in range(2) : range(1001 + 1000 * k, 2001 + 1000 * k)]) : id => "" }

  timeouts = {
    create = "60m"
    update = "60m"
  }
}
