#!/usr/bin/env bash
# Captures the restapi_object state fixtures of this folder from real runs:
# examples/migrate-from-restapi/before/main.tf applied with a build of
# Mastercard's REST provider against spkey-mock, then refreshed. See
# README.md.
#
#   capture.sh LABEL RESTAPI_BINDIR [CLI]
#
# LABEL names the files (v1.20.0, v3.0.0); RESTAPI_BINDIR holds the build
# (a binary named terraform-provider-restapi); CLI defaults to terraform.
set -euo pipefail

label=${1:?usage: capture.sh LABEL RESTAPI_BINDIR [CLI]}
bindir=$(cd "${2:?usage: capture.sh LABEL RESTAPI_BINDIR [CLI]}" && pwd)
tf=${3:-terraform}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
# shellcheck source=../../../../scripts/lib.sh
source "$root/scripts/lib.sh"

work=$(mktemp -d)
trap 'stop_spkey_mock; rm -rf "$work"' EXIT
go build -C "$root" -o "$work/spkey-mock" ./cmd/spkey-mock
start_spkey_mock "$work/spkey-mock" "$work" capture-token capture-key
write_dev_overrides_tfrc "$work/cli.tfrc" "$work" "$bindir"
export TF_CLI_CONFIG_FILE=$work/cli.tfrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export TF_VAR_base_url=$SPKEY_BASE_URL TF_VAR_api_token=capture-token TF_VAR_api_key=capture-key
mkdir "$work/tf"
cp "$root/examples/migrate-from-restapi/before/main.tf" "$work/tf/"
# The user the example grants lock 123 to and makes a resident of: the
# API answers AddAccessibleLock for an unknown user with 404.
curl -fsS -o /dev/null -X PUT "$SPKEY_BASE_URL/_mock/users/9b2d7c1e-3f4a-4b5c-8d6e-7f8091a2b3c4?email=anna@example.com"
cd "$work/tf"

# save WHEN writes each restapi_object's entry of the state file, as the
# CLI wrote it, to LABEL-<organization|owner|access|resident>-WHEN.json.
save() {
  local when=$1 name what
  for name in front_door_org front_door_owner front_door_access front_door_resident; do
    what=${name#front_door_}
    [ "$what" = org ] && what=organization
    jq --arg n "$name" '.resources[] | select(.type == "restapi_object" and .name == $n)' terraform.tfstate \
      >"$here/$label-$what-$when.json"
    echo "wrote $label-$what-$when.json"
  done
}

"$tf" apply -auto-approve -input=false -no-color >"$work/apply.log" || { cat "$work/apply.log"; exit 1; }
save applied
"$tf" apply -refresh-only -auto-approve -input=false -no-color >"$work/refresh.log" || { cat "$work/refresh.log"; exit 1; }
save refreshed
