#!/usr/bin/env python3
"""The write paths of the output tree, through the real binary: every output that cannot
be written (a name taken by a directory, a subdirectory taken by a file, a file size
limit, a full disk) ends the run with exit 4 and "PATH: error: ..." naming it, leaves no
temporary file and no damaged file visible, and does not stop the other outputs; the
-j workers report their failures; partner file names stay inside and unique.

usage: outputs.py BINARY
"""
import json, os, resource, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("outputs")
check = _tap.check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PROGRAM = os.path.join(ROOT, "tests", "rules", "test-program.xml")
BIN = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp()


def run(*args, limit=None, **kw):
    def fsize():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return subprocess.run([BIN, "--no-progress", *args], capture_output=True, text=True, timeout=300,
                          preexec_fn=fsize if limit else None, **kw)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def temps(top):
    """Temporary files (hidden .NAME.tmpPID) anywhere in the tree."""
    return [os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs
            if f.startswith(".") and ".tmp" in f]


def partner(pid, name, region="EMEA"):
    return ('  <partner id="%s" region="%s"><name>%s</name><agreement signed="2019-01-01"/>'
            '<profile updated="2019-01-01"/></partner>\n' % (pid, region, name))


def voucher(vid, pid):
    return ('  <voucher id="%s" customer="C1" partner="%s" offering="DDPS" engagement="DDPS-5" days="5">'
            '<created date="2021-05-10"/></voucher>\n' % (vid, pid))


# partners whose IDs are not file names: a slash, a leading dot, Greek letters, and one
# whose safe name ("A_1") another ID already takes
IDS = ["P1", "P2", "A/1", "A_1", ".hidden", "\u03a9mega 7"]
data = os.path.join(tmp, "in")
write(os.path.join(data, "partners.xml"),
      '<?xml version="1.0" encoding="UTF-8"?>\n<partners-export version="1" exported="2021-05-31T22:00:00Z">\n'
      + "".join(partner(p, "Partner %s" % p) for p in IDS) + '</partners-export>\n')
write(os.path.join(data, "vouchers.xml"),
      '<?xml version="1.0" encoding="UTF-8"?>\n<vouchers-export version="1" exported="2021-05-31T10:00:00Z">\n'
      '  <customer id="C1" region="EMEA"><name>Fabrikam</name><benefit activated="2019-01-01"/></customer>\n'
      + "".join(voucher("V%d" % i, p) for i, p in enumerate(IDS)) + '</vouchers-export>\n')
COMMON = ["-q", "--program", PROGRAM, "--as-of", "2021-05-31"]


def blocked(name, block, args, what, also=None):
    """Runs with `block` (a path in the output tree) taken by a non-empty directory, or by
    a file when it ends in '/'; expects exit 4, an error naming `name`, no temporaries,
    and `also` (outputs not blocked) written."""
    out = os.path.join(tmp, "o-" + what.replace(" ", "-"))
    shutil.rmtree(out, ignore_errors=True)
    target = os.path.join(out, block.rstrip("/"))
    if block.endswith("/"):
        write(target, "a file where a directory goes\n")
    else:
        write(os.path.join(target, "keep"), "a directory where a file goes\n")
    r = run("-o", out, *COMMON, *args, data)
    named = os.path.join(out, name) + ": error: "
    ok = r.returncode == 4 and named in r.stderr and not temps(out)
    ok = ok and all(os.path.isfile(os.path.join(out, f)) and os.path.getsize(os.path.join(out, f)) > 0
                    for f in (also or []))
    check(ok, "%s: exit 4, the error names it, no temporary left, the rest written" % what,
          (r.returncode, r.stderr[:300], temps(out)))
    return out


blocked("findings.json", "findings.json", ["--format", "json,csv"], "findings.json taken by a directory",
        also=["findings.csv"])
blocked("findings.csv", "findings.csv", ["--format", "json,csv"], "findings.csv taken by a directory",
        also=["findings.json"])
