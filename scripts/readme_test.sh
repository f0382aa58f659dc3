#!/usr/bin/env bash
# make test-readme: runs the README's "Use a locally built provider"
# commands as written, the way a new user would, once with Terraform and
# once with OpenTofu, and checks what they print.
#
#   scripts/readme_test.sh [terraform] [tofu]   (default: both)
#
# The commands are not copied here: they are extracted from README.md, from
# every fenced block that follows a marker comment:
#
#   <!-- readme-test -->              run in the user's shell, in order
#   <!-- readme-test: background -->  a server the user starts in another
#                                     terminal: run in the background, and
#                                     the next blocks wait until it answers
#
# All blocks run in one bash session (so `export` and `cd` carry over, as in
# a terminal), from a copy of the repository's files (a fresh clone, without
# build output), with HOME pointing at an empty folder. The README's
# configuration holds a second provider, Mastercard's REST provider, which a
# user's `terraform init` gets from the registry: this test needs no network,
# so it puts the pinned build (scripts/tools.sh restapi) into that HOME's
# ~/.terraform.d/plugins, the implied local mirror `make install` uses too,
# where init finds it the same way. With OpenTofu, a
# command line that starts with `terraform` starts with `tofu` instead, as
# the README tells OpenTofu users. If 127.0.0.1:8787 is taken on this machine
# (CI machines are shared), the blocks get a free port instead; nothing else
# is changed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
readme=$root/README.md
clis=("$@")
[ ${#clis[@]} -gt 0 ] || clis=(terraform tofu)

work=$(mktemp -d)
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ]; then
    # The block runs in a subshell: stop it and what it started.
    pkill -P "$mock_pid" 2>/dev/null || true
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "readme_test: $*" >&2
  exit 1
}

