#!/usr/bin/env python3
"""What a run reads, and what it says about it (issue 15 item 8):
- the message catalogues: a missing, malformed or empty labels catalogue (or rule
  catalogue) is a usage error (exit 2, "PATH[:LINE]: error:", nothing written), never a
  report of raw label keys;
- diagnostics stay one line each: an ID, a value or a file name holding a newline or
  another control character cannot forge a "FILE:LINE: error:" line (util/diag.h:
  each byte of a control character as \\xHH);
- psreport never reads its own output back (the output directory also an input
  directory, or its findings.xml given by another path);
- a file given twice (another spelling, a symlink, a hard link) is read once.

usage: inputs.py BINARY
"""
import json, os, re, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("inputs")
check = _tap.check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PROGRAM = os.path.join(ROOT, "tests", "rules", "test-program.xml")
BIN = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp()


def run(*args, env=None, cwd=None):
    return subprocess.run([BIN, "--no-progress", *args], capture_output=True, timeout=300,
                          env=env, cwd=cwd)


def err(r):
    return r.stderr.decode("utf-8", "replace")


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
        f.write(text)


PARTNERS = ('<?xml version="1.0"?>\n<partners-export version="1" exported="2021-05-31T22:00:00Z">\n'
            '  <partner id="P1" region="EMEA"><name>Contoso</name><agreement signed="2019-01-01"/>'
            '<profile updated="2019-01-01"/></partner>\n</partners-export>\n')
VOUCHERS = ('<?xml version="1.0"?>\n<vouchers-export version="1" exported="2021-04-30T10:00:00Z">\n'
            '  <customer id="C1" region="EMEA"><name>Fabrikam</name><benefit activated="2019-01-01"/></customer>\n'
            '  <voucher id="V1" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" days="5">'
            '<created date="2021-05-10"/></voucher>\n</vouchers-export>\n')
data = os.path.join(tmp, "data")
write(os.path.join(data, "partners.xml"), PARTNERS)
write(os.path.join(data, "vouchers.xml"), VOUCHERS)
COMMON = ["--program", PROGRAM, "--as-of", "2021-05-31"]

# ---- the message catalogues ----------------------------------------------------------
# a copy of the data directory (PSREPORT_DATADIR) whose catalogues each case damages
dd = os.path.join(tmp, "datadir")
shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(dd, "templates"))
shutil.copytree(os.path.join(ROOT, "input", "schema"), os.path.join(dd, "input", "schema"))
shutil.copy(os.path.join(ROOT, "input", "program.xml"), os.path.join(dd, "input", "program.xml"))
I18N = os.path.join(dd, "templates", "i18n")
SHIPPED = {n: open(os.path.join(I18N, n), encoding="utf-8").read() for n in os.listdir(I18N)}
ENV = dict(os.environ, PSREPORT_DATADIR=dd)


def line_of(text, needle):
    return text[:text.index(needle)].count("\n") + 1


def restore():
    for n, text in SHIPPED.items():
        write(os.path.join(I18N, n), text)


