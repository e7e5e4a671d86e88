#!/usr/bin/env python3
"""The edges of reading an export (generator/ingest*.c), end to end: what each bad root,
file, record or waiver gives (the invalid-file or invalid-record finding with its file
and line, the message on stderr, the kept and rejected counts, the exit status), what is
not an error (parser warnings, optional attributes), and the split reader's head and
split-point scans on big files, which must read them as one piece does (-j 1 and -j 2
give the same findings, messages and status).

usage: ingest_edges.py BINARY
"""
import json, os, re, shutil, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("ingest_edges")
check = _tap.check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BIN = os.path.abspath(sys.argv[1])
tmp = _tap.tmpdir()
DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
VROOT = '<vouchers-export version="1" exported="2021-06-15T06:00:00Z">\n'
PROOT = '<partners-export version="1" exported="2021-06-15T06:00:00Z">\n'
CUSTOMER = '  <customer id="C1" region="EMEA"><name>c</name></customer>\n'


def voucher(vid, days="5", inner='<created date="2021-01-05"/>'):
    return ('  <voucher id="%s" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" '
            'days="%s">%s</voucher>\n' % (vid, days, inner))


def write(name, text, mode="w"):
    p = os.path.join(tmp, name)
    with open(p, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(text)
    return p


def run(files, jobs=1, split_min=None, args=(), env=None):
    e = dict(os.environ, **(env or {}))
    e.pop("PSREPORT_SPLIT_MIN", None)
    e.pop("PSREPORT_TIMES", None)
    if split_min is not None:
        e["PSREPORT_SPLIT_MIN"] = str(split_min)
        e["PSREPORT_TIMES"] = "1"
    out = _tap.tmpdir()
    r = subprocess.run([BIN, "--no-progress", "-j", str(jobs), "--as-of", "2021-06-15",
                        "--format", "json", "-o", out, *args, *files],
                       capture_output=True, text=True, timeout=300, env=e)
    lines = r.stderr.splitlines()
    res = {"rc": r.returncode, "parts": [l for l in lines if "read in" in l],
           "err": "\n".join(l for l in lines if not l.startswith("psreport: time:"))}
    p = os.path.join(out, "findings.json")
    res["json"] = json.load(open(p, encoding="utf-8")) if os.path.exists(p) else None
    ins = res["json"]["inputs"] if res["json"] else []
    res["rejected"] = sum(i["records"] and i["rejected"] for i in ins) if ins else None
    res["kept"] = sum(i["records"] - i["rejected"] for i in ins) if ins else None
    return res


def findings(res, rule=None, path=None):
    fs = res["json"]["findings"] if res["json"] else []
    return [f for f in fs if (rule is None or f["rule"] == rule) and (path is None or f["file"] == path)]


def said(res, path, line, words):
    """stderr holds 'PATH:LINE: error: ...WORDS...'."""
    return any(l.startswith("%s:%d: error: " % (path, line)) and words in l for l in res["err"].splitlines())


# ---- the root element ----------------------------------------------------------------
# each: a file whose root start tag is at line 2, a valid customer at line 3: the file is
# invalid (one invalid-file finding at line 2, the message on stderr), nothing is kept
ROOTS = [
    ("no version attribute", '<vouchers-export exported="2021-06-15T06:00:00Z">',
     "the root element <vouchers-export> has no version attribute"),
    ("no exported attribute", '<vouchers-export version="1">',
     "the root element <vouchers-export> has no exported attribute"),
    ("an exported that is no timestamp", '<vouchers-export version="1" exported="15/06/2021">',
     "exported='15/06/2021' is not an ISO 8601 timestamp"),
    ("an unknown attribute", '<vouchers-export version="1" exported="2021-06-15T06:00:00Z" colour="red">',
     "unknown attribute 'colour' on <vouchers-export>"),
    ("a version attribute in a namespace", '<vouchers-export xmlns:x="urn:x" x:version="1" '
     'version="1" exported="2021-06-15T06:00:00Z">', "unknown attribute 'version' on <vouchers-export>"),
]
for i, (what, tag, words) in enumerate(ROOTS):
    p = write("root%d.xml" % i, DECL + tag + "\n" + CUSTOMER + "</vouchers-export>\n")
    r = run([p])
    inv = findings(r, "invalid-file", p)
    check(r["rc"] == 3 and len(inv) == 1 and inv[0]["line"] == 2 and said(r, p, 2, words)
          and r["kept"] == 0 and len(findings(r)) == 1,
          "root with %s: one invalid-file at line 2, nothing kept, exit 3" % what,
          (r["rc"], inv, r["err"][-300:], r["kept"]))

# ---- files that are not XML, or stop early ---------------------------------------------
blank = write("blank.xml", "\n  \n\t\n")
r = run([blank])
inv = findings(r, "invalid-file", blank)
check(r["rc"] == 3 and len(inv) == 1 and inv[0]["line"] == 4 and said(r, blank, 4, "not a readable XML document"),
      "a file of blanks only: not a readable XML document, at its end (line 4), exit 3",
      (r["rc"], inv, r["err"]))

# a wrong root and a well-formedness error in the parser's first chunk: the root is
# looked at after the error, and the file is said once, for its root
wrong = write("wrong-cut.xml", DECL + "<wrong-root>\n  <a>\n</wrong-root>\n")
r = run([wrong])
inv = findings(r, "invalid-file", wrong)
check(r["rc"] == 3 and len(inv) == 1 and inv[0]["line"] == 2
      and said(r, wrong, 2, "unknown root element <wrong-root>") and "not well-formed" not in r["err"],
      "a wrong root cut by an error before the reader shows it: one finding, for the root",
      (r["rc"], inv, r["err"]))

# a programme definition with a well-formedness error before the reader shows its root:
# not an export, so nothing is salvaged from it; said not well-formed at the error's line
cutprog = write("cut-program.xml", DECL + '<program id="x">\n  <a>\n</program>\n')
r = run([cutprog, os.path.join(ROOT, "input", "vouchers.xml")])
check(r["rc"] != 0 and said(r, cutprog, 4, "not well-formed: Opening and ending tag mismatch")
      and "0 record(s) before it were read" in r["err"] and "unknown root" not in r["err"],
      "a programme definition cut by an error among the inputs: said not well-formed, at its line",
      (r["rc"], r["err"][-400:]))

# a dangling symlink and a symlink loop in an input directory: cannot open, exit 3
links = os.path.join(tmp, "links")
os.makedirs(links)
shutil.copy(os.path.join(ROOT, "input", "partners.xml"), os.path.join(links, "partners.xml"))
os.symlink(os.path.join(links, "nowhere.xml"), os.path.join(links, "dangling.xml"))
os.symlink("loop.xml", os.path.join(links, "loop.xml"))
r = run([links])
dang = os.path.join(links, "dangling.xml")
loop = os.path.join(links, "loop.xml")
fd, fl = findings(r, "invalid-file", dang), findings(r, "invalid-file", loop)
check(r["rc"] == 3 and len(fd) == 1 and len(fl) == 1
      and any(l.startswith(dang + ":") and "cannot open: No such file or directory" in l for l in r["err"].splitlines())
      and any(l.startswith(loop + ":") and "cannot open: Too many levels of symbolic links" in l for l in r["err"].splitlines())
      and r["kept"] and r["kept"] > 0,
      "a dangling symlink and a symlink loop: each 'cannot open' with its reason, the rest read",
      (r["rc"], fd, fl, r["err"][-500:]))

# ---- many errors in one file ------------------------------------------------------------
many = write("many.xml", DECL + VROOT + CUSTOMER + "".join(voucher("M%d" % i, days="0") for i in range(25))
             + "</vouchers-export>\n")
r = run([many])
errs = [l for l in r["err"].splitlines() if l.startswith(many + ":") and ": error: " in l]
note = [l for l in r["err"].splitlines() if l.startswith(many + ":") and "further errors of this file are in findings.json" in l]
check(r["rc"] == 3 and len(errs) == 20 and len(note) == 1 and len(findings(r, "invalid-record", many)) == 25
      and r["rejected"] == 25 and r["kept"] == 1,
      "25 bad records: 20 errors on stderr, then one note; all 25 in findings.json",
      (r["rc"], len(errs), note, r["kept"], r["rejected"]))
r = run([many], args=("-v",))
errs = [l for l in r["err"].splitlines() if l.startswith(many + ":") and ": error: " in l]
check(len(errs) == 25 and "further errors" not in r["err"], "with -v all 25 are said", len(errs))

# ---- not errors ---------------------------------------------------------------------------
# libxml2 warns about XML 1.1 and a relative namespace URI; a warning rejects nothing
for what, text in (("an XML 1.1 declaration", '<?xml version="1.1"?>\n' + VROOT),
                   ("a relative namespace URI", DECL + VROOT.replace("<vouchers-export ", '<vouchers-export xmlns:x="relative" '))):
    p = write("warn-%d.xml" % len(text), text + CUSTOMER + voucher("W1") + "</vouchers-export>\n")
    r = run([p])
    check(r["kept"] == 2 and r["rejected"] == 0 and not findings(r, "invalid-file") and not findings(r, "invalid-record")
          and p not in r["err"],
          "%s: a parser warning, the records are kept, nothing said" % what, (r["kept"], r["rejected"], r["err"][-300:]))

# optional parts of a partner: a competency without level, a consultant without exams
partner = write("partner-opt.xml", DECL + PROOT + '  <partner id="P1" region="EMEA"><name>p</name>'
                '<agreement signed="2019-01-01"/><profile updated="2021-01-01"/>'
                '<competency name="Cloud Platform" earned="2020-01-01"/>'
                '<consultant id="K1"><name>k</name></consultant></partner>\n</partners-export>\n')
r = run([partner])
check(r["kept"] == 1 and r["rejected"] == 0 and not findings(r, "invalid-record"),
      "a competency without level and a consultant without exams: the partner is kept",
      (r["kept"], r["rejected"], r["err"][-300:]))

# ---- rejected records ------------------------------------------------------------------------
# each: (what, record text with '@' where its error is, stderr words); a file of the
# customer, then the record at line 4, then a valid voucher: 2 kept, 1 rejected
RECORDS = [
    # the parser raises it while the record is expanded (a 1 KB comment puts it in a later
    # chunk than the record's start tag; in the same chunk it comes before the record is
    # read and the schema rejects <y:note> instead)
    ("two elements with undefined namespace prefixes, read while the record is expanded",
     '  <voucher id="N1" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" days="5">\n'
     '    <created date="2021-01-05"/>\n    <!-- %s -->\n@    <y:note/><z:note/>\n  </voucher>\n' % ("c" * 1000),
     "invalid voucher record: Namespace prefix y on note is not defined"),
    ("two dates with a time zone (the schema allows it, psreport does not): the first is named",
     '  <voucher id="N2" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" days="5">\n'
     '@    <created date="2021-01-05Z"/>\n    <assigned date="2021-01-06+01:00"/>\n  </voucher>\n',
     "'2021-01-05Z' in <created date> is not a possible date YYYY-MM-DD"),
    ("a days value with a blank after the number (the schema collapses it, the number does not)",
     '@  <voucher id="N3" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" days="5 ">'
     '<created date="2021-01-05"/></voucher>\n',
     "bad number '5 ' in <voucher days>"),
    ("an element after the last one a voucher may hold",
     '  <voucher id="N4" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" days="5">\n'
     '    <created date="2021-01-05"/>\n    <payment-request date="2021-02-01"/>\n'
     '@    <payment-request date="2021-02-02"/>\n  </voucher>\n',
     "Element 'payment-request': This element is not expected."),
    ("days that are not a number",
     '@  <voucher id="N6" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" days="five">'
     '<created date="2021-01-05"/></voucher>\n',
     "'five' is not a valid value of the atomic type 'positive-days'"),
    ("a name longer than 1,000 characters",
     '  <customer id="N5" region="EMEA">\n@    <name>%s</name>\n  </customer>\n' % ("x" * 1001),
     "this exceeds the allowed maximum length of '1000'"),
]
for i, (what, rec, words) in enumerate(RECORDS):
    head = DECL + VROOT + CUSTOMER
    line = head.count("\n") + 1 + rec.split("@")[0].count("\n")
    p = write("record%d.xml" % i, head + rec.replace("@", "") + voucher("OK%d" % i) + "</vouchers-export>\n")
    r = run([p])
    inv = findings(r, "invalid-record", p)
    check(r["rc"] == 3 and r["kept"] == 2 and r["rejected"] == 1 and len(inv) == 1 and inv[0]["line"] == line
          and said(r, p, line, words),
          "%s: invalid-record at line %d, the rest kept" % (what, line),
          (r["rc"], r["kept"], r["rejected"], inv, r["err"][-400:]))

# a waivers file: an element that is no waiver, a waiver with an undefined prefix inside,
# a waiver without approved-by; each invalid-record at its line, naming nobody; the valid
# waiver is kept (it holds: no waiver-unused for it is not asked here)
WAIVER = ('  <waiver id="%s" rule="profile-missing" partner="P1" granted="2021-05-01" expires="2021-09-30"'
          '%s>\n    <reason>r</reason>%s\n  </waiver>\n')
wtext = (DECL + '<waivers version="1">\n'
         + '  <note/>\n'                                                   # line 3
         + WAIVER % ("WV1", ' approved-by="office"',                       # line 4, error at 6
                     "<!-- %s -->\n<y:x/>" % ("c" * 1000))                  # (see N1 above)
         + WAIVER % ("WV2", "", "")                                        # line 8
         + WAIVER % ("WV3", ' approved-by="office"', "")                   # line 11
         + "</waivers>\n")
wfile = write("waivers.xml", wtext)
r = run([wfile, os.path.join(ROOT, "input", "partners.xml")])
inv = sorted((f["line"], f["partner"], f["customer"], f["voucher"]) for f in findings(r, "invalid-record", wfile))
check([x[0] for x in inv] == [3, 6, 8] and all(x[1:] == (None, None, None) for x in inv)
      and said(r, wfile, 3, "unexpected element <note> in a waivers file")
      and said(r, wfile, 6, "invalid waiver record: Namespace prefix y on x is not defined")
      and said(r, wfile, 8, "invalid waiver record: Element 'waiver': The attribute 'approved-by' is required"),
      "waivers: not a waiver, a parser error inside one, a schema error: each at its line, naming nobody",
      (inv, r["err"][-600:]))
check(not any(f["rule"] == "waiver-unused" and "WV1" in json.dumps(f) for f in findings(r))
      and r["rc"] == 3, "the rejected waivers are not waivers (none of them is unused)", r["rc"])

# ---- a broken schema ----------------------------------------------------------------------------
dd = os.path.join(tmp, "datadir")
shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(dd, "templates"))
shutil.copytree(os.path.join(ROOT, "input", "schema"), os.path.join(dd, "input", "schema"))
shutil.copy(os.path.join(ROOT, "input", "program.xml"), os.path.join(dd, "input", "program.xml"))
xsd = os.path.join(dd, "input", "schema", "vouchers.xsd")
good_xsd = open(xsd, encoding="utf-8").read()
samples = [os.path.join(ROOT, "input", n) for n in ("partners.xml", "vouchers.xml")]
ref = run(samples)
# a schema that does not compile: exit 2, its errors with file and line, nothing written
with open(xsd, "w", encoding="utf-8") as f:
    f.write(good_xsd.replace('type="positive-days"', 'type="no-such-type"'))
