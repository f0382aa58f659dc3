# Requires Terraform 1.8+ or OpenTofu 1.7+.
variable "lock_ranges" {
  type    = string
  default = "100-199,250"
}

# Every lock of the ranges in one fleet resource, with no per-lock labels.
resource "spkey_organization_locks" "fleet" {
  org_id = "org_123"
  locks  = { for id in provider::spkey::lock_ids(var.lock_ranges) : tostring(id) => "" }
}

output "lock_count" {
  value = length(provider::spkey::lock_ids(var.lock_ranges)) # 101
}
