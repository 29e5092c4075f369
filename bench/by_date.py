#!/usr/bin/env python3
"""The long CSV that `caseaudit generate` writes (grouped by case), its rows sorted by date
instead, as a case system that writes events as they happen does: for bench/run.sh's row
of an export not grouped by case. Sorted in buckets of a month written to temporary files
(each sorted in memory, stable), so memory stays small at a million cases.

    bench/by_date.py events.csv events-by-date.csv
"""
import csv
import os
import sys
import tempfile


def main(src, dst):
    with open(src, newline="", encoding="utf-8") as f, tempfile.TemporaryDirectory() as tmp:
        rows = csv.reader(f)
        header = next(rows)
        date = header.index("date")
        buckets = {}
        for row in rows:
            month = row[date][:7]
            if month not in buckets:
                buckets[month] = open(os.path.join(tmp, month or "none"), "w", newline="", encoding="utf-8")
            csv.writer(buckets[month], lineterminator="\n").writerow(row)
        for b in buckets.values():
            b.close()
        with open(dst, "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out, lineterminator="\n")
            w.writerow(header)
            for month in sorted(buckets):
                with open(os.path.join(tmp, month or "none"), newline="", encoding="utf-8") as b:
                    w.writerows(sorted(csv.reader(b), key=lambda r: r[date]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
