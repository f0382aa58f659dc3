#!/usr/bin/env bash
# Prints the CHANGELOG.md section of one version: the lines after its
# `## X.Y.Z ...` heading, up to the next `## ` heading, without leading and
# trailing blank lines. The release workflow passes them to goreleaser
# (--release-notes).
#
#   scripts/release-notes.sh 0.1.0 [CHANGELOG]    # or v0.1.0, as the tag names it
#
# Fails when the version has no section, when the section is empty, or when
# its heading still says "(Unreleased)" (a tag whose notes were never dated
# is a mistake); RELEASE_NOTES_ALLOW_UNRELEASED=1 allows the last, for
# previews.
set -euo pipefail

version=${1:?usage: release-notes.sh VERSION [CHANGELOG]}
version=${version#v}
changelog=${2:-$(cd "$(dirname "$0")/.." && pwd)/CHANGELOG.md}
[ -r "$changelog" ] || { echo "release-notes: cannot read $changelog" >&2; exit 1; }

heading=$(awk -v v="$version" '$1 == "##" && $2 == v { print; exit }' "$changelog")
if [ -z "$heading" ]; then
  echo "release-notes: $changelog has no section \"## $version\"" >&2
  exit 1
fi
if [[ $heading == *"(Unreleased)"* ]] && [ "${RELEASE_NOTES_ALLOW_UNRELEASED:-}" != 1 ]; then
  echo "release-notes: $changelog still calls $version unreleased: \"$heading\"; date the heading before tagging" >&2
  exit 1
fi

notes=$(awk -v v="$version" '
  $1 == "##" { if (in_section) exit; if ($2 == v) { in_section = 1; next } }
  in_section { print }
' "$changelog" | sed -e '/./,$!d' | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}')
if [ -z "$notes" ]; then
  echo "release-notes: the section of $version in $changelog is empty" >&2
  exit 1
fi
printf '%s\n' "$notes"