r = run(samples, env={"PSREPORT_DATADIR": dd})
check(r["rc"] == 2 and r["json"] is None and re.search(re.escape(xsd) + r":\d+: error: .*no-such-type", r["err"])
      and (xsd + ": error: cannot compile the schema") in r["err"],
      "a schema naming a type it lacks: exit 2, libxml2's error with file and line, 'cannot compile'",
      (r["rc"], r["err"][-500:]))
# a schema importing one that is not there: a warning of the schema compiler, not an
# error; the run is the same as with the shipped schema
with open(xsd, "w", encoding="utf-8") as f:
    f.write(good_xsd.replace('<xs:include schemaLocation="common.xsd"/>',
                             '<xs:include schemaLocation="common.xsd"/>\n  '
                             '<xs:import namespace="urn:none" schemaLocation="none.xsd"/>'))
r = run(samples, env={"PSREPORT_DATADIR": dd})
check(r["rc"] == ref["rc"] and r["err"] == ref["err"] and r["json"]["findings"] == ref["json"]["findings"],
      "a schema importing a missing one: a warning only, the same run", (r["rc"], r["err"][-300:]))
r = run(samples, 2, 1 << 12, env={"PSREPORT_DATADIR": dd})
check(r["rc"] == ref["rc"] and r["err"] == ref["err"] and r["json"]["findings"] == ref["json"]["findings"]
      and r["parts"], "the same at -j 2, read in parts (each part's thread compiles it again)", (r["rc"], r["parts"]))

