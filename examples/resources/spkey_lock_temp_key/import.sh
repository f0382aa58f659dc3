# The id is the numeric lock id and the key's UUID: <lock_id>:<temp_key_uuid>.
# Terraform prints the id it imports: to keep the UUID off your terminal and
# CI logs, import by identity instead (see below).
terraform import spkey_lock_temp_key.plumber "123:${TEMP_KEY_UUID}"
