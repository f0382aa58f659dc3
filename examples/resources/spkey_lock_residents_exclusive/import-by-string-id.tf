# The id is the numeric lock id, as a string. The import reads the lock's
# whole list; terraform plan -generate-config-out writes it as residents.
import {
  to = spkey_lock_residents_exclusive.front_door
  id = "123"
}
