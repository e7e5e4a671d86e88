#!/usr/bin/env python3
"""End to end on the sample exports of input/ (the real binary, real XML).

1. Every record that input/*.xml marks with a comment "<!-- RULE: ... -->" gets a
   finding of that RULE, in the run at the default as-of or in a replay.
2. Every record of every file is accounted for: records = kept + rejected.
3. findings.json equals the reviewed copy in tests/e2e/expected/ (one per as-of);
   PSREPORT_UPDATE_EXPECTED=1 rewrites the copies (review the diff before committing).
4. findings.xml (--format xml) is valid against input/schema/report.xsd.

usage: samples.py BINARY
"""
import json, os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("samples")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
EXPECTED = os.path.join(ROOT, "tests", "e2e", "expected")
AS_OFS = [None, "2021-07-05", "2022-03-01"]


def run(binary, as_of, fmt="json"):
    out = _tap.tmpdir()
    args = [binary, "-q", "--format", fmt, "-o", out] + (["--as-of", as_of] if as_of else []) + ["input/"]
    r = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return r, out

def marked_records():
    """(rule, subject id) for every record preceded by a rule comment."""
    marks = []
    for name in sorted(os.listdir(os.path.join(ROOT, "input"))):
        if not name.endswith(".xml") or name == "program.xml":
            continue
        text = open(os.path.join(ROOT, "input", name), encoding="utf-8").read()
        pending, current = [], None  # a comment inside a record is about it, else the next
        for m in re.finditer(r"<!-- ([a-z-]+): [^>]*-->|<(partner|customer|voucher) id=\"([^\"]+)\"|"
                             r"</(partner|customer|voucher)>", text):
            if m.group(1):
                if current:
                    marks.append((m.group(1), current))
                else:
                    pending.append(m.group(1))
            elif m.group(3):
                current = m.group(3)
                marks += [(rule, current) for rule in pending]
                pending = []
            else:
                current = None
    return marks

def main():
    binary = sys.argv[1]
    runs = {}
    for as_of in AS_OFS:
        r, out = run(binary, as_of)
        check(r.returncode == 3, "as-of %s: exit 3 (the samples hold rejected records)" % as_of, r.returncode)
        runs[as_of] = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
    marks = marked_records()
    check(len(marks) >= 30, "the samples mark at least 30 deliberate records", len(marks))
    for rule, subject in marks:
        hit = [a for a, d in runs.items() if any(f["rule"] == rule and subject in (f["voucher"], f["customer"], f["partner"])
                                                  for f in d["findings"])]
        check(bool(hit), "%s fires for %s" % (rule, subject), "in no run")
    fired = set(f["rule"] for d in runs.values() for f in d["findings"])
    rules_md = ["cloud-engagement-retired", "training-conversion-retired", "accrual-after-end",
                "voucher-created-after-cutoff", "voucher-assigned-after-cutoff", "days-not-removed",
                "days-removal-pending", "redeemed-after-last-day", "payment-request-late", "payment-window-missed",
                "reserved-after-expiry", "delivered-after-expiry", "redeemed-after-expiry", "events-out-of-order",
                "missing-step", "days-exceed-engagement", "created-before-activation", "deadline-approaching",
                "voucher-expired", "voucher-forfeited", "agreement-missing", "not-enrolled", "competency-missing",
                "consultant-not-qualified", "profile-missing", "unknown-partner", "unknown-customer",
                "unknown-engagement", "duplicate-id", "invalid-record", "waiver-expired", "waiver-unused"]
    check(not set(rules_md) - fired, "every rule but invalid-file fires on the samples", set(rules_md) - fired)
    # nothing lost: records = kept + rejected, the kept ones are all in the model
    d = runs["2022-03-01"]
    records = sum(i["records"] for i in d["inputs"])
    rejected = sum(i["rejected"] for i in d["inputs"])
    # waivers are records too (kept ones are not in the summary)
    waivers = sum(i["records"] - i["rejected"] for i in d["inputs"] if i["kind"] == "waivers")
    kept = d["summary"]["partners"] + d["summary"]["customers"] + d["summary"]["vouchers"] + waivers
    check(records == kept + rejected, "every record is kept or rejected (%d = %d + %d)" % (records, kept, rejected))
    rej = sum(1 for f in d["findings"] if f["rule"] in ("duplicate-id", "invalid-record"))
    check(rej == rejected, "every rejected record has its finding with file and line",
          (rej, rejected))
    check(all(f["file"] and f["line"] for f in d["findings"] if f["rule"] in ("duplicate-id", "invalid-record")),
          "rejections carry file and line")
    # statuses and deadline kinds all appear across the runs
    statuses = set(v["status"] for d in runs.values() for v in d["vouchers"])
    check(statuses >= {"assigned", "reserved", "delivered", "redeemed", "payment-requested", "payment-missed",
                       "expired", "forfeited"}, "the samples show every status but created", statuses)
    kinds = set(v["deadline_kind"] for d in runs.values() for v in d["vouchers"])
    check(kinds >= {"voucher-expiry", "redeem-last-day", "payment-request", None}, "every deadline kind", kinds)
    # the reviewed expected outputs
    for as_of, d in runs.items():
        name = os.path.join(EXPECTED, "samples-%s.json" % (as_of or "default"))
        if os.environ.get("PSREPORT_UPDATE_EXPECTED"):
            json.dump(d, open(name, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
        try:
            want = json.load(open(name, encoding="utf-8"))
        except OSError as e:
            check(False, "expected output %s" % name, e)
            continue
        same = want == d
        why = ""
        if not same:
            for k in ("summary", "inputs", "vouchers", "findings"):
                if want.get(k) != d.get(k):
                    a, b = want.get(k), d.get(k)
                    if isinstance(a, list) and isinstance(b, list):
                        diff = [(x, y) for x, y in zip(a, b) if x != y][:2]
                        why = "%s differ: %d vs %d, first %s" % (k, len(a), len(b), diff)
                    else:
                        why = "%s differ: %s vs %s" % (k, a, b)
                    break
        check(same, "findings.json as of %s equals the reviewed copy" % (as_of or "default"), why)
    # findings.xml against its schema
    r, out = run(binary, None, "xml")
    x = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(ROOT, "input/schema/report.xsd"),
                        os.path.join(out, "findings.xml")], capture_output=True, text=True)
    check(x.returncode == 0, "findings.xml is valid against report.xsd", x.stderr[-300:])
    _tap.exit()

main()
