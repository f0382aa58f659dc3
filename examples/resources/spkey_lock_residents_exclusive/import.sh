# The id is the numeric lock id; the import reads the lock's whole list.
terraform import spkey_lock_residents_exclusive.front_door 123