blocked("findings.xml", "findings.xml", ["--format", "xml,json"], "findings.xml taken by a directory",
        also=["findings.json"])
blocked("program.pdf", "program.pdf", ["--format", "pdf,html", "--scope", "program"],
        "program.pdf taken by a directory", also=["program.html", "index.html"])
blocked("program.html", "program.html", ["--format", "pdf,html", "--scope", "program"],
        "program.html taken by a directory", also=["program.pdf"])
blocked("index.html", "index.html", ["--format", "html", "--scope", "program"],
        "index.html taken by a directory", also=["program.html"])
blocked("partners", "partners/", ["--format", "html,json"], "partners/ taken by a file",
        also=["findings.json"])
blocked("regions", "regions/", ["--format", "html,json", "--scope", "region"], "regions/ taken by a file",
        also=["findings.json"])
# a worker process of -j 2 fails one partner's PDF: the run still fails, and the other
# partners' reports are all there
out = blocked("partners/P2.pdf", "partners/P2.pdf", ["-j", "2", "--format", "pdf", "--scope", "partner"],
              "-j 2, a worker cannot write partners/P2.pdf", also=["partners/P1.pdf", "partners/A_1.pdf"])
written = sorted(f for f in os.listdir(os.path.join(out, "partners"))
                 if os.path.isfile(os.path.join(out, "partners", f)) and f.endswith(".pdf"))
check(len(written) == len(IDS) - 1,
      "-j 2, a worker fails: every other partner's PDF is written", written)

# the output directory itself cannot be made: a file on its path
r = run("-o", os.path.join(data, "partners.xml", "out"), *COMMON, "--format", "json", data)
check(r.returncode == 4 and "cannot create the output directory" in r.stderr,
      "-o below a file: exit 4, cannot create the output directory", (r.returncode, r.stderr[:200]))

r = run("-o", os.path.join(data, "partners.xml", "a", "out"), *COMMON, "--format", "json", data)
check(r.returncode == 4 and "cannot create the output directory" in r.stderr,
      "-o two levels below a file: exit 4, cannot create the output directory", (r.returncode, r.stderr[:200]))

# the HTML templates cannot be compiled (a data directory with a broken report.xsl)
dd = os.path.join(tmp, "datadir")
os.makedirs(os.path.join(dd, "build"))
os.symlink(os.path.join(ROOT, "input"), os.path.join(dd, "input"))
if os.path.isdir(os.path.join(ROOT, "build", "fonts")):
    os.symlink(os.path.join(ROOT, "build", "fonts"), os.path.join(dd, "build", "fonts"))
shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(dd, "templates"))
write(os.path.join(dd, "templates", "report.xsl"), "<xsl:stylesheet broken")
out = os.path.join(tmp, "o-templates")
r = run("-o", out, *COMMON, "--format", "html,json", data, env=dict(os.environ, PSREPORT_DATADIR=dd))
check(r.returncode == 4 and "report.xsl" in r.stderr and os.path.isfile(os.path.join(out, "findings.json"))
      and not any(f.endswith(".html") for f in os.listdir(out)),
      "a broken HTML template: exit 4 naming it, no page written, findings.json still written",
      (r.returncode, r.stderr[:300]))

# a file size limit (EFBIG on write; psreport ignores SIGXFSZ): findings.json of the samples
# is far over 4 KB
out = os.path.join(tmp, "o-fsize")
r = run("-o", out, "-q", "--format", "json", os.path.join(ROOT, "input"), limit=4096)
check(r.returncode == 4 and os.path.join(out, "findings.json") + ": error: cannot write" in r.stderr
      and not os.path.exists(os.path.join(out, "findings.json")) and not temps(out),
      "file size limit on findings.json: exit 4, nothing half-written visible, no temporary left",
      (r.returncode, r.stderr[:300], os.listdir(out) if os.path.isdir(out) else None))

