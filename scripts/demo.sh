#!/usr/bin/env bash
# make demo: builds the provider and spkey-mock, starts the mock on a free
# loopback port, applies examples/demo through dev_overrides (no init, no
# registry), prints the outputs, checks that a second plan has no changes,
# and stops the mock whatever happens.
#
# TF=tofu make demo runs it with OpenTofu instead of Terraform.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
tf=${TF:-terraform}
work=$root/.demo
rm -rf "$work"
mkdir -p "$work/bin" "$work/config"

# Build output (go: downloading ..., the packages compiled) goes to this
# log, not to the screen; it is shown when a build fails.
log=$work/tools.log

# terraform or tofu from PATH, else the pinned build in the tool cache.
if ! command -v "$tf" >/dev/null 2>&1; then
  case $tf in
  terraform | tofu)
    name=$tf
    [ "$name" = terraform ] && name=terraform-1.5.7
    if [ ! -x "$("$root/scripts/tools.sh" path "$name")" ]; then
      case $name in
      tofu) took="about 2.5 minutes on 2 idle cores, half an hour or more on busy ones" ;;
      *) took="about 80 seconds" ;;
      esac
      echo "==> First run: building $name $("$root/scripts/tools.sh" version "$name") from source into the tool cache, once ($took; output in .demo/tools.log)"
    fi
    if ! tf=$("$root/scripts/tools.sh" "$tf" 2>>"$log"); then
      cat "$log" >&2
      echo "demo: building $TF failed (log: $log)" >&2
      exit 1
    fi
    ;;
  *) echo "demo: $tf not found" >&2; exit 1 ;;
  esac
fi

# build WHAT ARGS... runs go build ARGS, its output in the log, and says
# what it builds while it builds: a cold build compiles hundreds of
# packages and takes a minute or more, so every 10 s it prints how long it
# has taken, how many packages it compiled and which one came last.
build() {
  local what=$1 start=$SECONDS mark pid
  shift
  echo "==> Building $what"
  mark=$(wc -l <"$log")
  go build -C "$root" -v "$@" >>"$log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (((SECONDS - start) % 10 == 0)) && kill -0 "$pid" 2>/dev/null; then
      echo "    $((SECONDS - start))s: $(($(wc -l <"$log") - mark)) packages compiled, the last $(tail -n 1 "$log")"
    fi
  done
  if ! wait "$pid"; then
    cat "$log" >&2
    echo "demo: building $what failed (log: $log)" >&2
    exit 1
  fi
  echo "    built in $((SECONDS - start))s"
}

: >>"$log"
build "the provider (.demo/bin/terraform-provider-spkey; a first build compiles its dependencies too, a minute or more)" \
  -o "$work/bin/terraform-provider-spkey" .
build "spkey-mock, the API's stand-in" -o "$work/spkey-mock" ./cmd/spkey-mock

# A CLI configuration of our own: it points the provider's address (for
# Terraform and for OpenTofu) at the binary just built.
write_dev_overrides_tfrc "$work/cli.tfrc" "$work/bin"
export TF_CLI_CONFIG_FILE=$work/cli.tfrc
export CHECKPOINT_DISABLE=1
unset TF_WORKSPACE TF_DATA_DIR

echo "==> Starting spkey-mock"
trap stop_spkey_mock EXIT
start_spkey_mock "$work/spkey-mock" "$work" demo-token demo-key
export SPKEY_API_TOKEN=demo-token
echo "    $SPKEY_BASE_URL"

cp "$root"/examples/demo/*.tf "$work/config/"
cd "$work/config"

echo "==> $tf apply"
"$tf" apply -auto-approve -input=false -no-color -compact-warnings

echo "==> $tf plan (expect no changes)"
set +e
"$tf" plan -detailed-exitcode -input=false -no-color >"$work/plan.txt" 2>&1
code=$?
set -e
case $code in
0) grep -E '^No changes' "$work/plan.txt" ;;
2) cat "$work/plan.txt"; echo "demo: the second plan has changes" >&2; exit 1 ;;
*) cat "$work/plan.txt"; echo "demo: the second plan failed" >&2; exit 1 ;;
esac

requests=$(curl -fsS "$SPKEY_BASE_URL/_mock/stats" 2>/dev/null | tr -d ' \n' || true)
echo "==> Done. The mock saw: ${requests:-?}"
