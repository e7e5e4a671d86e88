#!/usr/bin/env python3
"""The monthly cycle (issue 13): the trend equals separate --as-of runs, --baseline marks
findings new / unchanged and lists the resolved ones, and bad baselines are usage errors.

usage: monthly.py BINARY
"""
import json, os, re, shutil, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("monthly")
check = _tap.check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
INPUT = os.path.join(ROOT, "input")
BIN = sys.argv[1]
tmp = _tap.tmpdir()


def run(*args):
    return subprocess.run([BIN, "-q", "--no-progress", *args], capture_output=True, text=True,
                          timeout=300)


def findings(out, *args, inputs=(INPUT,)):
    r = run("--format", "json", "-o", out, *args, *inputs)
    check(r.returncode in (0, 1, 3), "run %s" % " ".join(args), (r.returncode, r.stderr[:300]))
    with open(os.path.join(out, "findings.json"), encoding="utf-8") as f:
        return json.load(f)


def summary_point(d):
    """What a run says of itself, in the trend's terms."""
    open_v = [v for v in d["vouchers"] if v["deadline"] is not None]
    return {"date": d["as_of"], "open_vouchers": len(open_v),
            "open_days": sum(v["days"] for v in open_v),
            "errors": d["summary"]["errors"], "warnings": d["summary"]["warnings"]}


# ---- the trend: 13 points, each what a separate --as-of run gives ------------------------
now = findings(os.path.join(tmp, "now"))
trend = now.get("trend") or []
check(len(trend) == 13, "13 trend points", len(trend))
dates = [p["date"] for p in trend]
check(dates == sorted(dates) and dates[-1] == now["as_of"], "oldest first, as-of last", dates)
check(all(re.fullmatch(r"\d{4}-\d\d-(28|29|30|31)", x) for x in dates[:-1]),
      "12 month-ends before as-of", dates)
for k, p in enumerate(trend):
    past = findings(os.path.join(tmp, "t%d" % k), "--as-of", p["date"])
    check(summary_point(past) == p, "trend point %s equals a run --as-of %s" % (p["date"], p["date"]),
          (p, summary_point(past)))

# ---- --baseline ---------------------------------------------------------------------------
base_now = os.path.join(tmp, "now", "findings.json")
same = findings(os.path.join(tmp, "same"), "--baseline", base_now)
check(all(f["change"] == "unchanged" for f in same["findings"]) and same["resolved"] == [],
      "the run as its own baseline: everything unchanged, nothing resolved")
check(same["baseline"]["as_of"] == now["as_of"] and same["baseline"]["inputs"] == now["inputs"],
      "baseline: its as-of and inputs")
check(all(f["change"] is None for f in now["findings"]) and "resolved" not in now,
      "without --baseline: change null, no resolved")

# a fixed voucher: PS-2021-000910 gets its payment request, and its finding is resolved
fixed = os.path.join(tmp, "fixed")
shutil.copytree(INPUT, fixed)
path = os.path.join(fixed, "vouchers.xml")
with open(path, encoding="utf-8") as f:
    text = f.read()
anchor = '<redeemed date="2021-03-01"/>\n  </voucher>'
i = text.index('<voucher id="PS-2021-000910"')
j = text.index(anchor, i)
text = text[:j] + '<redeemed date="2021-03-01"/>\n    <payment-request date="2021-03-10"/>\n  </voucher>' + \
    text[j + len(anchor):]
with open(path, "w", encoding="utf-8") as f:
    f.write(text)
before = [f for f in now["findings"] if f["voucher"] == "PS-2021-000910"]
after = findings(os.path.join(tmp, "after"), "--baseline", base_now, inputs=(fixed,))
resolved = [f for f in after["resolved"] if f["voucher"] == "PS-2021-000910"]
check(before and len(resolved) == len(before) and all(f["change"] == "resolved" for f in resolved),
      "a fixed voucher's findings are listed as resolved", (before, after["resolved"]))
check(not any(f["voucher"] == "PS-2021-000910" for f in after["findings"]) and
      all(f["change"] == "unchanged" for f in after["findings"]),
      "the other findings are unchanged")

# a past month as baseline: new findings since then
april = findings(os.path.join(tmp, "april"), "--as-of", "2021-04-30")
may = findings(os.path.join(tmp, "may"), "--baseline", os.path.join(tmp, "april", "findings.json"))
keys = lambda f: (f["rule"], f["partner"], f["customer"], f["voucher"],
                  f["date"] if f["voucher"] is None else None)
old = {keys(f) for f in april["findings"]}
check(all(f["change"] == ("unchanged" if keys(f) in old else "new") for f in may["findings"]),
      "each finding is new exactly when its key is absent from the baseline")
check(sorted(map(keys, may["resolved"])) == sorted(k for k in old if k not in set(map(keys, may["findings"]))),
      "resolved = the baseline's keys absent now")


