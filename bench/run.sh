#!/usr/bin/env bash
# Audit speed against a bare CSV pass over the same synthetic export.
#
#   bench/run.sh [CASES] [SEED]        (default 100000 cases, seed 1)
#
# Generates CASES cases with `caseaudit generate`, then times
#   - the baseline: split the CSV and count distinct case ids (cut | sort -u | wc -l),
#   - `caseaudit audit` with the JSON report and no result list, and with every result,
# and prints each time and its ratio to the baseline. Asserts nothing: numbers to watch.
set -euo pipefail
cases=${1:-100000}
seed=${2:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
cargo build --release --quiet
bin="$here/target/release/caseaudit"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc -l; }

t=$(now)
"$bin" generate --cases "$cases" --seed "$seed" --out "$dir" >/dev/null
gen=$(elapsed "$t")
as_of=$(head -c 200 "$dir/truth.json" | sed -n 's/.*"as_of":"\([0-9-]*\)".*/\1/p')
size=$(du -h "$dir/events.csv" | cut -f1)

t=$(now)
ids=$(cut -d, -f1 "$dir/events.csv" | tail -n +2 | sort -u | wc -l)
base=$(elapsed "$t")

t=$(now)
"$bin" audit "$dir/events.csv" --as-of "$as_of" --format json --results none >/dev/null
audit=$(elapsed "$t")

t=$(now)
"$bin" audit "$dir/events.csv" --as-of "$as_of" --format json --results all >/dev/null
audit_all=$(elapsed "$t")

printf '%s cases (%s distinct ids), events.csv %s\n' "$cases" "$ids" "$size"
printf '%-40s %8.2f s\n' "generate" "$gen"
printf '%-40s %8.2f s   ratio 1.0\n' "baseline: cut | sort -u | wc -l" "$base"
printf '%-40s %8.2f s   ratio %.1f\n' "audit --format json --results none" "$audit" "$(echo "$audit / $base" | bc -l)"
printf '%-40s %8.2f s   ratio %.1f\n' "audit --format json --results all" "$audit_all" "$(echo "$audit_all / $base" | bc -l)"
