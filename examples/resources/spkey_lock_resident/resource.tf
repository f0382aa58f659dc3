# Ada is notified when the doorbell of lock 123 rings. The user must exist:
# look the id up by email address (the look-up never creates a user).
data "spkey_user" "ada" {
  email = "ada@example.com"
}

resource "spkey_lock_resident" "ada" {
  lock_id = 123
  user_id = data.spkey_user.ada.id
  name    = "Ada Lovelace"
}

# Several residents of one lock: for_each over a map of user id => name.
# Refreshing them reads the lock's list once, however many there are.
locals {
  reception = {
    "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60" = "Front desk"
    "0b9d7c3e-5a1f-4e2d-8c6b-7a8f9e0d1c2b" = "Night porter"
  }
}

resource "spkey_lock_resident" "reception" {
  for_each = local.reception

  lock_id = 200
  user_id = each.key
  name    = each.value
}
