#!/usr/bin/env bash
# How far the audit is from the cost of reading the file (docs/performance.md).
#
#   bench/run.sh [CASES] [SEED] [REPS]     (default 1000000 cases, seed 3, 3 repetitions)
#
# Generates CASES cases as long CSV (grouped by case, as `caseaudit generate` writes them)
# and the same cases as NDJSON, cached under target/bench-data/CASES-SEED/, then times,
# interleaved, REPS repetitions of
#   (a) floor:    a bare csv-crate pass that only splits records (examples/csv_floor.rs)
#   (b) audit:    caseaudit audit, all rules, --format json --results none
#   (c) findings: caseaudit audit, --results findings -o out.json
#   (d) duckdb:   three rules (U1, B1, A1) in SQL over the CSV (bench/three_rules.sql),
#                 when duckdb is on PATH or importable from python3; skipped otherwise
#   (e) ndjson:   (b) over the NDJSON file
#   (f) all:      caseaudit audit, --results all -o all.json (every result listed)
#   (g) html:     caseaudit audit -o out.html (the human formats list at most --max-listed)
#   (h) markdown: caseaudit audit -o out.md
#   (i) baseline: (c) with --baseline old.json --fail-on-new (old.json: the findings as of
#                 three months earlier, written once before the timed runs)
#   (j) diff:     caseaudit diff old.json out.json --format markdown
#   (k) diff all: caseaudit diff old-all.json all.json --format json (both --results all)
# and prints the median wall time and peak memory (maximum resident set size) of each, and
# the ratios b/a, c/a, b/d, e/b. Asserts nothing: numbers to watch.
set -euo pipefail
cases=${1:-1000000}
seed=${2:-3}
reps=${3:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

cargo build --release --quiet --bin caseaudit --example csv_floor
bin="$here/target/release/caseaudit"
floor="$here/target/release/examples/csv_floor"

data="$here/target/bench-data/$cases-$seed"
if [[ ! -s "$data/events.ndjson" ]]; then
    echo "generating $cases cases (seed $seed) into $data …" >&2
    rm -rf "$data"
    "$bin" generate --cases "$cases" --seed "$seed" --out "$data.tmp" >/dev/null
    python3 bench/to_ndjson.py "$data.tmp/events.csv" "$data.tmp/events.ndjson"
    mv "$data.tmp" "$data"
fi
csv="$data/events.csv"
ndjson="$data/events.ndjson"
as_of=$(head -c 200 "$data/truth.json" | sed -n 's/.*"as_of":"\([0-9-]*\)".*/\1/p')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# DuckDB: the CLI, else the Python package; never installed by this script.
duck=()
if command -v duckdb >/dev/null; then
    duck=(duckdb)
elif python3 -c 'import duckdb' 2>/dev/null; then
    duck=(python3 -c 'import duckdb, sys; duckdb.sql(open(sys.argv[1]).read()).fetchall()')
fi
sed -e "s|__CSV__|$csv|g" -e "s|__AS_OF__|$as_of|g" bench/three_rules.sql >"$work/three_rules.sql"

# Peak memory: GNU time when installed, else the VmHWM of /proc polled while it runs.
measure() { # measure NAME COMMAND… : appends "NAME seconds kilobytes" to $work/times
    local name=$1 start end kb
    shift
    start=$(date +%s.%N)
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr" || {
            cat "$work/stderr" >&2
            return 1
        }
        kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    else
        "$@" >/dev/null 2>"$work/stderr" &
        local pid=$! hwm
        kb=0
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)
            [[ -n "$hwm" && "$hwm" -gt "$kb" ]] && kb=$hwm
            sleep 0.05
        done
        wait "$pid" || { cat "$work/stderr" >&2; return 1; }
    fi
    end=$(date +%s.%N)
    echo "$name $(echo "$end - $start" | bc -l) $kb" >>"$work/times"
}

