# access.tfquery.hcl, for terraform query (Terraform 1.14+):
#   terraform query -generate-config-out=access.tf
# writes a spkey_lock_access block and an import block for every grant of
# lock 123 that these users have. Without lock_id: every grant they have.
list "spkey_lock_access" "front_door" {
  provider         = spkey
  include_resource = true

  config {
    user_ids = [
      "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60",
      "2c9d1b7e-5a3f-4e8b-9c0d-7e6f5a4b3c2d",
    ]
    lock_id = 123
  }
}
