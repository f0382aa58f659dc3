# The id is the numeric lock id, as a string (not the lock's UUID).
import {
  to = spkey_lock_owner.front_door
  id = "123"
}
