# The id is the numeric lock id (not the lock's UUID, nor the owner's user id).
terraform import spkey_lock_owner.front_door 123
