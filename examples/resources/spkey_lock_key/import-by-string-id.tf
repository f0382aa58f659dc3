# The id is the numeric lock id and the key's UUID: <lock_id>:<key_uuid>.
import {
  to = spkey_lock_key.ada_front_door
  id = "123:0b5e7c1a-3f2d-4e8a-9c6b-7d1e2f3a4b5c"
}
