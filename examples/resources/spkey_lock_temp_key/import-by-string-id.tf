# The id is the numeric lock id and the key's UUID: <lock_id>:<temp_key_uuid>.
# Terraform prints the id while it imports: prefer the identity below.
variable "plumber_key_uuid" {
  type      = string
  sensitive = true
}

import {
  to = spkey_lock_temp_key.plumber
  id = "123:${var.plumber_key_uuid}"
}
