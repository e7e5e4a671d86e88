#!/usr/bin/env python3
"""findings.csv (render_csv.c) with the texts a spreadsheet would take for a formula or
would cut at a comma or quote: waiver reasons and approvers starting with = + - @, holding
quotes, commas and line breaks. Each field reads back as it was given, with a leading
apostrophe before a formula character (except a negative number, which stays a number);
and the change column says new / unchanged against a baseline.

usage: csvfields.py BINARY
"""
import csv, io, os, re, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("csv")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BIN = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp()
data = os.path.join(tmp, "in")
shutil.copytree(os.path.join(ROOT, "input"), data)
w = open(os.path.join(data, "waivers.xml"), encoding="utf-8").read()
REASON1 = '=HYPERLINK("http://example.com/x","open me"), then more'
APPROVER1 = "-5 days, said the office"
REASON2 = 'Profile migration:\nline two, "quoted"'
APPROVER2 = "@SUM(A1:A9)"
w = re.sub(r"(W-2021-001.*?approved-by=\")[^\"]*(\">\s*<reason>)[^<]*",
           lambda m: m.group(1) + APPROVER1 + m.group(2) + REASON1.replace("&", "&amp;").replace('"', "&quot;"),
           w, count=1, flags=re.S)
w = re.sub(r"(W-2021-002.*?approved-by=\")[^\"]*(\">\s*<reason>)[^<]*",
           lambda m: m.group(1) + APPROVER2 + m.group(2) + REASON2.replace('"', "&quot;"),
           w, count=1, flags=re.S)
open(os.path.join(data, "waivers.xml"), "w", encoding="utf-8").write(w)


def run(out, *args):
    return subprocess.run([BIN, "-q", "--no-progress", "--format", "csv,json", "-o", out, *args, data],
                          capture_output=True, timeout=300)


def rows(out):
    with open(os.path.join(out, "findings.csv"), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


r = run(os.path.join(tmp, "may"), "--as-of", "2021-05-31")
r = run(os.path.join(tmp, "june"), "--as-of", "2021-06-15")
check(r.returncode == 3, "the edited samples run (exit 3, their rejected records)", r.stderr[:300])
june = rows(os.path.join(tmp, "june"))
by = {}
for row in june:
    by.setdefault(row["waiver"], row)
w1, w2 = by.get("W-2021-001"), by.get("W-2021-002")
check(w1 is not None and w2 is not None, "the findings waived by W-2021-001 and W-2021-002 are rows")
if w1 and w2:
    check(w1["waiver_reason"] == "'" + REASON1,
          "a reason starting with '=' (a formula, with quotes and a comma): one field, apostrophe first",
          w1["waiver_reason"])
    check(w1["waiver_approved_by"] == APPROVER1,
          "'-5 days, ...' starts with a negative number: kept as it is (quoted for its comma)",
          w1["waiver_approved_by"])
    check(w2["waiver_reason"] == REASON2,
          "a reason with a line break and quotes: one field", repr(w2["waiver_reason"]))
    check(w2["waiver_approved_by"] == "'" + APPROVER2, "an approver starting with '@': apostrophe first",
          w2["waiver_approved_by"])
raw = open(os.path.join(tmp, "june", "findings.csv"), encoding="utf-8-sig", newline="").read()
check('"\'=HYPERLINK(""http://example.com/x"",""open me""), then more"' in raw,
      "quotes inside a field are doubled (RFC 4180)")
check(all(row["change"] == "" for row in june), "without --baseline the change column is empty")

r = run(os.path.join(tmp, "june2"), "--as-of", "2021-06-15", "--baseline",
        os.path.join(tmp, "may", "findings.json"))
june2 = rows(os.path.join(tmp, "june2"))
changes = {row["change"] for row in june2}
check(r.returncode == 3 and changes == {"new", "unchanged"},
      "with --baseline every row is new or unchanged", sorted(changes))
shutil.rmtree(tmp)
_tap.exit()
