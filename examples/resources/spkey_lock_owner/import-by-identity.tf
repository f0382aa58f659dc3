# Terraform 1.12+ and OpenTofu 1.12+: import by the resource identity, here
# the owner of lock 203 into its instance of the for_each above.
import {
  to       = spkey_lock_owner.facility_manager["203"]
  identity = { lock_id = 203 }
}
