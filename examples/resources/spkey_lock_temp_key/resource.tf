# A link that opens the front door for the plumber one morning, twice at
# most. The provider mints the key's UUID, the secret in the link.
resource "spkey_lock_temp_key" "plumber" {
  lock_id     = 123
  access_mode = "public"
  valid_from  = "2030-05-01T08:00:00Z"
  valid_until = "2030-05-01T12:00:00Z"
  max_uses    = 2
  description = "Plumber, boiler service"
}

# Only these users, signed in to the app, may use it.
data "spkey_user" "guest" {
  email = "guest@example.com"
}

resource "spkey_lock_temp_key" "guest_week" {
  lock_id          = 123
  access_mode      = "user-whitelist"
  allowed_user_ids = [data.spkey_user.guest.id]
  valid_from       = "2030-06-01T00:00:00+02:00"
  valid_until      = "2030-06-08T00:00:00+02:00"
}

# Whoever has the UUID can open the door: it is sensitive, kept in state
# only. Hand it over with care, for example from a sensitive output
# (terraform output -raw plumber_key_uuid).
output "plumber_key_uuid" {
  value     = spkey_lock_temp_key.plumber.temp_key_uuid
  sensitive = true
}