# extract MODE prints the marked blocks as a numbered list: a line
# "@@ foreground" or "@@ background" before each block's lines.
extract() {
  awk '
    /^<!-- readme-test(: background)? -->$/ { mode = ($0 ~ /background/) ? "background" : "foreground"; next }
    mode != "" && /^```(sh|bash)$/ { print "@@ " mode; inblock = 1; next }
    inblock && /^```$/ { inblock = 0; mode = ""; next }
    inblock { print; next }
    mode != "" && /[^[:space:]]/ && !/^```/ { mode = "" }
  ' "$readme"
}
blocks=$(extract)
[ "$(grep -c '^@@ ' <<<"$blocks")" -ge 3 ] || fail "README.md has fewer than three marked blocks (<!-- readme-test -->): $blocks"
grep -q '^@@ background' <<<"$blocks" || fail "README.md has no block marked <!-- readme-test: background --> (the mock)"

# The address the background block listens on (-listen ADDR).
addr=$(grep -oE -- '-listen [0-9.]+:[0-9]+' <<<"$blocks" | head -n 1 | cut -d' ' -f2)
[ -n "$addr" ] || fail "the background block has no -listen ADDRESS"
port_in_use() { (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null; }
if port_in_use "$addr"; then
  for _ in $(seq 50); do
    free=127.0.0.1:$((20000 + RANDOM % 40000))
    port_in_use "$free" || break
  done
  echo "readme_test: $addr is taken on this machine; the blocks use $free instead"
  blocks=${blocks//$addr/$free}
  addr=$free
fi

# A fresh clone: the repository's files (committed or not, but not
# ignored), without bin/, .cache/ or anything else a build left.
mkdir -p "$work/clone"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | xargs -0 cp --parents -t "$work/clone")

# script CLI writes the blocks as one bash script.
script() {
  local cli=$1
  echo 'set -euo pipefail'
  awk -v cli="$cli" -v addr="$addr" '
    function flush() {
      if (mode == "background") {
        print "( " body ") >\"$README_TEST_LOG/background.log\" 2>&1 &"
        print "echo $! >\"$README_TEST_LOG/background.pid\""
        print "for _ in $(seq 300); do curl -fsS http://" addr "/_mock/stats >/dev/null 2>&1 && break; sleep 0.2; done"
        print "curl -fsS http://" addr "/_mock/stats >/dev/null || { echo \"the background block does not answer on " addr "\" >&2; cat \"$README_TEST_LOG/background.log\" >&2; exit 1; }"
      } else if (mode == "foreground") {
        printf "%s", body
      }
      body = ""
    }
    /^@@ / { flush(); mode = $2; next }
    {
      line = $0
      # A command (terraform plan), not the terraform { } block of a config.
      if (cli == "tofu" && line ~ /^terraform [a-z]/) sub(/^terraform /, "tofu ", line)
      body = body line "\n"
    }
    END { flush() }
  ' <<<"$blocks"
}

restapi_version=$("$root/scripts/tools.sh" version restapi)
grep -qF "version = \"${restapi_version#v}\"" <<<"$blocks" ||
  fail "the README's configuration does not pin Mastercard/restapi to $restapi_version, the version scripts/tools.sh builds"
restapi=$("$root/scripts/tools.sh" restapi 2>"$work/tools-restapi.log") || {
  cat "$work/tools-restapi.log" >&2
  fail "scripts/tools.sh restapi failed"
}

for cli in "${clis[@]}"; do
  case $cli in
  terraform | tofu) ;;
  *) fail "unknown CLI $cli (terraform or tofu)" ;;
  esac
  # The CLI on PATH (CI's setup actions install one), else the pinned build.
  bin=$(command -v "$cli" 2>/dev/null) || bin=$("$root/scripts/tools.sh" "$cli" 2>"$work/tools-$cli.log") || {
    cat "$work/tools-$cli.log" >&2
    fail "scripts/tools.sh $cli failed"
  }
  echo "==> The README's commands with $cli ($bin)"
  run=$work/$cli
  mkdir -p "$run/home" "$run/path" "$run/log"
  ln -s "$bin" "$run/path/$cli"
  # The registry's stand-in for the second provider, at both addresses.
  for host in registry.terraform.io registry.opentofu.org; do
    dir=$run/home/.terraform.d/plugins/$host/mastercard/restapi/${restapi_version#v}/$(go env GOOS)_$(go env GOARCH)
    mkdir -p "$dir"
    cp "$restapi" "$dir/terraform-provider-restapi_${restapi_version}"
  done
  script "$cli" >"$run/readme.sh"
  # The user's shell: a new HOME, the CLI on PATH, none of this machine's
  # Terraform or spkey settings. Go keeps its caches (a user's are warm too).
  start=$SECONDS
  set +e
  (
    cd "$work/clone"
    export GOCACHE GOMODCACHE GOPATH
    GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOPATH=$(go env GOPATH)
    export HOME=$run/home PATH=$run/path:$PATH README_TEST_LOG=$run/log CHECKPOINT_DISABLE=1
    unset TF_CLI_CONFIG_FILE TF_DATA_DIR TF_WORKSPACE TF_LOG TF_LOG_PATH TF_ACC \
      SPKEY_BASE_URL SPKEY_API_TOKEN SPKEY_API_KEY SPKEY_MAX_RETRIES SPKEY_REQUEST_TIMEOUT \
      SPKEY_MAX_CONCURRENCY SPKEY_MAX_REQUESTS_PER_SECOND
    bash "$run/readme.sh"
  ) >"$run/output.txt" 2>&1
  code=$?
  set -e
  if [ -s "$run/log/background.pid" ]; then
    mock_pid=$(cat "$run/log/background.pid")
    cleanup_mock_stats=$(curl -fsS "http://$addr/_mock/stats" 2>/dev/null | tr -d ' \n' || true)
    pkill -P "$mock_pid" 2>/dev/null || true
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
    mock_pid=
  fi
  show() {
    echo "---- the script (from README.md) ----" >&2
    cat "$run/readme.sh" >&2
    echo "---- its output ----" >&2
    cat "$run/output.txt" >&2
  }
  if [ "$code" != 0 ]; then
    show
    fail "with $cli, the README's commands failed (exit $code)"
  fi
  # Without a terminal the CLIs still colour their output: compare the text.
  sed 's/\x1b\[[0-9;]*m//g' "$run/output.txt" >"$run/plain.txt"
  # init installed both providers (spkey from make install's mirror), the
  # apply went through the backend, and the second init after a rebuild
  # and the last plan found nothing to do.
  for want in "Installed smartphonekey/spkey v" "Installed mastercard/restapi ${restapi_version}" "has been successfully initialized" \
    "Apply complete! Resources: 1 added" "the lock file" "No changes."; do
    grep -qF "$want" "$run/plain.txt" || {
      show
      fail "with $cli, the output does not say \"$want\""
    }
  done
  if grep -qF "Provider development overrides are in effect" "$run/plain.txt"; then
    show
    fail "with $cli, the README's commands ran with dev_overrides, not with make install and init"
  fi
  [ -s "$run/home/spkey-try/state/terraform.tfstate" ] || {
    show
    fail "with $cli, the backend's state file ~/spkey-try/state/terraform.tfstate was not written"
  }
  echo "    passed in $((SECONDS - start))s; the mock saw: ${cleanup_mock_stats:-?}"
done
echo "readme_test: ok"
