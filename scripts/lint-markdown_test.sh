#!/usr/bin/env bash
# Tests scripts/lint-markdown.sh on the fixtures in scripts/testdata/lint-markdown
# (run by make test-scripts): good.md has tables that end properly (and
# table-like text inside code fences), bad.md has four tables glued to the
# line after them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
lint=$root/scripts/lint-markdown.sh
data=$root/scripts/testdata/lint-markdown
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if ! got=$("$lint" "$data/good.md" 2>&1); then
  fail "good.md: the lint failed: $got"
fi

if got=$("$lint" "$data/bad.md" 2>&1); then
  fail "bad.md: the lint passed, printing: $got"
else
  # The findings, as file:line: text.
  findings=$(grep -o '^[^:]*bad\.md:[0-9]*:' <<<"$got" | sed 's/^.*bad\.md://; s/:$//' | tr '\n' ' ')
  want="6 17 21 26 "
  [ "$findings" = "$want" ] || fail "bad.md: findings at lines $findings, want $want; output:
$got"
  [[ $got == *"put a blank line before it: This paragraph renders as a row"* ]] ||
    fail "bad.md: the finding does not quote the glued line: $got"
  [[ $got == *"fix the template in templates/"* ]] || fail "bad.md: no advice on what to do: $got"
fi

if [ "$failures" -gt 0 ]; then
  echo "lint-markdown_test: $failures failure(s)" >&2
  exit 1
fi
echo "lint-markdown_test: ok"
