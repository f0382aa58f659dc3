# Ada sees the front door in her SmartphoneKey app. access_level is a label
# the app shows: it does not open the door (that takes a key).
resource "spkey_lock_access" "ada_front_door" {
  user_id      = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
  lock_id      = 123
  lock_name    = "Front door"
  access_level = "USER"
}

# One grant per lock of a map, for one user, with the reason the API
# records when a grant is removed.
resource "spkey_lock_access" "ada_office" {
  for_each = {
    "201" = "Reception"
    "202" = "Server room"
  }

  user_id        = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"
  lock_id        = each.key
  lock_name      = each.value
  access_level   = "GUEST"
  removal_reason = "office access ended"
}
