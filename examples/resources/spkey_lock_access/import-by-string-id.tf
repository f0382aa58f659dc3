# The id is <user_id>:<lock_id>: the user's UUID, then the numeric lock id.
import {
  to = spkey_lock_access.ada_front_door
  id = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60:123"
}
