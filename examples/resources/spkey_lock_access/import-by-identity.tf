# Terraform 1.12+ and OpenTofu 1.12+: import by the resource identity, here
# Ada's grant of lock 201 into its instance of the for_each above.
import {
  to = spkey_lock_access.ada_office["201"]
  identity = {
    user_id = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
    lock_id = 201
  }
}
