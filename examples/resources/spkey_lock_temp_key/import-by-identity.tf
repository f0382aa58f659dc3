# Terraform 1.12+ and OpenTofu 1.12+: import by the resource identity, which
# names the key by its temp_key_id, never by its UUID. temp_key_id is
# substr(sha256(lower(<temp_key_uuid>)), 0, 16); the provider finds the key
# whose UUID hashes to it and records the UUID in state.
import {
  to = spkey_lock_temp_key.guest_week
  identity = {
    lock_id     = 123
    temp_key_id = "7b2c903a5ece9b27"
  }
}
