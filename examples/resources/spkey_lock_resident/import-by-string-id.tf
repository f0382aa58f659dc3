# The id is "<lock_id>:<user_id>": the numeric lock id, then the user's UUID
# (here Ada's, as data.spkey_user.ada finds it).
import {
  to = spkey_lock_resident.ada
  id = "123:a3c1e2f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b"
}
