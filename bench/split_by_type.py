#!/usr/bin/env python3
"""The long CSV that `caseaudit generate` writes, split into N files by event type (each
type in one file, the types dealt out in the order first met), as case systems export
notifications, decisions and meetings apart: a case's events span the files. Each file has
the header and keeps the rows' order. For bench/run.sh's row of several files.

    bench/split_by_type.py events.csv DIR 10      (writes DIR/events-01.csv … DIR/events-10.csv)
"""
import csv
import os
import sys


def main(src, dst, n):
    os.makedirs(dst, exist_ok=True)
    files = [open(os.path.join(dst, f"events-{i + 1:02}.csv"), "w", newline="", encoding="utf-8") for i in range(n)]
    writers = [csv.writer(f, lineterminator="\n") for f in files]
    with open(src, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        kind = header.index("type")
        for w in writers:
            w.writerow(header)
        where = {}
        for row in rows:
            i = where.setdefault(row[kind], len(where) % n)
            writers[i].writerow(row)
    for f in files:
        f.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
