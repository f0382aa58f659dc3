# residents.tfquery.hcl, for terraform query (Terraform 1.14+):
#   terraform query -generate-config-out=residents.tf
# writes a resource block and an import block for every resident of the
# locks 100-199 and 250 (one residents read per lock).
list "spkey_lock_resident" "all" {
  provider         = spkey
  include_resource = true
  limit            = 1000 # terraform query's default is 100 results

  config {
    lock_ids = "100-199,250"
  }
}

# Every lock among them where one user is a resident.
list "spkey_lock_resident" "ada" {
  provider = spkey

  config {
    lock_ids = "100-199,250"
    user_id  = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
  }
}