# a full disk (tmpfs) for the machine-readable outputs, where this machine lets us mount;
# every file left visible is whole (the PDF case is issue 15, item 1)
mnt = os.path.join(tmp, "full")
os.makedirs(mnt)
mounted = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt],
                                                capture_output=True).returncode == 0
if mounted:
    try:
        out = os.path.join(mnt, "out")
        r = run("-o", out, "-q", "--format", "json,csv", os.path.join(ROOT, "input"))
        visible = sorted(os.listdir(out)) if os.path.isdir(out) else []
        whole = True
        if "findings.json" in visible:
            try:
                json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
            except ValueError:
                whole = False
        check(r.returncode == 4 and ": error: cannot write" in r.stderr and whole and not temps(out),
              "full disk (64 KB tmpfs), json and csv: exit 4, every visible file whole, no temporary left",
              (r.returncode, r.stderr[:300], visible))
    finally:
        subprocess.run(["umount", mnt], capture_output=True)
    # no inode left for a temporary file: it cannot even be created
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,nr_inodes=1", "tmpfs", mnt],
                      capture_output=True).returncode == 0:
        try:
            r = run("-o", mnt, "-q", "--format", "json,xml", os.path.join(ROOT, "input"))
            check(r.returncode == 4 and "findings.json: error: cannot write" in r.stderr
                  and "findings.xml: error: cannot write" in r.stderr and not os.listdir(mnt),
                  "no inode left for the temporary files: exit 4 for each output, nothing left",
                  (r.returncode, r.stderr[:300], os.listdir(mnt)))
        finally:
            subprocess.run(["umount", mnt], capture_output=True)
else:
    print("# outputs: cannot mount a tmpfs here; the full-disk check is left out")

# partner file names: [A-Za-z0-9._-], no leading dot, unique; each page is its partner's
out = os.path.join(tmp, "o-names")
r = run("-o", out, *COMMON, "--format", "html", "--scope", "partner", data)
files = sorted(os.listdir(os.path.join(out, "partners"))) if r.returncode in (0, 3) else []
expect = sorted(["P1.html", "P2.html", "A_1.html", "A_1~2.html", "_hidden.html", "_mega_7.html"])
check(files == expect, "partner file names are safe and unique (slash, leading dot, UTF-8, a taken name)",
      (r.returncode, files, r.stderr[:200]))
if files == expect:
    def page(f):
        return open(os.path.join(out, "partners", f), encoding="utf-8").read()
    check("A/1" in page("A_1.html") and "A/1" not in page("A_1~2.html") and "Partner A_1" in page("A_1~2.html"),
          "two IDs with one safe name: each page is its own partner's")
    check("\u03a9mega 7" in page("_mega_7.html"), "a UTF-8 ID keeps its name in the page, not in the file name")

# the same tree whatever -j is, also with more workers than reports
outs = []
for j in ("1", "8"):
    o = os.path.join(tmp, "o-j" + j)
    r = run("-o", o, *COMMON, "-j", j, "--format", "pdf,html,json", data)
    outs.append((o, r.returncode))
same = outs[0][1] == outs[1][1] and subprocess.run(["diff", "-r", outs[0][0], outs[1][0]],
                                                   capture_output=True).returncode == 0
check(same, "-j 8 with fewer reports than workers writes what -j 1 writes", [rc for _, rc in outs])

# hidden files that are not psreport's temporaries stay where they are
out = os.path.join(tmp, "o-hidden")
for f in (".notes.tmp", ".config.tmpfile", ".tmp"):
    write(os.path.join(out, f), "mine\n")
r = run("-o", out, *COMMON, "--format", "json", data)
check(r.returncode in (0, 3) and all(os.path.exists(os.path.join(out, f)) for f in (".notes.tmp", ".config.tmpfile", ".tmp")),
      "hidden files not named like a temporary (.NAME.tmpPID) are kept", os.listdir(out))

shutil.rmtree(tmp, ignore_errors=True)
_tap.exit()
