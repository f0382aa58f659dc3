# The id is the numeric lock id and the key's UUID: <lock_id>:<key_uuid>.
import {
  to = spkey_lock_key.staff["1"]
  id = "123:4e2f9a8b-1c3d-4b5a-8e7f-6a9b0c1d2e3f"
}
