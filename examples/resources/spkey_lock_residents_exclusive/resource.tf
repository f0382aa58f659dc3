# Exactly these people are notified when the doorbell of lock 123 rings:
# anyone else on its list is removed, also people added in the app.
data "spkey_user" "ada" {
  email = "ada@example.com"
}

data "spkey_user" "grace" {
  phone_number = "+48123456789"
}

resource "spkey_lock_residents_exclusive" "front_door" {
  lock_id = 123
  residents = {
    (data.spkey_user.ada.id)               = "Ada Lovelace"
    (data.spkey_user.grace.id)             = "Grace Hopper"
    "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60" = "Front desk"
  }
}

# Nobody is notified when the doorbell of lock 124 rings.
resource "spkey_lock_residents_exclusive" "back_door" {
  lock_id   = 124
  residents = {}
}
