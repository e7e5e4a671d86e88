#!/usr/bin/env python3
"""The command line of cli.md: options, usage errors, exit codes, diagnostics.

usage: cli.py BINARY
"""
import csv, io, json, os, re, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("cli")
check = _tap.check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PROGRAM = os.path.join(ROOT, "tests", "rules", "test-program.xml")


def run(*args, **kw):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120, **kw)

def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

BIN = os.path.abspath(sys.argv[1])
tmp = _tap.tmpdir()
partners = os.path.join(tmp, "partners.xml")
write(partners, '<?xml version="1.0"?>\n<partners-export version="1" exported="2021-05-31T22:00:00Z">\n'
      '  <partner id="P1" region="EMEA"><name>Contoso</name><agreement signed="2019-01-01"/>'
      '<profile updated="2019-01-01"/></partner>\n</partners-export>\n')
vouchers = os.path.join(tmp, "vouchers.xml")
write(vouchers, '<?xml version="1.0"?>\n<vouchers-export version="1" exported="2021-04-30T10:00:00Z">\n'
      '  <customer id="C1" region="EMEA"><name>Fabrikam</name><benefit activated="2019-01-01"/></customer>\n'
      '  <voucher id="V1" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" days="5">'
      '<created date="2021-05-10"/></voucher>\n'
      '  <voucher id="V2" customer="C1" offering="DDPS" engagement="DDPS-5" days="9">'
      '<created date="2021-01-10"/></voucher>\n</vouchers-export>\n')

r = run("--help")
check(r.returncode == 0 and "--as-of" in r.stdout and "--fail-on" in r.stdout and "Exit status" in r.stdout,
      "--help lists the options and exit codes", r.returncode)
for opt in ("--output", "--as-of", "--program", "--format", "--scope", "--partner", "--region", "--lang",
            "--fail-on", "--strict", "--jobs", "--quiet", "--verbose", "--progress", "--no-progress",
            "--help", "--version"):
    check(opt in r.stdout, "--help mentions " + opt)
r = run("--version")
check(r.returncode == 0 and r.stdout.strip() == "psreport 0.1.0", "--version", r.stdout)

def usage(args, what):
    out = os.path.join(tmp, "u")
    r = run("-o", out, "--program", PROGRAM, *args)
    check(r.returncode == 2 and "error" in r.stderr and not os.path.exists(out),
          "usage error, exit 2, nothing written: " + what, (r.returncode, r.stderr[:200]))

usage([], "no input")
usage(["--bogus", partners], "unknown option")
usage(["--as-of", "2021-02-30", partners], "impossible --as-of date")
usage(["--as-of", "yesterday", partners], "--as-of not a date")
usage(["--format", "pdf,docx", partners], "unknown format")
usage(["--scope", "world", partners], "unknown scope")
usage(["--region", "MARS", partners], "unknown region")
usage(["--lang", "fr", partners], "unsupported language")
usage(["--fail-on", "sometimes", partners], "bad --fail-on")
usage(["-j", "0", partners], "-j 0")
usage([os.path.join(tmp, "missing.xml")], "missing input file")
empty = os.path.join(tmp, "emptydir"); os.mkdir(empty)
usage([empty], "a directory without *.xml")
usage(["--partner", "NOPE", partners, vouchers], "--partner not in the inputs")
usage(["--program", os.path.join(tmp, "missing-program.xml"), partners], "missing program definition")
for bad in ("2/1", "0/3", "1/0", "1/2x", "x"):
    usage(["--shard", bad, partners], "--shard " + bad)
for bad in ("257", "2x", "-1"):
    usage(["-j", bad, partners], "-j " + bad)
usage(["--format", ",", partners], "--format with no format in it")
usage(["--scope", ",", partners], "--scope with no scope in it")
usage([partners, "--as-of"], "an option without its value")
for bad in ("", "12a", "1234567890123"):
    out = os.path.join(tmp, "u")
    r = run("-o", out, "--program", PROGRAM, partners, env=dict(os.environ, SOURCE_DATE_EPOCH=bad))
    check(r.returncode == 2 and "SOURCE_DATE_EPOCH" in r.stderr and not os.path.exists(out),
          "usage error, exit 2, nothing written: SOURCE_DATE_EPOCH=%r" % bad, (r.returncode, r.stderr[:200]))
