#!/usr/bin/env bash
# Lints the generated Markdown (make docs and make docs-check run it over
# docs/; its test is scripts/lint-markdown_test.sh). One rule so far:
#
#   A table must be followed by a blank line (or the end of the file).
#   Markdown has no end-of-table marker: a line of text right after the last
#   row renders as one more row, with the paragraph squeezed into its first
#   cell. A template whose `{{- ... }}` eats the blank line does the same.
#
#   scripts/lint-markdown.sh [FILE...]   (default: every docs/**/*.md)
#
# Fenced code blocks are skipped. Exits 1 and names file:line for each
# finding.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(find "$root/docs" -name '*.md' | sort)
  [ ${#files[@]} -gt 0 ] || { echo "lint-markdown: no Markdown files under $root/docs" >&2; exit 1; }
fi

# A table starts with a row of cells ("| a | b |" or "a | b") directly
# followed by its delimiter row ("|---|:--:|"); Markdown takes every line up
# to the first blank one as a row. Here a row is a line that starts with "|"
# (or, in a table written without outer pipes, a line with a "|" in it), so
# the first other line is text that Markdown would swallow into the table.
# Plain POSIX awk (no {m,n} intervals: mawk lacks them).
awk '
  function report(line, text) {
    printf "%s:%d: text directly after a table renders as a table row; put a blank line before it: %s\n", FILENAME, line, text
    bad++
  }
  FNR == 1 { fence = ""; intable = 0; piped = 0; prev = "" }
  {
    line = $0
    # Fenced code: ``` or ~~~, closed by the same fence.
    if (fence == "" && match(line, /^ ? ? ?(```+|~~~+)/)) {
      fence = substr(line, RSTART, RLENGTH); sub(/^[ ]+/, "", fence); intable = 0; prev = line; next
    }
    if (fence != "") {
      probe = line; sub(/^[ ]+/, "", probe)
      if (index(probe, fence) == 1 && probe ~ /^(`+|~+)[ \t]*$/) fence = ""
      prev = line; next
    }
    if (intable) {
      if (line ~ /^[ \t]*$/) { intable = 0 }
      else if (piped ? line !~ /^[ \t]*\|/ : line !~ /\|/) { report(FNR, line); intable = 0 }
    } else if (line ~ /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/ && line ~ /\|/ && prev ~ /\|/) {
      intable = 1
      piped = (prev ~ /^[ \t]*\|/)
    }
    prev = line
  }
  END { exit (bad > 0 ? 1 : 0) }
' "${files[@]}" || {
  echo "lint-markdown: Markdown tables glued to the text after them (see above); fix the template in templates/, then make docs" >&2
  exit 1
}
