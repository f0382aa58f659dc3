# The id is the numeric lock id (not the lock's UUID).
terraform import spkey_lock_organization.front_door 123
