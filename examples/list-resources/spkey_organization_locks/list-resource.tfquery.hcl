# fleets.tfquery.hcl, for terraform query (Terraform 1.14+):
#   terraform query -generate-config-out=fleets.tf
# writes one spkey_organization_locks resource for org_123, holding its
# locks among the ids 100-199 and 250, and an import block by identity
# { org_id, lock_ids }. Without org_id: one fleet per organization found.
list "spkey_organization_locks" "org_123" {
  provider         = spkey
  include_resource = true

  config {
    lock_ids = "100-199,250"
    org_id   = "org_123"
  }
}
