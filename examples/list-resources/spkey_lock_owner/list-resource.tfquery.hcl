# owners.tfquery.hcl, for terraform query (Terraform 1.14+):
#   terraform query -generate-config-out=owners.tf
# writes a resource block and an import block for every lock among the ids
# 100-199 and 250 that this user owns (the user id in any case).
list "spkey_lock_owner" "facility_manager" {
  provider         = spkey
  include_resource = true
  limit            = 1000 # terraform query's default is 100 results

  config {
    lock_ids = "100-199,250"
    user_id  = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
  }
}
