# A resident's onboarding, from an email address to a phone that opens the
# door and rings when someone is at it. The provider's actor_id (or
# granted_by) records who granted the access.
data "spkey_user" "ada" {
  email = "ada@example.com"
}

# The lock appears in Ada's app...
resource "spkey_lock_access" "ada_front_door" {
  user_id      = data.spkey_user.ada.id
  lock_id      = 123
  lock_name    = "Front door"
  access_level = "USER"
}

# ...her phone gets a key the door accepts (the lock's device must be online
# when this is applied; key_uuid unset: the provider mints one)...
resource "spkey_lock_key" "ada_front_door" {
  lock_id = spkey_lock_access.ada_front_door.lock_id
  user_id = data.spkey_user.ada.id
}

# ...and the doorbell rings on it.
resource "spkey_lock_resident" "ada_front_door" {
  lock_id = spkey_lock_access.ada_front_door.lock_id
  user_id = data.spkey_user.ada.id
  name    = "Ada Lovelace"
}

# Keys you already have ids for (a wallet key, an NFC card), each in its own
# slot of the device. Refreshing them reads the lock's details once for all.
resource "spkey_lock_key" "staff" {
  for_each = {
    "0" = "0b5e7c1a-3f2d-4e8a-9c6b-7d1e2f3a4b5c"
    "1" = "4e2f9a8b-1c3d-4b5a-8e7f-6a9b0c1d2e3f"
  }

  lock_id          = 123
  key_uuid         = each.value
  key_index_number = tonumber(each.key)
}