# ---- isolation: a partner's report shows its own waivers and resolved findings only ------
iso = os.path.join(tmp, "iso")
r = run("--format", "pdf,html,json", "-o", iso, "--baseline", base_now, fixed)
check(r.returncode == 3, "pages with a baseline and waivers written", (r.returncode, r.stderr[:300]))
with open(os.path.join(iso, "findings.json"), encoding="utf-8") as f:
    d = json.load(f)
waiver_owner = {}  # waiver id -> the partner whose report may show it (None: no partner's)
for f in d["findings"]:
    if f["waiver"]:
        waiver_owner[f["waiver"]["id"]] = f["partner"] if f["voucher"] or f["rule"] == "profile-missing" else None
    if f["rule"] == "waiver-expired":
        wid = re.search(r"W-\d{4}-\d{3}", f["message"]).group(0)
        waiver_owner.setdefault(wid, f["partner"])
    if f["rule"] == "waiver-unused":
        waiver_owner[re.search(r"W-\d{4}-\d{3}", f["message"]).group(0)] = None
resolved_vouchers = {f["voucher"]: f["partner"] for f in d["resolved"] if f["voucher"]}
check(len(waiver_owner) >= 4 and resolved_vouchers, "the samples have waivers and resolved findings",
      (waiver_owner, resolved_vouchers))


def page_text(path):
    if path.endswith(".pdf"):
        return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    with open(path, encoding="utf-8") as f:
        return f.read()


leaks, shown = [], set()
pdir = os.path.join(iso, "partners")
for name in sorted(os.listdir(pdir)):
    pid = name.rsplit(".", 1)[0]
    text = page_text(os.path.join(pdir, name))
    for wid, owner in waiver_owner.items():
        if wid in text:
            shown.add((wid, pid))
            if owner != pid:
                leaks.append((name, wid))
    for v, owner in resolved_vouchers.items():
        if re.search(r"Resolved since.*" + re.escape(v), text, re.S) and owner != pid:
            leaks.append((name, v))
check(not leaks, "isolation: no partner page shows another partner's waiver or resolved finding", leaks[:5])
check(("W-2021-001", "4412345") in shown and ("W-2021-004", "5510001") in shown,
      "a partner page shows its own waived finding and expired waiver", sorted(shown))
for ext in ("pdf", "html"):
    t = page_text(os.path.join(pdir, "5510003." + ext))
    i = t.find("Resolved since")
    check(i >= 0 and "PS-2021-000910" in t[i:], "the fixed voucher is in its partner's Resolved section (%s)" % ext)
    t = page_text(os.path.join(iso, "program." + ext))
    check("W-2021-005" in t and "W-2021-003" in t, "the programme page shows the unused and the customer waiver (%s)" % ext)


# findings.csv carries the same waiver and change as findings.json
import csv  # noqa: E402
r = run("--format", "csv,json", "-o", os.path.join(tmp, "csv"), "--baseline", base_now, INPUT)
with open(os.path.join(tmp, "csv", "findings.csv"), encoding="utf-8-sig", newline="") as f:
    rows = list(csv.DictReader(f))
with open(os.path.join(tmp, "csv", "findings.json"), encoding="utf-8") as f:
    d = json.load(f)
check(len(rows) == len(d["findings"]) and any(r["waiver"] for r in rows) and all(
    (r["waiver"] or None) == (x["waiver"] and x["waiver"]["id"]) and
    (r["waiver_reason"] or None) == (x["waiver"] and x["waiver"]["reason"]) and
    (r["waiver_expires"] or None) == (x["waiver"] and x["waiver"]["expires"]) and
    r["change"] == x["change"] for r, x in zip(rows, d["findings"])),
    "findings.csv: waiver and change columns as in findings.json")


def usage(args, what, needle):
    out = os.path.join(tmp, "u")
    r = run("-o", out, *args, INPUT)
    check(r.returncode == 2 and needle in r.stderr and not os.path.exists(out),
          "usage error, exit 2, nothing written: " + what, (r.returncode, r.stderr[:300]))


usage(["--baseline", base_now, "--as-of", "2021-04-30"], "a later-dated baseline", base_now)
notjson = os.path.join(tmp, "notjson.json")
with open(notjson, "w") as f:
    f.write("{\"tool\": ")
usage(["--baseline", notjson], "a baseline that is not JSON", notjson)
other = os.path.join(tmp, "other.json")
with open(other, "w") as f:
    json.dump({"some": "json"}, f)
usage(["--baseline", other], "JSON that is not a findings.json", "not a findings.json")
prog = dict(now, program="another-programme")
with open(other, "w") as f:
    json.dump(prog, f)
usage(["--baseline", other], "a baseline of another programme", "another-programme")
usage(["--baseline", os.path.join(tmp, "missing.json")], "a missing baseline", "missing.json")

_tap.exit()
