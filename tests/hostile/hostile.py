#!/usr/bin/env python3
"""Hostile input files, end to end: each gives a clear error with file and line, the
records before the problem are kept, nothing is loaded from outside, nothing crashes,
and nothing is written outside the output directory.

usage: hostile.py BINARY
"""
import json, os, re, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("hostile")
check = _tap.check

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")

# file -> (line of the invalid-file finding or None, records kept, partners kept, what)
CASES = {
    "xxe-file.xml": (2, 0, 0, "external entity to a local file: DOCTYPE refused"),
    "xxe-net.xml": (2, 0, 0, "external entity to the network: DOCTYPE refused"),
    "billion-laughs.xml": (None, 0, 0, "billion laughs: DOCTYPE refused"),
    "doctype.xml": (2, 0, 0, "any DOCTYPE is refused"),
    "truncated.xml": (None, 2, 2, "truncated file keeps the records before the cut"),
    "wrong-root.xml": (2, 0, 0, "unknown root element"),
    "wrong-version.xml": (2, 0, 0, "unsupported version"),
    "invalid-utf8.xml": (4, 1, 1, "invalid UTF-8 is an error, the record before it is kept"),
    "binary-junk.xml": (1, 0, 0, "binary junk"),
    "empty.xml": (None, 0, 0, "empty file"),
    "nul-byte.xml": (3, 0, 0, "NUL byte"),
    "namespace.xml": (2, 0, 0, "root in a namespace"),
    "deep-nesting.xml": (3, 0, 0, "10,000-deep nesting stops at libxml2's depth limit"),
}



def run(binary, paths, extra=()):
    tmp = tempfile.mkdtemp()
    out = os.path.join(tmp, "out")
    proc = subprocess.run([binary, "--as-of", "2021-05-31", "--format", "json,csv", "-o", out,
                           *extra, *paths], capture_output=True, timeout=120)
    return tmp, out, proc

