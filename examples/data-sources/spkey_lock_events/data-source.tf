# Who changed lock 123's organization or owner, and when: its five most
# recent OrganizationSet and OwnerSet events, newest first.
data "spkey_lock_events" "front_door" {
  lock_id = 123
  types   = ["OrganizationSet", "OwnerSet"]
  limit   = 5
}

output "front_door_last_change" {
  value = try({
    type      = data.spkey_lock_events.front_door.events[0].type
    timestamp = data.spkey_lock_events.front_door.events[0].timestamp
    version   = data.spkey_lock_events.front_door.events[0].version
    # data is the event's payload as JSON.
    user_id = try(jsondecode(data.spkey_lock_events.front_door.events[0].data).userId, null)
  }, null)
}
