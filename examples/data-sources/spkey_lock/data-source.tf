# Look up a lock by its numeric id.
data "spkey_lock" "front_door" {
  lock_id = 123
}

# For example, to fail a plan when a lock is not where it should be.
check "front_door_organization" {
  assert {
    condition     = data.spkey_lock.front_door.org_id == "org_7f3a"
    error_message = "Lock 123 belongs to ${coalesce(data.spkey_lock.front_door.org_id, "no organization")}, not org_7f3a."
  }
}

output "front_door_uuid" {
  value = data.spkey_lock.front_door.uuid
}
