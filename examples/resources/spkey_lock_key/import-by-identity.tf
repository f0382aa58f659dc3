# Terraform 1.12+ and OpenTofu 1.12+: import by the resource identity.
import {
  to = spkey_lock_key.staff["0"]
  identity = {
    lock_id  = 123
    key_uuid = "0b5e7c1a-3f2d-4e8a-9c6b-7d1e2f3a4b5c"
  }
}