# ---- big files: the split reader's scans --------------------------------------------------------
def same(label, files, expect_split, split_min=1 << 12):
    one = run(files, 1)
    two = run(files, 2, split_min)
    diff = [k for k in ("rc", "err", "json") if one[k] != two[k]]
    check(not diff, "%s: -j 2 as -j 1" % label, diff)
    split = any(files[0] + " read in" in l for l in two["parts"])
    check(split == expect_split, "%s: %s" % (label, "read in parts" if expect_split else "read in one piece"),
          two["parts"])
    return one


body = CUSTOMER + "".join(voucher("B%d" % i, days="0" if i % 50 == 7 else "5",
                                  inner='\n    <created date="2021-01-%02d"/>\n  ' % (i % 28 + 1))
                          for i in range(1500))
END = "</vouchers-export>\n"
same("a UTF-8 byte order mark", [write("bom.xml", "\ufeff" + DECL + VROOT + body + END)], True)
same("blanks and tabs around the prolog's comment",
     [write("blanks.xml", DECL + " \t<!-- c -->\n\t " + VROOT + body + END)], True)
same("a root start tag over lines, attributes in single quotes, '>' in a namespace URI",
     [write("roottag.xml", DECL + "<vouchers-export\n\tversion='1'\r\n exported='2021-06-15T06:00:00Z' xmlns:q='urn:a>b'>\n"
            + body + END)], True)
