# locks.tfquery.hcl, for terraform query (Terraform 1.14+):
#   terraform query -generate-config-out=locks.tf
# writes a resource block and an import block for every lock of org_123
# among the ids 100-199 and 250.
list "spkey_lock_organization" "org_123" {
  provider         = spkey
  include_resource = true
  limit            = 1000 # terraform query's default is 100 results

  config {
    lock_ids = "100-199,250"
    org_id   = "org_123"
  }
}
