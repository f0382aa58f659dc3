# Terraform 1.12+ and OpenTofu 1.12+: import by the resource identity, here
# lock 201 into the reception instance of the for_each above.
import {
  to       = spkey_lock_organization.office["reception"]
  identity = { lock_id = 201 }
}
