#!/usr/bin/env bash
# Documentation as tests: runs every ```sh example of README.md and docs/ as written, one document at a time, on a
# fresh store in a scratch folder, and fails naming the document and line of the first example that does not work.
#
#   scripts/doc-examples.sh [BUILD] [FILE.md ...]     (default: build, README.md and every docs/**/*.md)
#   DOC_EXAMPLES_KEEP=1 keeps each document's scratch folder (the program run, its output) and prints where.
#
# How an example is run:
# - The blocks of one document run in order in one bash (variables carry from block to block), with `set -e`; the
#   working folder is a scratch folder holding links to build/, examples/ and scripts/, so relative paths in the
#   examples resolve as from the repository's root and nothing is written into the tree. `yandian` is on PATH.
# - The examples' canonical places are relocated: /srv/yandian (the store folder) to the scratch folder and
#   127.0.0.1:8080 (and 8081, a second server) to free loopback ports. Background jobs (`serve ... &`) and brokers
#   the examples start are stopped at the end of the document.
# - `curl` fails on an HTTP error status (--fail-with-body), so an example that answers 403 fails; with --max-time
#   written in the example, stopping at that time is the expected end (the live stream).
# - A transcript block (lines starting with "$ ") runs each command and checks that the output lines shown under it
#   appear in that order in what the command printed; a shown line containing "..." or "…" stands for lines left out.
#   A command expected to fail says so at its end: "# exit 3".
# - A block preceded by `<!-- doc-test: skip REASON -->` is not run (the reason is printed): for examples that
#   need another machine (a database host) or are the test run itself (`make test`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
shift || true
cd "$root"
if [ $# -gt 0 ]; then
  documents=("$@")
else
  mapfile -t documents < <(printf '%s\n' README.md; find docs -name '*.md' | sort)
fi
[ -x "$build/yandian" ] || { echo "doc-examples: $build/yandian not found (build first)" >&2; exit 1; }

# shellcheck source=lib/ports.sh
. "$root/scripts/lib/ports.sh"

# Writes the bash program that runs the examples of one document.
program_of() {
  local doc=$1
  local shared=1
  [ -d "$root/../shared/data" ] || shared=0
  awk -v doc="$doc" -v shared="$shared" '
    function flush_command() {
      if (cmd == "") return
      n_cmd++
      printf "__where=%s\n", q(doc ":" cmd_line)
      printf "__expect_status=%d\n", expect
      printf "__run %s <<'"'"'__SHOWN_%d'"'"'\n%s__SHOWN_%d\n", q(cmd), n_cmd, shown, n_cmd
      cmd = ""; shown = ""; expect = 0
    }
    function q(s) { gsub(/'"'"'/, "'"'"'\\'"'"''"'"'", s); return "'"'"'" s "'"'"'" }
    /^```/ && !inside {
      inside = 1; lang = substr($0, 4); start = NR; transcript = 0; body = ""; cmd = ""; shown = ""; cont = 0
      skip = (prev ~ /^<!-- doc-test: skip/) ? prev : ""
      needs_shared = 0
      next
    }
    /^```/ && inside {
      inside = 0
      if (lang == "sh") {
        if (skip == "" && needs_shared && !shared) skip = "<!-- doc-test: skip ../shared/data (public data sets) is not beside this clone -->"
        if (skip != "") {
          sub(/^<!-- doc-test: skip */, "", skip); sub(/ *-->$/, "", skip)
          printf "echo %s\n", q("doc-test: " doc ":" start ": skipped: " skip)
        } else if (transcript) {
          flush_command()
        } else {
          printf "__where=%s\n%s\n", q(doc ":" start), body
        }
      }
      prev = $0
      next
    }
    inside && lang == "sh" {
      if (index($0, "../shared/data") > 0) needs_shared = 1
      if (cont) { cmd = cmd "\n" $0; cont = ($0 ~ /\\$/); next }
      if ($0 ~ /^\$ /) {
        flush_command()
        transcript = 1
        cmd = substr($0, 3); cmd_line = NR
        expect = 0
        if (match(cmd, /# exit [0-9]+/)) expect = substr(cmd, RSTART + 7, RLENGTH - 7) + 0
        cont = ($0 ~ /\\$/)
        next
      }
      if (transcript) { shown = shown $0 "\n"; next }
      body = body $0 "\n"
      next
    }
    { prev = $0 }
  ' "$doc"
}

failed=0
for doc in "${documents[@]}"; do
  grep -q '^```sh' "$doc" || continue
  scratch=$(mktemp -d)
  mkdir -p "$scratch/srv" "$scratch/tmp" "$scratch/bin" "$scratch/work"
  for link in build examples scripts tests; do
    ln -s "$root/$([ $link = build ] && echo "$build" || echo $link)" "$scratch/work/$link"
  done
  ln -s "$root/$build/yandian" "$scratch/bin/yandian"
  # The public data sets beside the repository (../shared/data: German Credit, CWRU), where this clone has them.
  [ -d "$root/../shared/data" ] && ln -s "$root/../shared" "$scratch/shared"
  port=$(free_port)
  port2=$(free_port)
  while [ "$port2" = "$port" ]; do port2=$(free_port); done
  {
    cat <<'PRELUDE'
set -eEuo pipefail
__where="(start)"
trap 'echo "doc-test: $__where: failed (exit $?): $BASH_COMMAND" >&2' ERR
curl() {
  local rc=0
  command curl --fail-with-body "$@" || rc=$?
  # Stopping at the example's own --max-time is the expected end of a stream.
  if [ "$rc" = 28 ] && [[ " $* " == *" --max-time "* ]]; then rc=0; fi
  return "$rc"
}
# Runs one transcript command; its output must contain the shown lines, in order ("..." lines stand for others).
__run() {
  local cmd=$1 shown out rc=0
  shown=$(cat)
  out=$(bash -c "set -o pipefail; $(declare -f curl); $cmd" 2>&1) || rc=$?
  if [ "$rc" != "$__expect_status" ]; then
    printf 'doc-test: %s: exit status %s, expected %s\n%s\n' "$__where" "$rc" "$__expect_status" "$out" >&2
    return 1
  fi
  local -a want got
  mapfile -t want <<<"$shown"
  mapfile -t got <<<"$out"
  local i=0 line
  for line in "${want[@]}"; do
    line=${line%"${line##*[![:space:]]}"}
    [ -z "$line" ] && continue
    [[ $line == *"..."* || $line == *"…"* ]] && continue
    while [ "$i" -lt "${#got[@]}" ]; do
      local have=${got[$i]%"${got[$i]##*[![:space:]]}"}
      i=$((i + 1))
      [ "$have" = "$line" ] && continue 2
    done
    printf 'doc-test: %s: the shown line\n  %s\nis not in the output:\n%s\n' "$__where" "$line" "$out" >&2
    return 1
  done
}
PRELUDE
    program_of "$doc"
  } | sed -e "s#/srv/yandian#$scratch/srv#g" -e "s#127\.0\.0\.1:8080#127.0.0.1:$port#g" \
      -e "s#127\.0\.0\.1:8081#127.0.0.1:$port2#g" >"$scratch/examples.sh"
  echo "doc-examples: $doc"
  rc=0
  # The examples run in their own session, so everything they start in the background (servers, `&` jobs) can be
  # stopped with one signal to the group when the document is done.
  (cd "$scratch/work" && PATH="$scratch/bin:$PATH" TMPDIR="$scratch/tmp" YANDIAN_DB= \
      exec setsid timeout 600 bash "$scratch/examples.sh") >"$scratch/output.log" 2>&1 &
  group=$!
  wait "$group" || rc=$?
  kill -TERM -- "-$group" 2>/dev/null || true
  for pid in "$scratch"/tmp/yandian-mosquitto-*/mosquitto.pid; do
    [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
  done
  sleep 0.5  # let the stopped servers close their stores before the folder goes
  if [ "$rc" != 0 ]; then
    failed=1
    echo "doc-examples: $doc FAILED; the run's output:" >&2
    tail -n 40 "$scratch/output.log" >&2
  else
    grep -o 'doc-test: .*skipped.*' "$scratch/output.log" || true
  fi
  if [ -n "${DOC_EXAMPLES_KEEP:-}" ]; then echo "doc-examples: kept $scratch"; else rm -rf "$scratch"; fi
done
exit "$failed"
