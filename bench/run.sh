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
# and, for issue 19 (every input and every verb at national scale), on the same cases:
#   (l) by date:  (b) over the rows sorted by date (not grouped by case; bench/by_date.py)
#   (m) json:     (b) over one JSON document, {"cases": [...]} (bench/to_ndjson.py --document)
#   (n) cp1252:   (b) over the CSV in Windows-1252 (iconv), --encoding windows-1252
#   (o) 10 files: (b) over the CSV split into ten files by event type, a case's events in
#                 several of them (bench/split_by_type.py)
#   (p) validate, (q) explain --case ID (a case in the middle), (r) worklist (the table, to
#   a pipe), (s) review -o review.csv, (t) sample --size 100 -o sample.csv,
#   (u) table:    caseaudit audit with its defaults (the findings table), to a pipe
#   (v) junit:    caseaudit audit -o out.xml (JUnit, the findings)
# (each row's input files read once before it is timed, so that it finds them in the page
# cache, as (a) does), and prints the median wall time and peak memory (maximum resident set
# size) of each, the ratios b/a, c/a, b/d, e/b, f/c and l/b (target ≤ 2), and a line for
# any row over 300 MB.
# A row whose command fails says so (the before binary refuses some inputs) and the rest go on.
# Asserts nothing: numbers to watch.
#
#   BEFORE=/path/to/old/caseaudit bench/run.sh …
#
# times that binary too, on the same rows, each run right after the new one's (interleaved,
# so the machine's drift falls on both), and prints both side by side.
set -euo pipefail
cases=${1:-1000000}
seed=${2:-3}
reps=${3:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

cargo build --release --quiet --bin caseaudit --example csv_floor
bin="$here/target/release/caseaudit"
floor="$here/target/release/examples/csv_floor"

before=${BEFORE:-}
if [[ -n "$before" && ! -x "$before" ]]; then
    echo "BEFORE=$before is not an executable" >&2
    exit 2
fi

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
# The same export as case systems write it, each made once beside it (a .tmp, then renamed).
cached() { # cached FILE COMMAND… : makes FILE with COMMAND (which writes "$tmp") unless made
    local file=$1
    shift
    if [[ ! -e "$file" ]]; then
        echo "making $(basename "$file") …" >&2
        tmp="$file.tmp"
        rm -rf "$tmp"
        "$@"
        mv "$tmp" "$file"
    fi
}
cached "$data/events-by-date.csv" eval 'python3 bench/by_date.py "$csv" "$tmp"'
cached "$data/events.json" eval 'python3 bench/to_ndjson.py --document "$csv" "$tmp"'
cached "$data/events-cp1252.csv" eval 'iconv -f UTF-8 -t WINDOWS-1252 "$csv" >"$tmp"'
cached "$data/ten" eval 'python3 bench/split_by_type.py "$csv" "$tmp" 10'
ten=("$data"/ten/events-*.csv)
# A case in the middle of the export, for explain.
middle=$(($(wc -l <"$csv") / 2))
case_id=$(sed -n "${middle}p" "$csv" | cut -d, -f1)
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
# A command that fails is noted ("NAME failed") and the run goes on.
measure() { # measure NAME COMMAND… : appends "NAME seconds kilobytes" to $work/times
    local name=$1 start end kb
    shift
    start=$(date +%s.%N)
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr" || {
            echo "($name) failed: $(grep -v '^Command exited' "$work/stderr" | tail -n 2 | cut -c1-300)" >&2
            echo "$name" >>"$work/failed"
            return 0
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
        wait "$pid" || {
            echo "($name) failed: $(tail -n 2 "$work/stderr" | cut -c1-300)" >&2
            echo "$name" >>"$work/failed"
            return 0
        }
    fi
    end=$(date +%s.%N)
    echo "$name $(echo "$end - $start" | bc -l) $kb" >>"$work/times"
}
# The inputs among a command's arguments read once, so that each row is timed on files in the
# page cache, whatever the rows before it read.
warm() {
    local arg
    for arg in "$@"; do
        [[ "$arg" == "$data"/* && -f "$arg" ]] && cat "$arg" >/dev/null
    done
    true
}
# The command's stdout through a pipe (as `caseaudit … | less` or a CI step reads it).
piped() {
    set -o pipefail
    "$@" | cat >/dev/null
}
export -f piped

# The earlier reports the comparisons read: the same export three months before.
earlier=$(date -d "$as_of -3 months" +%F)
echo "writing the reports as of $earlier for the comparisons …" >&2
"$bin" audit --as-of "$earlier" --quiet "$csv" --results findings -o "$work/old.json"
"$bin" audit --as-of "$earlier" --quiet "$csv" --results all -o "$work/old-all.json"

# Every row with binary $1, its names suffixed with $2 ("" for the new binary, "0" for the
# one before); with $3, only that row.
rows() {
    local exe=$1 t=$2 only=${3:-}
    one() { # one ROW COMMAND… : measures the row (only ROW $only when given)
        local r=$1
        shift
        if [[ -z "$only" || "$only" == "$r" ]]; then
            warm "$@"
            measure "$r$t" "$@"
        fi
        true
    }
    local audit=("$exe" audit --as-of "$as_of" --quiet)
    one b "${audit[@]}" "$csv" --format json --results none
    one c "${audit[@]}" "$csv" --results findings -o "$work/out.json"
    one e "${audit[@]}" "$ndjson" --format json --results none
    one f "${audit[@]}" "$csv" --results all -o "$work/all.json"
    one g "${audit[@]}" "$csv" -o "$work/out.html"
    one h "${audit[@]}" "$csv" -o "$work/out.md"
    one i "${audit[@]}" "$csv" --results findings -o "$work/new.json" \
        --baseline "$work/old.json" --fail-on-new --exit-zero
    one j "$exe" diff --quiet "$work/old.json" "$work/out.json" --format markdown
    one k "$exe" diff --quiet "$work/old-all.json" "$work/all.json" --format json
    one l "${audit[@]}" "$data/events-by-date.csv" --format json --results none
    one m "${audit[@]}" "$data/events.json" --format json --results none
    one n "${audit[@]}" "$data/events-cp1252.csv" --encoding windows-1252 \
        --format json --results none
    one o "${audit[@]}" "${ten[@]}" --format json --results none
    one p "$exe" validate --quiet "$csv"
    one q "$exe" explain --quiet --as-of "$as_of" "$csv" --case "$case_id"
    one r bash -c 'piped "$@"' _ "$exe" worklist --quiet --as-of "$as_of" "$csv"
    one s "$exe" review --quiet --as-of "$as_of" "$csv" -o "$work/review.csv"
    one t "$exe" sample --quiet "$csv" --size 100 --seed 1 -o "$work/sample.csv"
    one u bash -c 'piped "$@"' _ "${audit[@]}" "$csv"
    one v "${audit[@]}" "$csv" -o "$work/out.xml"
}

for ((rep = 1; rep <= reps; rep++)); do
    echo "repetition $rep of $reps …" >&2
    measure a "$floor" "$csv"
    if ((${#duck[@]})); then
        if [[ ${duck[0]} == duckdb ]]; then
            measure d duckdb -c ".read $work/three_rules.sql"
        else
            measure d "${duck[@]}" "$work/three_rules.sql"
        fi
    fi
    if [[ -n "$before" ]]; then
        # Each row of the new binary, then the same row of the old one.
        for r in b c e f g h i j k l m n o p q r s t u v; do
            rows "$bin" "" "$r"
            rows "$before" 0 "$r"
        done
    else
        rows "$bin" ""
    fi
done

median() { # median NAME COLUMN
    awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$work/times" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
declare -A wall mem
all=(a b c d e f g h i j k l m n o p q r s t u v)
for r in "${all[@]}"; do
    for t in "" 0; do
        wall[$r$t]=$(median "$r$t" 2)
        mem[$r$t]=$(median "$r$t" 3)
    done
done
ratio() { [[ -n "${wall[$1]}" && -n "${wall[$2]}" ]] && printf '%.2f' "$(echo "${wall[$1]} / ${wall[$2]}" | bc -l)" || echo "–"; }

printf '%s cases, seed %s: events.csv %s, events.ndjson %s; %s repetitions, %s cores\n' \
    "$cases" "$seed" "$(du -h "$csv" | cut -f1)" "$(du -h "$ndjson" | cut -f1)" "$reps" "$(nproc)"
[[ -n "$before" ]] && echo "before: $before (each row run right after the new binary's)"
cell() { # cell NAME: "wall | memory" of a row, or why there is none
    if [[ -n "${wall[$1]}" ]]; then
        printf '%9.2f | %8d MB' "${wall[$1]}" "$((mem[$1] / 1024))"
    elif [[ -s "$work/failed" ]] && grep -qx "$1" "$work/failed"; then
        printf '%9s | %13s' "failed" "–" # (the dash is 3 bytes, 1 column)
    else
        printf '%11s | %13s' "–" "–"
    fi
}
if [[ -n "$before" ]]; then
    printf '| %-44s | %9s | %11s | %9s | %11s |\n' run "wall (s)" "peak memory" "before s" "before mem"
    printf '|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "-----------" "-------------" "-----------" "-------------"
else
    printf '| %-44s | %9s | %11s |\n' run "wall (s)" "peak memory"
    printf '|%s|%s|%s|\n' "----------------------------------------------" "-----------" "-------------"
fi
row() {
    if [[ -n "$before" ]]; then
        if [[ $1 == a || $1 == d ]]; then
            printf '| %-44s | %s | %9s | %11s |\n' "$2" "$(cell "$1")" "" ""
        else
            printf '| %-44s | %s | %s |\n' "$2" "$(cell "$1")" "$(cell "${1}0")"
        fi
    else
        printf '| %-44s | %s |\n' "$2" "$(cell "$1")"
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
row l "(l) (b), rows sorted by date (not grouped)"
row m "(m) (b), one JSON document"
row n "(n) (b), Windows-1252"
row o "(o) (b), ten files split by event type"
row p "(p) validate"
row q "(q) explain --case ID"
row r "(r) worklist, the table to a pipe"
row s "(s) review -o review.csv"
row t "(t) sample --size 100"
row u "(u) audit, the default table to a pipe"
row v "(v) audit -o out.xml (JUnit)"
((${#duck[@]})) || echo "(d) skipped: duckdb is neither on PATH nor importable from python3"
printf 'b/a %s (target ≤ 2.0)   c/a %s   b/d %s (target ≤ 0.2)   e/b %s (target ≤ 1.5)   f/c %s   l/b %s (target ≤ 2)\n' \
    "$(ratio b a)" "$(ratio c a)" "$(ratio b d)" "$(ratio e b)" "$(ratio f c)" "$(ratio l b)"
[[ -n "$before" ]] && printf 'before: b/a %s   l/b %s\n' "$(ratio b0 a)" "$(ratio l0 b0)"
# Issues 19 and 20: every row of caseaudit under 300 MB.
for r in "${all[@]}"; do
    [[ $r == a || $r == d ]] && continue
    for t in "" 0; do
        [[ -n "${mem[$r$t]}" ]] && ((mem[$r$t] / 1024 >= 300)) &&
            echo "($r)${t:+ before}: peak memory $((mem[$r$t] / 1024)) MB, over 300 MB"
    done
done
true
