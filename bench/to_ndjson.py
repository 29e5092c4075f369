#!/usr/bin/env python3
"""The long CSV that `caseaudit generate` writes, as NDJSON (one case a line), for
bench/run.sh: the same cases, events and values, so (e) reads what (b) reads.

    bench/to_ndjson.py events.csv events.ndjson
"""
import csv
import json
import sys

CASE_FIELDS = ("case_id", "area", "municipality", "team", "child_birth_date")


def cases(rows):
    case = None
    for row in rows:
        if case is None or case["case_id"] != row["case_id"]:
            if case is not None:
                yield case
            case = {k: row[k] for k in CASE_FIELDS if row[k]}
            case["events"] = []
        case["events"].append({k: v for k, v in row.items() if k not in CASE_FIELDS and v})
    if case is not None:
        yield case


def main(src, dst):
    with open(src, newline="", encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for case in cases(csv.DictReader(f)):
            out.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