# two program definitions among the inputs
progs = os.path.join(tmp, "progs"); os.mkdir(progs)
for n in ("a.xml", "b.xml"):
    write(os.path.join(progs, n), open(PROGRAM, encoding="utf-8").read())
r = run("-o", os.path.join(tmp, "u"), progs, partners)
check(r.returncode == 2 and "a second program definition" in r.stderr, "two program definitions among the inputs: exit 2",
      (r.returncode, r.stderr[:200]))
# no export gives an 'exported' date (every input invalid) and no --as-of
os.mkdir(os.path.join(tmp, "junk"))
junk = os.path.join(tmp, "junk", "junk.xml"); write(junk, "not xml\n")
r = run("-o", os.path.join(tmp, "u"), "--program", PROGRAM, junk)
check(r.returncode == 2 and "use --as-of" in r.stderr, "no readable export and no --as-of: exit 2, says --as-of",
      (r.returncode, r.stderr[:200]))
r = run("-o", os.path.join(tmp, "strict"), "--program", PROGRAM, "--strict", "--format", "json", partners, junk)
check(r.returncode == 3 and not os.path.exists(os.path.join(tmp, "strict", "findings.json")),
      "--strict with an invalid file: exit 3, nothing written", (r.returncode, r.stderr[:200]))
r = run("-q", "-o", os.path.join(tmp, "reg"), "--program", PROGRAM, "--region", "EMEA", "--format", "html",
        partners, vouchers)
check(r.returncode == 0 and sorted(os.listdir(os.path.join(tmp, "reg"))) == ["index.html", "regions"] and
      os.listdir(os.path.join(tmp, "reg", "regions")) == ["EMEA.html"],
      "--region alone: only that region's page (and the index)", sorted(os.listdir(os.path.join(tmp, "reg"))))

out = os.path.join(tmp, "o1")
r = run("-o", out, "--program", PROGRAM, "--format", "json,csv", partners, vouchers)
d = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
check(r.returncode == 0, "clean run exits 0 (warnings and errors do not fail without --fail-on)", r.returncode)
check(d["as_of"] == "2021-05-31", "default as-of = latest exported date of the inputs", d["as_of"])
check(d["program"] == "test-program", "program id from the program definition", d["program"])
check([v["id"] for v in d["vouchers"]] == ["V1", "V2"], "vouchers listed in ID order")
r = run("-o", out, "--program", PROGRAM, "--format", "json", "--fail-on", "error", partners, vouchers)
check(r.returncode == 1, "--fail-on error with errors: exit 1", r.returncode)
r = run("-o", out, "--program", PROGRAM, "--format", "json", "--fail-on", "warning", partners, vouchers)
check(r.returncode == 1, "--fail-on warning with errors: exit 1", r.returncode)
r = run("-o", out, "--program", PROGRAM, "--format", "json", "--fail-on", "never", partners, vouchers)
check(r.returncode == 0, "--fail-on never: exit 0", r.returncode)
r = run("-o", out, "--program", PROGRAM, "--format", "json", "--as-of", "2021-05-01", partners, vouchers)
d = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
check(d["as_of"] == "2021-05-01" and [v["id"] for v in d["vouchers"]] == ["V2"],
      "--as-of replays: a voucher created after it does not exist", [v["id"] for v in d["vouchers"]])
r = run("-o", out, "--program", PROGRAM, "--format", "json", tmp)
check(r.returncode == 0 and len(json.load(open(os.path.join(out, "findings.json")))["inputs"]) == 2,
      "a directory argument reads its *.xml", r.stderr[:200])