en = SHIPPED["en.xml"]
cut = en[:len(en) // 2]
no_key = en.replace('<label key="as-of">', '<label>', 1)
stray = en.replace('<label key="as-of">', '<note key="as-of">', 1).replace("As of</label>", "As of</note>", 1)
# (what, file, its new text or None to remove it, --lang, expected line or None, words)
CASES = [
    ("labels catalogue missing", "en.xml", None, "en", None, "cannot read the message catalogue: No such file"),
    ("labels catalogue cut in half (not well-formed)", "en.xml", cut, "en", cut.count("\n") + 1,
     "not well-formed XML"),
    ("a label without its key", "en.xml", no_key, "en", line_of(no_key, "<label>As of"), "a <label> without its key"),
    ("an element that is not a label", "en.xml", stray, "en", line_of(stray, "<note"), "only <label"),
    ("root element not <catalogue>", "en.xml", '<?xml version="1.0"?>\n<labels/>\n', "en", 2,
     "the root element is not <catalogue>"),
    ("no label at all", "en.xml", '<?xml version="1.0"?>\n<catalogue lang="en">\n</catalogue>\n', "en", 2,
     "holds no label"),
    ("a DOCTYPE", "en.xml", en.replace("<catalogue", '<!DOCTYPE catalogue [<!ENTITY x "y">]>\n<catalogue', 1),
     "en", None, "DOCTYPE is not allowed"),
    ("Italian labels missing, --lang it", "it.xml", None, "it", None, "cannot read the message catalogue"),
    ("Italian labels not well-formed, --lang it", "it.xml", SHIPPED["it.xml"].replace("</label>", "</lable>", 1),
     "it", line_of(SHIPPED["it.xml"], "</label>"), "not well-formed XML"),
    ("rule catalogue not well-formed (now with its line)", "rules.en.xml",
     SHIPPED["rules.en.xml"].replace("<rule ", "<rule <", 1), "en",
     line_of(SHIPPED["rules.en.xml"], "<rule "), "not well-formed XML"),
    ("rule catalogue missing", "rules.en.xml", None, "en", None, "cannot read the message catalogue"),
]
for what, name, text, lang, line, words in CASES:
    restore()
    path = os.path.join(I18N, name)
    if text is None:
        os.remove(path)
    else:
        write(path, text)
    out = os.path.join(tmp, "cat-out")
    r = run("-o", out, *COMMON, "--lang", lang, "--format", "html,json", data, env=ENV)
    where = re.escape(path) + (":%d" % line if line else r"(:\d+)?") + r": error: "
    check(r.returncode == 2 and re.search(where, err(r)) and words in err(r) and not os.path.exists(out),
          "catalogue: %s: exit 2, %s%s: error: ..., nothing written" % (what, name, ":%d" % line if line else ""),
          (r.returncode, err(r)[:300]))
restore()
os.remove(os.path.join(I18N, "it.xml"))
r = run("-o", os.path.join(tmp, "cat-en"), *COMMON, "--format", "json", data, env=ENV)
check(r.returncode == 0, "catalogue: --lang en does not need the Italian labels", (r.returncode, err(r)[:300]))
restore()
r = run("-o", os.path.join(tmp, "cat-ok"), *COMMON, "--lang", "it", "--format", "html", data, env=ENV)
page = open(os.path.join(tmp, "cat-ok", "program.html"), encoding="utf-8").read() if r.returncode == 0 else ""
check(r.returncode == 0 and "Report del programma" in page and ">programme-report<" not in page,
      "catalogue: the shipped catalogues still load (Italian labels in the page)", (r.returncode, err(r)[:300]))

# ---- diagnostics: one line each ---------------------------------------------------------
DIAG = re.compile(r"^(psreport|.+?)(:\d+)?: (error|warning|note): ")


def forged(text):
    """Lines of stderr that are not diagnostics or that a forged value made."""
    return [l for l in text.split("\n") if l and l != "Try 'psreport --help'." and
            (not DIAG.match(l) or "forged" in l.split(": error: ")[0])]


ctl = os.path.join(tmp, "ctl")
evil = "P1&#10;x.xml:1: error: forged&#x9b;31m&#9;tab"
write(os.path.join(ctl, "partners.xml"),
      '<?xml version="1.0"?>\n<partners-export version="1" exported="2021-05-31T22:00:00Z">\n'
      + ('  <partner id="%s" region="EMEA"><name>C</name><agreement signed="2019-01-01"/></partner>\n' % evil) * 2
      + '  <partner id="P3" region="EMEA&#13;&#10;y.xml:2: error: forged"><name>C</name></partner>\n'
      '</partners-export>\n')
r = run("-o", os.path.join(tmp, "ctl-out"), *COMMON, "--format", "json", ctl)
e = err(r)
check(r.returncode == 3 and len(e.strip().split("\n")) == 2 and not forged(e),
      "an ID and a value with a newline: two diagnostics, two lines, none forged", e[:600])
check("duplicate partner ID 'P1\\x0ax.xml:1: error: forged\\xc2\\x9b31m\\x09tab'" in e,
      "a newline, a C1 control (U+009B) and a tab in an ID are written \\x0a, \\xc2\\x9b, \\x09", e[:600])
d = json.load(open(os.path.join(tmp, "ctl-out", "findings.json"), encoding="utf-8"))
check(any("P1\nx.xml:1" in (f["message"] or "") for f in d["findings"]),
      "findings.json keeps the ID as it is (JSON escapes it)")

# a file name with a newline and an escape sequence (whoever may write to an input directory)
names = os.path.join(tmp, "names")
bad_name = "bad\nx.xml:1: error: forged\x1b[31m.xml"
write(os.path.join(names, bad_name), "not xml at all\n")
write(os.path.join(names, "partners.xml"), PARTNERS)
r = run("-o", os.path.join(tmp, "names-out"), *COMMON, "--format", "json", names)
e = err(r)
check(r.returncode == 3 and not forged(e) and
      (os.path.join(names, "bad") + "\\x0ax.xml:1: error: forged\\x1b[31m.xml:1: error: ") in e,
      "a file name with a newline and ESC: escaped, one line", e[:400])
r = run("-o", os.path.join(tmp, "u"), "--partner", "X\nz.xml:3: error: forged", *COMMON, data)
e = err(r)
check(r.returncode == 2 and "'X\\x0az.xml:3: error: forged'" in e and not forged(e),
      "a usage error quoting an argument with a newline: escaped", e[:300])

# the program definition (--program) is an input too: an engagement ID with a newline,
# defined twice in one offering, is quoted escaped (program.c's messages go through diag)
prog_src = open(os.path.join(ROOT, "input", "program.xml"), encoding="utf-8").read()
start = prog_src.index('<engagement id="DDPS-MOBILE"')
end = prog_src.index("</engagement>", start) + len("</engagement>")
eng = prog_src[start:end].replace('id="DDPS-MOBILE"', 'id="E1&#10;p.xml:9: error: forged"')
write(os.path.join(tmp, "prog", "program.xml"), prog_src[:end] + eng + eng + prog_src[end:])
r = run("-o", os.path.join(tmp, "prog-out"), "--program", os.path.join(tmp, "prog", "program.xml"),
        "--format", "json", data)
e = err(r)
check(r.returncode == 2 and not forged(e) and
      "engagement E1\\x0ap.xml:9: error: forged defined twice in offering" in e,
      "a program definition's ID with a newline: quoted escaped, no line forged", e[:400])

# a program definition with more engagements than a voucher's 11-bit field holds
# (model.h: VOUCHER_ENG_FAR, from the 2,047th on they are looked up when read): 2,100
# engagements of its own before the real ones, so every sample voucher's engagement is
# one of those; the samples' findings, statuses and report must be the ones the shipped
# definition gives (days-exceed-engagement, cloud-engagement-retired, competency-missing
# and consultant-not-qualified read the engagement)
start = prog_src.index('<engagement id="DDPS-WINOFF"')
pad = "".join('<engagement id="PAD-%04d" name="Padding %d" days="3" cloud="false">'
              '<competency name="Windows and Devices"/><exam id="MD-100"/></engagement>\n' % (k, k) for k in range(2100))
write(os.path.join(tmp, "wide", "program.xml"), prog_src[:start] + pad + prog_src[start:])
samples = os.path.join(ROOT, "input")
wide = {}
for name, prog in (("shipped", os.path.join(ROOT, "input", "program.xml")),
                   ("wide", os.path.join(tmp, "wide", "program.xml"))):
    out = os.path.join(tmp, "wide-out-" + name)
    r = run("-o", out, "--program", prog, "--format", "json,html", "--partner", "4412345",
            os.path.join(samples, "partners.xml"), os.path.join(samples, "vouchers.xml"),
            os.path.join(samples, "vouchers_corrections.xml"), os.path.join(samples, "waivers.xml"),
            env=dict(os.environ, SOURCE_DATE_EPOCH="1623744000"))
    d = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8")) if r.returncode in (0, 1, 3) else {}
    page = os.path.join(out, "partners", "4412345.html")
    report = open(page, encoding="utf-8").read() if os.path.exists(page) else ""
    wide[name] = (r.returncode, d.get("findings"), d.get("vouchers"), report)
rules_read = {f["rule"] for f in wide["shipped"][1] or []}
check(wide["wide"][0] == wide["shipped"][0] and wide["shipped"][1] and
      wide["wide"][1] == wide["shipped"][1] and wide["wide"][2] == wide["shipped"][2] and
      {"days-exceed-engagement", "cloud-engagement-retired", "competency-missing",
       "consultant-not-qualified"} <= rules_read,
      "2,100 more engagements in the definition: the same findings and voucher statuses",
      (wide["wide"][0], wide["shipped"][0], rules_read))
names = re.findall(r'<engagement id="[^"]*" name="([^"]*)"', prog_src)
seen = {n: (wide["shipped"][3].count(n), wide["wide"][3].count(n)) for n in names}
check(seen.get("Windows and Office Deployment Planning", (0,))[0] > 0 and
      all(a == b for a, b in seen.values()) and "Padding" not in wide["wide"][3],
      "2,100 more engagements: the partner page names each voucher's engagement as before",
      seen)

# a data directory whose schema names an element with a newline: libxml2's message
# quoting it is escaped too (ingest.c's schema printer goes through diag)
sd = os.path.join(tmp, "schema-datadir")
shutil.copytree(os.path.join(ROOT, "input"), os.path.join(sd, "input"))
shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(sd, "templates"))
xsd_path = os.path.join(sd, "input", "schema", "vouchers.xsd")
xsd = open(xsd_path, encoding="utf-8").read()
at = xsd.index("<xs:element ")
write(xsd_path, xsd[:at] + '<xs:element name="bad&#10;s.xsd:1: error: forged" type="xs:string"/>\n  ' + xsd[at:])
r = run("-o", os.path.join(tmp, "dd-out"), "--format", "json", data,
        env=dict(os.environ, PSREPORT_DATADIR=sd))
