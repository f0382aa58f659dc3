# Terraform 1.12+ and OpenTofu 1.12+: import by the resource identity.
import {
  to       = spkey_lock_residents_exclusive.back_door
  identity = { lock_id = 124 }
}