# CSV: RFC 4180, same rows as the JSON findings
import csv, io
out2 = os.path.join(tmp, "o2")
run("-o", out2, "--program", PROGRAM, "--format", "json,csv", partners, vouchers)
raw = open(os.path.join(out2, "findings.csv"), "rb").read()
check(raw.startswith(b"\xef\xbb\xbf"), "findings.csv starts with a UTF-8 BOM")
check(b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n"), "findings.csv lines end with CRLF")
rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
d = json.load(open(os.path.join(out2, "findings.json"), encoding="utf-8"))
check(rows[0][:9] == ["rule", "severity", "partner", "customer", "voucher", "date", "file", "line", "message"],
      "findings.csv header", rows[0])
check(len(rows) - 1 == len(d["findings"]), "findings.csv has one row per finding", (len(rows), len(d["findings"])))
check(all(r[0] == f["rule"] and r[8] == f["message"] for r, f in zip(rows[1:], d["findings"])),
      "findings.csv rows match findings.json")

# diagnostics in FILE:LINE: error: form, exit 3 with a rejected record
bad = os.path.join(tmp, "bad", "vouchers.xml"); os.mkdir(os.path.dirname(bad))
write(bad, '<?xml version="1.0"?>\n<vouchers-export version="1" exported="2021-05-31T00:00:00Z">\n'
      '  <customer id="C9" region="EMEA"><name>X</name></customer>\n'
      '  <voucher id="V9" customer="C9" offering="DDPS" engagement="DDPS-5" days="5" colour="red">'
      '<created date="2021-01-01"/></voucher>\n</vouchers-export>\n')
r = run("-o", os.path.join(tmp, "o3"), "--program", PROGRAM, "--format", "json", bad)
check(r.returncode == 3 and (bad + ":4: error: ") in r.stderr, "invalid record: exit 3, FILE:LINE: error:",
      (r.returncode, r.stderr[:300]))
r = run("-q", "-o", os.path.join(tmp, "o4"), "--program", PROGRAM, "--format", "json", bad)
check(r.stderr == "", "-q: nothing on stderr", r.stderr[:200])

# output failure: exit 4
ro = os.path.join(tmp, "readonly"); os.mkdir(ro); os.chmod(ro, 0o500)
if os.geteuid() != 0:
    r = run("-o", os.path.join(ro, "out"), "--program", PROGRAM, "--format", "json", partners)
    check(r.returncode == 4, "unwritable output directory: exit 4", r.returncode)
blocker = os.path.join(tmp, "afile"); write(blocker, "x")
r = run("-o", blocker, "--program", PROGRAM, "--format", "json", partners)
check(r.returncode == 4 and "error" in r.stderr, "output path is a file: exit 4", (r.returncode, r.stderr[:200]))
# more usage errors: a shard count over the limit, an unknown format before a good one
usage(["--shard", "1/100001", partners], "--shard 1/100001 (more than 100,000 shards)")
usage(["--format", "bogus,json", partners], "--format bogus,json (the unknown one first)")

# --strict with clean inputs writes as usual; --fail-on warning with warnings only
r = run("-q", "-o", os.path.join(tmp, "s2"), "--program", PROGRAM, "--strict", "--format", "json", partners)
check(r.returncode == 0 and os.path.exists(os.path.join(tmp, "s2", "findings.json")),
      "--strict with no rejected record or invalid file: exit 0, written", (r.returncode, r.stderr[:200]))
clean = os.path.join(tmp, "clean.xml")
write(clean, '<?xml version="1.0"?>\n<partners-export version="1" exported="2021-05-31T22:00:00Z">\n'
      '  <partner id="P1" region="EMEA"><name>Contoso</name><agreement signed="2019-01-01"/>'
      '</partner>\n</partners-export>\n')  # no profile: profile-missing, a warning
r = run("-q", "-o", os.path.join(tmp, "fw"), "--program", PROGRAM, "--format", "json", clean)
s = json.load(open(os.path.join(tmp, "fw", "findings.json"), encoding="utf-8"))["summary"]
r1 = run("-q", "-o", os.path.join(tmp, "fw"), "--program", PROGRAM, "--format", "json", "--fail-on", "error", clean)
r2 = run("-q", "-o", os.path.join(tmp, "fw"), "--program", PROGRAM, "--format", "json", "--fail-on", "warning", clean)
check(r.returncode == 0 and s["errors"] == 0 and s["warnings"] > 0 and r1.returncode == 0 and r2.returncode == 1,
      "warnings only: --fail-on error exits 0, --fail-on warning exits 1", (s, r1.returncode, r2.returncode))

# the data directory: an empty PSREPORT_DATADIR is no setting; an installed layout
# (PREFIX/bin/psreport beside PREFIX/share/psreport) is found from the binary's place
r = run("-q", "-o", os.path.join(tmp, "dd"), "--program", PROGRAM, "--format", "json", partners,
        env=dict(os.environ, PSREPORT_DATADIR=""))
check(r.returncode == 0 and os.path.exists(os.path.join(tmp, "dd", "findings.json")),
      "PSREPORT_DATADIR='' is ignored: the source tree's data", (r.returncode, r.stderr[:200]))
import shutil
inst = os.path.join(tmp, "inst")
os.makedirs(os.path.join(inst, "bin"))
shutil.copy(BIN, os.path.join(inst, "bin", "psreport"))
for sub in ("input/schema", "templates"):
    shutil.copytree(os.path.join(ROOT, sub), os.path.join(inst, "share", "psreport", sub))
shutil.copy(os.path.join(ROOT, "input", "program.xml"), os.path.join(inst, "share", "psreport", "input"))
env = {k: v for k, v in os.environ.items() if k != "PSREPORT_DATADIR"}
r = subprocess.run([os.path.join(inst, "bin", "psreport"), "-q", "-o", os.path.join(tmp, "ins"), "--format", "json",
                    "--lang", "it", partners], capture_output=True, text=True, timeout=120, env=env)
check(r.returncode == 0 and json.load(open(os.path.join(tmp, "ins", "findings.json")))["program"] != "test-program",
      "an installed binary finds PREFIX/share/psreport (its shipped programme)", (r.returncode, r.stderr[:200]))

# what a directory argument reads: not a hidden *.xml, not a directory (or a symlink to
# one) called *.xml; a dangling symlink *.xml is an input that cannot be read
odd = os.path.join(tmp, "odd"); os.mkdir(odd)
shutil.copy(partners, odd); shutil.copy(vouchers, odd)
write(os.path.join(odd, ".hidden.xml"), "not xml\n")
os.mkdir(os.path.join(odd, "sub.xml"))
os.symlink(os.path.join(odd, "sub.xml"), os.path.join(odd, "linkdir.xml"))
os.symlink(os.path.join(tmp, "nowhere.xml"), os.path.join(odd, "gone.xml"))
r = run("-o", os.path.join(tmp, "oddout"), "--program", PROGRAM, "--format", "json,xml", odd)
d = json.load(open(os.path.join(tmp, "oddout", "findings.json"), encoding="utf-8"))
paths = [os.path.basename(i["path"]) for i in d["inputs"]]
check(r.returncode == 3 and paths == ["gone.xml", "partners.xml", "vouchers.xml"] and
      ".hidden.xml" not in r.stderr and "sub.xml" not in r.stderr and "linkdir.xml" not in r.stderr,
      "a directory: its *.xml files and a dangling symlink, never a hidden file or a directory called *.xml",
      (r.returncode, paths, r.stderr[:300]))
check(os.path.join(odd, "gone.xml") + ": error: cannot open: No such file or directory" in r.stderr and
      [f["rule"] for f in d["findings"] if f["file"] and f["file"].endswith("gone.xml")] == ["invalid-file"],
      "a dangling symlink: 'cannot open', an invalid-file finding, exit 3", r.stderr[:300])
model = open(os.path.join(tmp, "oddout", "findings.xml"), encoding="utf-8").read()
details = model[model.index("<details"):]
check(re.search(r'<input file="gone.xml" kind="unknown"/>', details) and
      re.search(r'<input file="partners.xml" kind="partners" exported="[^"]+" sha256="[0-9a-f]{64}"/>', details),
      "the report details: the file never read without a SHA-256, the others with theirs",
      re.findall(r"<input [^>]*>", details))

# inputs on two file systems (/dev/shm is a tmpfs): both read; a symlink there to a file
# here is that file, read once
if os.path.isdir("/dev/shm") and os.stat("/dev/shm").st_dev != os.stat(tmp).st_dev:
    shm = tempfile.mkdtemp(dir="/dev/shm")
    try:
        shutil.copy(vouchers, os.path.join(shm, "vouchers.xml"))
        os.symlink(partners, os.path.join(shm, "partners-link.xml"))
        r = run("-o", os.path.join(tmp, "shm"), "--program", PROGRAM, "--format", "json", partners,
                os.path.join(shm, "vouchers.xml"), os.path.join(shm, "partners-link.xml"))
        d = json.load(open(os.path.join(tmp, "shm", "findings.json"), encoding="utf-8"))
        check(r.returncode == 0 and [(i["kind"], i["records"]) for i in d["inputs"]] == [("partners", 1), ("vouchers", 3)] and
              "partners-link.xml: note: the same file as %s, read once" % partners in r.stderr,
              "inputs on two file systems: both read; a symlink on one to a file on the other is read once",
              (r.returncode, d["inputs"], r.stderr[:300]))
    finally:
        shutil.rmtree(shm)

# psreport's own output named twice, and its directory as an input: a note for each, none read
own = os.path.join(tmp, "own"); os.mkdir(own)
shutil.copy(partners, own); shutil.copy(vouchers, own)
r = run("-q", "-o", own, "--program", PROGRAM, "--format", "json,xml", own)
mine = os.path.join(own, "findings.xml")
r = run("-o", own, "--program", PROGRAM, "--format", "json,xml", own, mine, mine)
d = json.load(open(os.path.join(own, "findings.json"), encoding="utf-8"))
check(r.returncode == 0 and r.stderr.count(mine + ": note: not read: psreport wrote it") == 3 and
      "the same file as" not in r.stderr and len(d["inputs"]) == 2,
      "an output file named twice besides its directory: 'psreport wrote it' each time, never read",
      (r.returncode, r.stderr[:400]))

# --program wins over a program definition among the inputs
other = os.path.join(tmp, "other-program.xml")
write(other, open(PROGRAM, encoding="utf-8").read().replace('id="test-program"', 'id="other-program"'))
withprog = os.path.join(tmp, "withprog"); os.mkdir(withprog)
shutil.copy(partners, withprog); shutil.copy(vouchers, withprog); shutil.copy(PROGRAM, os.path.join(withprog, "program.xml"))
r = run("-q", "-o", os.path.join(tmp, "wp"), "--program", other, "--format", "json", withprog)
d = json.load(open(os.path.join(tmp, "wp", "findings.json"), encoding="utf-8"))
check(r.returncode == 0 and d["program"] == "other-program" and
      [i["kind"] for i in d["inputs"]] == ["partners", "program", "vouchers"],
      "--program wins over a program.xml among the inputs (read, not used)", (r.returncode, d["program"], r.stderr[:200]))

# the default as-of is the latest 'exported' whichever file gives it; --fail-on warning
# on inputs with neither errors nor warnings exits 0; a file named without a directory
calm = os.path.join(tmp, "calm"); os.mkdir(calm)
write(os.path.join(calm, "a-partners.xml"), '<?xml version="1.0"?>\n<partners-export version="1" exported="2021-04-30T22:00:00Z">\n'
      '  <partner id="P1" region="EMEA"><name>Contoso</name><agreement signed="2019-01-01"/>'
      '<profile updated="2021-01-01"/></partner>\n</partners-export>\n')
write(os.path.join(calm, "b-vouchers.xml"), '<?xml version="1.0"?>\n<vouchers-export version="1" exported="2021-05-31T10:00:00Z">\n'
      '  <customer id="C1" region="EMEA"><name>Fabrikam</name><benefit activated="2019-01-01"/></customer>\n'
      '</vouchers-export>\n')
r = run("-q", "-o", "out", "--program", PROGRAM, "--format", "json,xml", "--fail-on", "warning",
        "a-partners.xml", "b-vouchers.xml", cwd=calm)
d = json.load(open(os.path.join(calm, "out", "findings.json"), encoding="utf-8"))
check(r.returncode == 0 and d["as_of"] == "2021-05-31" and d["summary"]["errors"] == 0 and
      d["summary"]["warnings"] == 0,
      "as-of: the later 'exported' of the second file; --fail-on warning with nothing found: exit 0",
      (r.returncode, d["as_of"], d["summary"]))
check('<input file="a-partners.xml" kind="partners"' in open(os.path.join(calm, "out", "findings.xml"), encoding="utf-8").read(),
      "an input named without a directory: the report names it as given")

# findings.json escapes what a file name can hold: a quote, a backslash, a tab
weird = os.path.join(tmp, "weird"); os.mkdir(weird)
name = 'we"ird\\name\t.xml'
shutil.copy(partners, os.path.join(weird, name))
r = run("-q", "-o", os.path.join(tmp, "wo"), "--program", PROGRAM, "--format", "json", os.path.join(weird, name))
raw = open(os.path.join(tmp, "wo", "findings.json"), encoding="utf-8").read()
check(r.returncode == 0 and '/we\\"ird\\\\name\\t.xml"' in raw and
      json.loads(raw)["inputs"][0]["path"] == os.path.join(weird, name),
      "a file name with a quote, a backslash and a tab: escaped in findings.json, read back the same",
      (r.returncode, raw[raw.find('"inputs"'):][:200]))

# findings.csv: IDs starting with '-' get the apostrophe unless a number follows
dash = os.path.join(tmp, "dash.xml")
write(dash, '<?xml version="1.0"?>\n<vouchers-export version="1" exported="2021-05-31T10:00:00Z">\n'
      '  <customer id="-" region="EMEA"><name>Dash</name><benefit activated="2019-01-01"/></customer>\n'
      '  <voucher id="-A" customer="-" offering="DDPS" engagement="DDPS-5" days="9"><created date="2021-01-10"/></voucher>\n'
      '  <voucher id="-7" customer="-" offering="DDPS" engagement="DDPS-5" days="9"><created date="2021-01-10"/></voucher>\n'
      '</vouchers-export>\n')
r = run("-q", "-o", os.path.join(tmp, "dash"), "--program", PROGRAM, "--format", "csv", partners, dash)
rows = list(csv.reader(io.StringIO(open(os.path.join(tmp, "dash", "findings.csv"), encoding="utf-8-sig").read(), newline="")))
ids = sorted((row[3], row[4]) for row in rows[1:] if row[0] == "days-exceed-engagement")
check(r.returncode == 0 and ids == [("'-", "'-A"), ("'-", "-7")],
      "findings.csv: '-' alone and '-A' get an apostrophe, '-7' (a number) does not", (r.returncode, ids))

# a baseline whose inputs list is longer than findings.json's 64 KB write buffer: kept whole
first = os.path.join(tmp, "bl1")
run("-q", "-o", first, "--program", PROGRAM, "--format", "json", partners, vouchers)
base = json.load(open(os.path.join(first, "findings.json"), encoding="utf-8"))
base["inputs"] = [{"path": "in/part-%05d.xml" % i, "kind": "vouchers", "records": i, "rejected": 0} for i in range(2000)]
with open(os.path.join(first, "big.json"), "w", encoding="utf-8") as f:
    json.dump(base, f)
r = run("-q", "-o", os.path.join(tmp, "bl2"), "--program", PROGRAM, "--format", "json", "--baseline",
        os.path.join(first, "big.json"), partners, vouchers)
d = json.load(open(os.path.join(tmp, "bl2", "findings.json"), encoding="utf-8"))
check(r.returncode == 0 and len(json.dumps(base["inputs"])) > 65536 and d["baseline"]["inputs"] == base["inputs"],
      "a baseline's inputs list of over 64 KB: written whole into findings.json", (r.returncode, r.stderr[:200]))

# a binary with no data beside it (neither ../input nor ../share/psreport) looks in the
# data directory it was built with (PSREPORT_DATADIR, /usr/local/share/psreport here)
bare = os.path.join(tmp, "bare", "bin"); os.makedirs(bare)
shutil.copy(BIN, os.path.join(bare, "psreport"))
if not os.path.exists("/usr/local/share/psreport"):
    r = subprocess.run([os.path.join(bare, "psreport"), "-o", os.path.join(tmp, "bo"), "--format", "json", partners],
                       capture_output=True, text=True, timeout=120, env=env)
    check(r.returncode == 2 and "/usr/local/share/psreport/input/schema/" in r.stderr and bare not in r.stderr and
          not os.path.exists(os.path.join(tmp, "bo")),
          "a binary with no data beside it: the built-in data directory, named in the error (exit 2)",
          (r.returncode, r.stderr[:300]))

# PSREPORT_FONTS names the directory of the main font: one without it fails the PDFs
r = run("-q", "-o", os.path.join(tmp, "nf"), "--program", PROGRAM, "--format", "pdf,json", "--scope", "program",
        partners, env=dict(os.environ, PSREPORT_FONTS=os.path.join(tmp, "nofonts")))
check(r.returncode == 4 and "cannot read the font %s/DejaVuSans.ttf" % os.path.join(tmp, "nofonts") in r.stderr and
      not os.path.exists(os.path.join(tmp, "nf", "program.pdf")) and os.path.exists(os.path.join(tmp, "nf", "findings.json")),
      "PSREPORT_FONTS without the font: exit 4, says which file, no PDF", (r.returncode, r.stderr[:200]))
_tap.exit()
