#!/usr/bin/env bash
# Tests scripts/release-notes.sh on a CHANGELOG of its own (run by .ci/run
# and make test-scripts).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
notes=$root/scripts/release-notes.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

cat >"$work/CHANGELOG.md" <<'MD'
## 0.3.0 (Unreleased)

FEATURES:

* something new

## 0.2.0 (March 3, 2027)

BUG FIXES:

* resource/spkey_lock_organization: a fix
  over two lines

## 0.1.10 (January 1, 2027)
* ten

## 0.1.1 (December 1, 2026)

## 0.1.0 (November 30, 2026)

* first
MD

# want NAME EXPECTED ARGS...: the script prints EXPECTED and exits 0.
want() {
  local name=$1 expected=$2 got
  shift 2
  if ! got=$("$notes" "$@" 2>&1); then
    fail "$name: exited non-zero: $got"
  elif [ "$got" != "$expected" ]; then
    fail "$name: got
$got
want
$expected"
  fi
}
# refuse NAME MESSAGE ARGS...: the script fails with MESSAGE on stderr.
refuse() {
  local name=$1 message=$2 got
  shift 2
  if got=$("$notes" "$@" 2>&1); then
    fail "$name: succeeded, printing: $got"
  elif [[ $got != *"$message"* ]]; then
    fail "$name: the error does not say \"$message\": $got"
  fi
}

want "a middle section, blank lines trimmed" "BUG FIXES:

* resource/spkey_lock_organization: a fix
  over two lines" 0.2.0 "$work/CHANGELOG.md"
want "the tag's v prefix" "* first" v0.1.0 "$work/CHANGELOG.md"
want "0.1.1 does not match 0.1.10" "* ten" 0.1.10 "$work/CHANGELOG.md"
refuse "an empty section" "is empty" 0.1.1 "$work/CHANGELOG.md"
refuse "a missing version" 'no section "## 0.9.9"' 0.9.9 "$work/CHANGELOG.md"
refuse "a version that is a prefix of another" 'no section "## 0.1"' 0.1 "$work/CHANGELOG.md"
refuse "an unreleased section" "still calls 0.3.0 unreleased" v0.3.0 "$work/CHANGELOG.md"
RELEASE_NOTES_ALLOW_UNRELEASED=1 want "an unreleased section, allowed" "FEATURES:

* something new" 0.3.0 "$work/CHANGELOG.md"
# The project's own CHANGELOG has a section for its first version.
if first=$(RELEASE_NOTES_ALLOW_UNRELEASED=1 "$notes" 0.1.0); then
  # The first release has no earlier version to break or to fix.
  for heading in "BREAKING CHANGES" "BUG FIXES"; do
    ! grep -qx "$heading:" <<<"$first" || fail "CHANGELOG.md's 0.1.0 is the first release but has $heading: fold them into its FEATURES"
  done
else
  fail "CHANGELOG.md has no section for 0.1.0"
fi

if [ "$failures" -gt 0 ]; then
  echo "release-notes_test: $failures failure(s)" >&2
  exit 1
fi
echo "release-notes_test: ok"
