#!/bin/sh
# Runs the standard-library reference scripts and compares their output with the committed .out files, so that a
# script that stops running or starts printing other numbers is noticed. `check.sh --update` rewrites the .out files
# (review the diff: a changed number must be explained).
# Usage: sh tests/reference/check.sh [--update]      (python3 from PATH, or PYTHON=/usr/bin/python3)
set -u
dir=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
export PYTHONDONTWRITEBYTECODE=1  # nothing written into the source tree
scripts="spc_constants spc_capability spc_variables spc_attributes spc_time_weighted spc_multivariate spc_normality
spc_nonnormal spc_grr market_index market_e2e marked_values epoch_times"
status=0
for s in $scripts; do
    out=$(cd "$dir" && "$python" "$s.py" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $s.py exited with $rc:"
        echo "$out"
        status=1
        continue
    fi
    if [ "${1:-}" = "--update" ]; then
        printf '%s\n' "$out" > "$dir/$s.out"
        echo "wrote $s.out"
    elif printf '%s\n' "$out" | diff -u "$dir/$s.out" - > /tmp/reference-check-$$.diff; then
        echo "ok   $s.py"
    else
        echo "FAIL $s.py prints other values than $s.out:"
        cat /tmp/reference-check-$$.diff
        status=1
    fi
    rm -f /tmp/reference-check-$$.diff
done
exit $status