same("records indented with tabs", [write("tabs.xml", DECL + VROOT + body.replace("  <", "\t<") + END)], True)
same("elements named like a record and longer", [write("longer.xml", DECL + VROOT + re.sub(
    r'(<voucher id="B\d*0")', r'<vouchers-extra/>\n  \1', body) + END)], True)
o = same("a root without attributes", [write("bare.xml", DECL + "<vouchers-export>\n" + body + END)], False)
check(o["rc"] == 3 and "has no version attribute" in o["err"], "a root without attributes: invalid file", o["rc"])
same("a comment of 70 KB before the root", [write("longcomment.xml", DECL + "<!-- " + "c" * 70000 + " -->\n"
                                                    + VROOT + body + END)], False)
same("a root start tag of 70 KB", [write("longroot.xml", DECL + '<vouchers-export version="1" '
                                         'exported="2021-06-15T06:00:00Z" xmlns:q="urn:' + "q" * 70000 + '">\n'
                                         + body + END)], False)
o = same("an unknown root of 300 characters", [write("longname.xml", DECL + "<" + "r" * 300 + ">\n" + body
                                                     + "</" + "r" * 300 + ">\n")], False)
check(o["rc"] == 3 and "unknown root element" in o["err"], "an unknown root of 300 characters: invalid file", o["rc"])
same("an empty root and a long comment after it",
     [write("emptyroot.xml", DECL + VROOT.replace(">\n", "/>\n") + "<!-- " + "c" * 20000 + " -->\n")], False)
