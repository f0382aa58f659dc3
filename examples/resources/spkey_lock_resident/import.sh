# The id is the numeric lock id and the user id, separated by a colon.
terraform import spkey_lock_resident.ada 123:a3c1e2f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b
