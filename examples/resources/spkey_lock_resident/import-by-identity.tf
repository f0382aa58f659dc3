# Terraform 1.12+ and OpenTofu 1.12+: import by the resource identity, here
# the front desk of lock 200 into its instance of the for_each above.
import {
  to = spkey_lock_resident.reception["6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"]
  identity = {
    lock_id = 200
    user_id = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
  }
}