e = err(r)
check(r.returncode == 2 and not forged(e) and "'bad\\x0as.xsd:1: error: forged'" in e
      and "vouchers.xsd: error: cannot compile the schema" in e,
      "a schema's name with a newline: libxml2's message escaped, then 'cannot compile'", e[:400])

# ---- never read what psreport wrote ------------------------------------------------------
both = os.path.join(tmp, "both")
for n, t in (("partners.xml", PARTNERS), ("vouchers.xml", VOUCHERS)):
    write(os.path.join(both, n), t)
r1 = run("-o", both, *COMMON, "--format", "xml,json", both)
j1 = open(os.path.join(both, "findings.json"), encoding="utf-8").read()
check(r1.returncode == 0 and os.path.isfile(os.path.join(both, "findings.xml")),
      "output directory = input directory: the first run writes findings.xml, exit 0",
      (r1.returncode, err(r1)[:300]))
r2 = run("-o", both, *COMMON, "--format", "xml,json", both)
j2 = open(os.path.join(both, "findings.json"), encoding="utf-8").read()
check(r2.returncode == 0 and j1 == j2,
      "output directory = input directory: the second run does not read findings.xml (exit 0, same findings.json)",
      (r2.returncode, err(r2)[:300]))
check(re.search(re.escape(os.path.join(both, "findings.xml")) + r": note: not read: psreport wrote it", err(r2)),
      "... and says so once, as a note", err(r2)[:300])
