# Look a user up by email address or by phone number (exactly one of the
# two). It only searches: a user that does not exist is an error, and no
# user is ever created.
data "spkey_user" "ada" {
  email = "ada@example.com"
}

data "spkey_user" "grace" {
  phone_number = "+48123456789"
}

resource "spkey_lock_resident" "ada" {
  lock_id = 123
  user_id = data.spkey_user.ada.id
  name    = "Ada Lovelace"
}

output "grace_has_email" {
  value = data.spkey_user.grace.email != null
}
