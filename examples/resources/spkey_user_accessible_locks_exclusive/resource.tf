# Ada sees exactly these locks in her SmartphoneKey app, and no others: a
# grant added by hand or by another tool is removed at the next apply.
resource "spkey_user_accessible_locks_exclusive" "ada" {
  user_id = "6f1c2a4e-8d0b-4c3e-9a7f-1b2c3d4e5f60"

  locks = {
    "123" = { lock_name = "Front door", access_level = "USER" }
    "201" = { lock_name = "Reception", access_level = "GUEST" }
  }
}

# A team's lists from one map of user id to lock ids: one resource per
# user, each refreshed with one request.
locals {
  team = {
    "2c9d1b7e-5a3f-4e8b-9c0d-7e6f5a4b3c2d" = ["201", "202"]
    "8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d" = ["201"]
  }
}

resource "spkey_user_accessible_locks_exclusive" "team" {
  for_each = local.team

  user_id        = each.key
  locks          = { for id in each.value : id => { lock_name = "Office ${id}", access_level = "GUEST" } }
  removal_reason = "left the team"
}