r = run("-q", "-o", both, *COMMON, "--format", "xml,json", both)
check(r.returncode == 0 and err(r) == "", "-q: no note", err(r)[:200])
# the same directory spelled otherwise, and findings.xml given by a symlink from elsewhere
os.symlink(os.path.join(both, "findings.xml"), os.path.join(tmp, "old-findings.xml"))
r = run("-o", both + "/./", *COMMON, "--format", "xml,json", os.path.join(tmp, "old-findings.xml"),
        os.path.join(both, "partners.xml"), os.path.join(both, "vouchers.xml"))
d = json.load(open(os.path.join(both, "findings.json"), encoding="utf-8"))
check(r.returncode == 0 and [os.path.basename(i["path"]) for i in d["inputs"]] == ["partners.xml", "vouchers.xml"],
      "findings.xml of the output directory through a symlink, -o spelled DIR/./: not read",
      (r.returncode, err(r)[:300]))
r = run("-o", both, *COMMON, "--format", "xml", os.path.join(both, "findings.xml"))
check(r.returncode == 2 and "no input left to read" in err(r),
      "only psreport's own output given: a usage error (exit 2)", (r.returncode, err(r)[:300]))
# an input directory holding the output directory: directories are not walked into
nest = os.path.join(tmp, "nest")
for n, t in (("partners.xml", PARTNERS), ("vouchers.xml", VOUCHERS)):
    write(os.path.join(nest, n), t)
codes = [run("-o", os.path.join(nest, "out.xml"), *COMMON, "--format", "xml,json", nest).returncode
         for _ in range(2)]
check(codes == [0, 0], "an output directory inside an input directory (even one named out.xml): not read",
      codes)

# ---- a file given twice is read once -------------------------------------------------------
twice = os.path.join(tmp, "twice")
write(os.path.join(twice, "partners.xml"), PARTNERS)
write(os.path.join(twice, "vouchers.xml"), VOUCHERS)
os.symlink("partners.xml", os.path.join(twice, "a-link.xml"))
os.link(os.path.join(twice, "vouchers.xml"), os.path.join(tmp, "hard.xml"))


def twice_run(what, args, n_notes, first):
    out = os.path.join(tmp, "twice-out")
    r = run("-o", out, *COMMON, "--format", "json", *args, cwd=twice)
    d = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8")) if r.returncode in (0, 1, 3) else {}
    rules = [f["rule"] for f in d.get("findings", [])]
    notes = re.findall(r"^.*: note: the same file as (.*), read once$", err(r), re.M)
    check(r.returncode == 0 and "duplicate-id" not in rules and len(d["inputs"]) == 2 and
          len(notes) == n_notes and notes[0] == first,
          "%s: read once, no duplicate-id, %d note(s)" % (what, n_notes),
          (r.returncode, rules, err(r)[:300]))


twice_run("partners.xml and ./partners.xml", ["partners.xml", "./partners.xml", "vouchers.xml"], 1, "partners.xml")
twice_run("a directory holding a symlink to its partners.xml", ["."], 1, "./a-link.xml")
twice_run("a hard link and the directory", [os.path.join(tmp, "hard.xml"), ".", "partners.xml"], 3,
          "./a-link.xml")

shutil.rmtree(tmp)
_tap.exit()