same("a long comment at the end, where the split point would be",
     [write("tailcomment.xml", DECL + VROOT + body + "<!-- " + "c" * 400000 + " -->\n" + END)], False)
# a waivers file is read in one piece (its records are not indexed by ID), although
# customers in it (rejected) give split points (it was read in parts and then again in
# one piece: each waiver was then a duplicate of itself)
wbig = DECL + '<waivers version="1">\n' + "".join(
    WAIVER % ("WB%d" % i, ' approved-by="office"', "") + '  <customer id="K%d"/>\n' % i
    for i in range(1500)) + "</waivers>\n"
same("a big waivers file", [write("bigwaivers.xml", wbig), os.path.join(ROOT, "input", "partners.xml")], False)
# a part of customers only: its records are merged in file order, the same as one piece
custs = "".join('  <customer id="K%d" region="APAC"><name>k</name></customer>\n' % i for i in range(6000))
same("a later part of 6,000 customers", [write("customers.xml", DECL + VROOT + body + custs + END)], True,
     split_min=1 << 14)
# a file that goes back to one piece after other files were read: their IDs still count
# for duplicates (the model is restored, its indexes rebuilt)
first = write("first.xml", DECL + VROOT + CUSTOMER + voucher("B3") + voucher("X1") + END)
cut = write("cut.xml", DECL + VROOT + body + voucher("X1")[:40])
o = same("a cut file after another file", [first, cut], False)
check(any("duplicate voucher ID 'B3'" in l for l in o["err"].splitlines()) and o["rc"] == 3,
      "a cut file after another file: its duplicate of the first file's voucher is said", o["err"][-300:])

_tap.exit()