def main():
    binary = sys.argv[1]
    for name, (line, records, partners, what) in CASES.items():
        path = os.path.join(FILES, name)
        tmp, out, proc = run(binary, [path])
        err = proc.stderr.decode("utf-8", "replace")
        check(proc.returncode == 3, "%s: exit 3 (%s)" % (name, what),
              "exit %d: %s" % (proc.returncode, err[-400:]))
        try:
            data = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
        except (OSError, ValueError) as e:
            check(False, "%s: findings.json readable" % name, e)
            continue
        inv = [f for f in data["findings"] if f["rule"] == "invalid-file"]
        check(len(inv) == 1 and inv[0]["file"] == path, "%s: one invalid-file finding naming the file" % name,
              inv)
        if line is not None and inv:
            check(inv[0]["line"] == line, "%s: reported at line %d" % (name, line), inv[0]["line"])
        elif inv and name != "empty.xml":
            check(isinstance(inv[0]["line"], int) and inv[0]["line"] > 0, "%s: has a line" % name, inv[0])
        check(re.search(re.escape(path) + r"(:\d+)?: error: ", err) is not None,
              "%s: diagnostic in FILE:LINE: error: form" % name, err[:300])
        rec = [i for i in data["inputs"] if i["path"] == path]
        check(rec and rec[0]["records"] == records and rec[0]["rejected"] == 0,
              "%s: %d record(s) read and kept" % (name, records), rec)
        check(data["summary"]["partners"] == partners, "%s: %d partner(s) kept" % (name, partners),
              data["summary"])
        blob = b""
        for root, _, files in os.walk(tmp):
            for f in files:
                blob += open(os.path.join(root, f), "rb").read()
        check(b"root:x:0:0" not in blob and b"lollollol" not in blob,
              "%s: no entity content in any output" % name)
        written = sorted(os.listdir(out))
        check(written == ["findings.csv", "findings.json"] and os.listdir(tmp) == ["out"],
              "%s: only the asked outputs, inside the output directory" % name, written)

    # all hostile files in one run, with a good file: the good records are all kept
    good = os.path.join(HERE, "..", "..", "input")
    if os.path.isdir(good):
        paths = [os.path.join(FILES, n) for n in sorted(CASES)]
        tmp, out, proc = run(binary, paths)
        check(proc.returncode == 3, "all hostile files in one run: exit 3", proc.returncode)
        data = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
        n_inv = sum(1 for f in data["findings"] if f["rule"] == "invalid-file")
        check(n_inv == len(CASES), "all hostile files in one run: one invalid-file each", n_inv)
    # generated on the fly: a 100 MB text node and a 100 MB attribute (libxml2's 10 MB limit
    # without XML_PARSE_HUGE stops the file), huge numbers and dates (rejected records)
    tmp = tempfile.mkdtemp()
    big = os.path.join(tmp, "huge-text.xml")
    with open(big, "w") as f:
        f.write('<?xml version="1.0"?>\n<partners-export version="1" exported="2021-05-31T22:00:00Z">\n')
        f.write('  <partner id="H0" region="EMEA"><name>Before</name><profile updated="2019-01-01"/></partner>\n')
        f.write('  <partner id="H1" region="EMEA"><name>')
        chunk = "x" * (1 << 20)
        for _ in range(100):
            f.write(chunk)
        f.write('</name></partner>\n</partners-export>\n')
    battr = os.path.join(tmp, "huge-attr.xml")
    with open(battr, "w") as f:
        f.write('<?xml version="1.0"?>\n<partners-export version="1" exported="2021-05-31T22:00:00Z">\n')
        f.write('  <partner id="H0" region="EMEA"><name>Before</name><profile updated="2019-01-01"/></partner>\n')
        f.write('  <partner region="EMEA" id="')
        for _ in range(100):
            f.write(chunk)
        f.write('"><name>x</name></partner>\n</partners-export>\n')
    for path, what in ((big, "a 100 MB text node"), (battr, "a 100 MB attribute")):
        out = os.path.join(tmp, "o-" + os.path.basename(path))
        proc = subprocess.run([binary, "--as-of", "2021-05-31", "--format", "json", "-o", out, path],
                              capture_output=True, timeout=300)
        d = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
        inv = [f for f in d["findings"] if f["rule"] == "invalid-file"]
        check(proc.returncode == 3 and len(inv) == 1 and d["summary"]["partners"] == 1,
              "%s: the file stops there with an error, the record before it is kept" % what,
              (proc.returncode, inv[:1], d["summary"]))
        os.unlink(path)
    nums = os.path.join(tmp, "huge-numbers.xml")
    open(nums, "w").write(
        '<?xml version="1.0"?>\n<vouchers-export version="1" exported="2021-05-31T22:00:00Z">\n'
        '  <customer id="N1" region="EMEA"><name>n</name><accrual date="2019-01-01" days="99999999999999999999999"/></customer>\n'
        '  <voucher id="N2" customer="N1" offering="DDPS" engagement="DDPS-WINOFF" days="18446744073709551617"><created date="2021-01-01"/></voucher>\n'
        '  <voucher id="N3" customer="N1" offering="DDPS" engagement="DDPS-WINOFF" days="5"><created date="99999-01-01"/></voucher>\n'
        '  <voucher id="N4" customer="N1" offering="DDPS" engagement="DDPS-WINOFF" days="5"><created date="-2021-01-01"/></voucher>\n'
        '  <voucher id="N5" customer="N1" offering="DDPS" engagement="DDPS-WINOFF" days="5"><created date="0001-01-01"/><expires date="9999-12-31"/></voucher>\n'
        '  <voucher id="N6" customer="N1" offering="DDPS" engagement="DDPS-WINOFF" days="-5"><created date="2021-01-01"/></voucher>\n'
        '</vouchers-export>\n')
    out = os.path.join(tmp, "o-nums")
    proc = subprocess.run([binary, "--as-of", "2021-05-31", "--format", "json,csv,pdf,html", "-o", out, nums],
                          capture_output=True, timeout=120)
    d = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
    rej = sorted(f["customer"] if not f["voucher"] else f["voucher"] for f in d["findings"] if f["rule"] == "invalid-record")
    check(proc.returncode == 3 and rej == ["N1", "N2", "N3", "N4", "N6"],
          "huge numbers and impossible years are rejected records; the extreme valid dates are read",
          (proc.returncode, rej))
    v5 = [v for v in d["vouchers"] if v["id"] == "N5"]
    check(v5 and v5[0]["expires"] == "9999-12-31" and v5[0]["deadline"] == "2022-01-01",
          "a voucher valid until 9999-12-31 gets the redeem-last-day deadline", v5)
    shutil.rmtree(tmp, ignore_errors=True)

    # --strict: nothing written
    tmp, out, proc = run(binary, [os.path.join(FILES, "truncated.xml")], ["--strict"])
    check(proc.returncode == 3 and not os.path.exists(os.path.join(out, "findings.json")),
          "--strict with a truncated file: exit 3 and nothing written", proc.returncode)
    _tap.exit()

main()
