# Requires Terraform 1.8+ or OpenTofu 1.7+.
variable "lock_ranges" {
  type    = string
  default = "100-199,250"
}

# Every lock of the ranges in one fleet resource. lock_ids returns a list
# of numbers in ascending order, each once, so the for expression needs no
# toset() to avoid duplicate keys; tostring() turns each id into a key.
resource "spkey_organization_locks" "fleet" {
  org_id = "org_123"
  locks  = { for id in provider::spkey::lock_ids(var.lock_ranges) : tostring(id) => "" }
}

# Labels for some of the locks: merge() keeps the last value of a key.
resource "spkey_organization_locks" "labelled" {
  org_id = "org_456"
  locks = merge(
    { for id in provider::spkey::lock_ids("300-399") : tostring(id) => "" },
    { "301" = "main entrance", "302" = "server room" },
  )
}

output "lock_count" {
  value = length(provider::spkey::lock_ids(var.lock_ranges)) # 101
}
