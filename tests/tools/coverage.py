#!/usr/bin/env python3
"""The coverage table of make coverage: lines and branches per file of generator/, from
gcovr's --json-summary, least-covered branches first, and the total."""
import json
import sys


def pct(covered, total):
    return "%5.1f %%" % (100.0 * covered / total) if total else "    - "


def main():
    data = json.load(open(sys.argv[1]))
    files = sorted(data["files"], key=lambda f: (f["branch_percent"] if f["branch_total"] else 101.0))
    print("%-28s %8s %13s %8s %13s" % ("file", "lines", "", "branches", ""))
    for f in files:
        print("%-28s %8s %13s %8s %13s" % (
            f["filename"], pct(f["line_covered"], f["line_total"]),
            "%d/%d" % (f["line_covered"], f["line_total"]),
            pct(f["branch_covered"], f["branch_total"]),
            "%d/%d" % (f["branch_covered"], f["branch_total"])))
    print("%-28s %8s %13s %8s %13s" % (
        "TOTAL", pct(data["line_covered"], data["line_total"]),
        "%d/%d" % (data["line_covered"], data["line_total"]),
        pct(data["branch_covered"], data["branch_total"]),
        "%d/%d" % (data["branch_covered"], data["branch_total"])))


if __name__ == "__main__":
    main()
