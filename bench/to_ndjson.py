#!/usr/bin/env python3
"""The long CSV that `caseaudit generate` writes, as NDJSON (one case a line), or with
--document as one JSON document (`{"cases": [...]}`), for bench/run.sh: the same cases,
events and values, so (e) and (m) read what (b) reads. Written a case at a time.

    bench/to_ndjson.py events.csv events.ndjson
    bench/to_ndjson.py --document events.csv events.json
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


def main(src, dst, document=False):
    with open(src, newline="", encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        out.write('{"cases":[\n' if document else "")
        for i, case in enumerate(cases(csv.DictReader(f))):
            if document and i:
                out.write(",\n")
            out.write(json.dumps(case, ensure_ascii=False, separators=(",", ":")))
            out.write("" if document else "\n")
        out.write("\n]}\n" if document else "")


if __name__ == "__main__":
    if sys.argv[1] == "--document":
        main(sys.argv[2], sys.argv[3], document=True)
    else:
        main(sys.argv[1], sys.argv[2])