audit=("$bin" audit --as-of "$as_of" --quiet)
# The earlier reports the comparisons read: the same export three months before.
earlier=$(date -d "$as_of -3 months" +%F)
echo "writing the reports as of $earlier for the comparisons …" >&2
"$bin" audit --as-of "$earlier" --quiet "$csv" --results findings -o "$work/old.json"
"$bin" audit --as-of "$earlier" --quiet "$csv" --results all -o "$work/old-all.json"
for ((rep = 1; rep <= reps; rep++)); do
    echo "repetition $rep of $reps …" >&2
    measure a "$floor" "$csv"
    measure b "${audit[@]}" "$csv" --format json --results none
    measure c "${audit[@]}" "$csv" --results findings -o "$work/out.json"
    if ((${#duck[@]})); then
        if [[ ${duck[0]} == duckdb ]]; then
            measure d duckdb -c ".read $work/three_rules.sql"
        else
            measure d "${duck[@]}" "$work/three_rules.sql"
        fi
    fi
    measure e "${audit[@]}" "$ndjson" --format json --results none
    measure f "${audit[@]}" "$csv" --results all -o "$work/all.json"
    measure g "${audit[@]}" "$csv" -o "$work/out.html"
    measure h "${audit[@]}" "$csv" -o "$work/out.md"
    measure i "${audit[@]}" "$csv" --results findings -o "$work/new.json" \
        --baseline "$work/old.json" --fail-on-new --exit-zero
    measure j "$bin" diff --quiet "$work/old.json" "$work/out.json" --format markdown
    measure k "$bin" diff --quiet "$work/old-all.json" "$work/all.json" --format json
done

median() { # median NAME COLUMN
    awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$work/times" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
declare -A wall mem
for r in a b c d e f g h i j k; do
    wall[$r]=$(median "$r" 2)
    mem[$r]=$(median "$r" 3)
done
ratio() { [[ -n "${wall[$1]}" && -n "${wall[$2]}" ]] && printf '%.2f' "$(echo "${wall[$1]} / ${wall[$2]}" | bc -l)" || echo "–"; }

printf '%s cases, seed %s: events.csv %s, events.ndjson %s; %s repetitions, %s cores\n' \
    "$cases" "$seed" "$(du -h "$csv" | cut -f1)" "$(du -h "$ndjson" | cut -f1)" "$reps" "$(nproc)"
printf '| %-42s | %9s | %11s |\n' run "wall (s)" "peak memory"
printf '|%s|%s|%s|\n' "--------------------------------------------" "-----------" "-------------"
row() {
    if [[ -n "${wall[$1]}" ]]; then
        printf '| %-42s | %9.2f | %8d MB |\n' "$2" "${wall[$1]}" "$((mem[$1] / 1024))"
    else
        printf '| %-42s | %9s | %11s |\n' "$2" "–" "–"
    fi
}
row a "(a) floor: csv crate split (csv_floor)"
row b "(b) audit --results none"
row c "(c) audit --results findings -o out.json"
row d "(d) duckdb, three rules (U1, B1, A1)"
row e "(e) audit --results none, NDJSON"
row f "(f) audit --results all -o all.json"
row g "(g) audit -o out.html"
row h "(h) audit -o out.md"
row i "(i) (c) with --baseline --fail-on-new"
row j "(j) diff, findings reports, markdown"
row k "(k) diff, --results all reports, json"
((${#duck[@]})) || echo "(d) skipped: duckdb is neither on PATH nor importable from python3"
printf 'b/a %s (target ≤ 2.0)   c/a %s   b/d %s (target ≤ 0.2)   e/b %s (target ≤ 1.5)   f/c %s\n' \
    "$(ratio b a)" "$(ratio c a)" "$(ratio b d)" "$(ratio e b)" "$(ratio f c)"
# Issue 20: the outputs and comparisons each under 300 MB.
for r in f g h i j k; do
    [[ -n "${mem[$r]}" ]] && ((mem[$r] / 1024 >= 300)) && echo "($r) peak memory $((mem[$r] / 1024)) MB: over 300 MB"
done
true
