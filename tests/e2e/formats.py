#!/usr/bin/env python3
"""The formats of render.c's table, through the real binary on the samples.

1. findings.ndjson: every line is one JSON object, the findings of findings.json in the
   same order with the same fields (names, order of names, values).
2. --help and usage errors list every format of the table.
3. --progress draws the writing bar (-j 1 and -j 2); --no-progress and a non-terminal
   stderr draw none.
4. The one write path: with a file size limit smaller than its file, every format fails
   with exit 4 and an error naming the file, the earlier good file stays as it was, and
   no temporary file is left ("cannot write: File too large" for the findings files).

usage: formats.py BINARY
"""
import json, os, re, resource, shutil, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("formats")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BIN = sys.argv[1]
tmp = tempfile.mkdtemp()


def run(*args, limit=None):
    pre = (lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))) if limit else None
    return subprocess.run([BIN, *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          preexec_fn=pre)

def load_ndjson(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    check(text == "" or (text.endswith("\n") and lines[-1] == ""), "findings.ndjson ends every line with a newline")
    objs, bad = [], []
    for i, line in enumerate(lines[:-1] if text else []):
        try:
            objs.append(json.loads(line, object_pairs_hook=lambda kv: kv))
        except ValueError as e:
            bad.append((i + 1, str(e)))
    check(not bad, "every line of findings.ndjson parses as JSON", bad[:2])
    return objs

# 1. findings.ndjson against findings.json
for as_of in (None, "2022-03-01"):
    out = os.path.join(tmp, "nd-%s" % as_of)
    r = run("-q", "--format", "json,ndjson", "-o", out, *(["--as-of", as_of] if as_of else []), "input/")
    check(r.returncode == 3, "json,ndjson on the samples: written (exit 3)", (r.returncode, r.stderr[-200:]))
    with open(os.path.join(out, "findings.json"), encoding="utf-8") as f:
        want = json.load(f, object_pairs_hook=lambda kv: kv)
    want = dict(want)["findings"]
    got = load_ndjson(os.path.join(out, "findings.ndjson"))
    label = "as of %s" % (as_of or "the exports' date")
    check(len(want) > 20 and len(got) == len(want), "%s: one line per finding of findings.json" % label,
          (len(got), len(want)))
    check(all(isinstance(g, list) for g in got), "%s: every line is an object" % label)
    check([g for g in got] == want, "%s: same findings, same order, same fields in the same order" % label,
          next(((i, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w), None))
    check(all([k for k, _ in g] == [k for k, _ in want[0]] for g in got),
          "%s: the fields of a finding: %s" % (label, ",".join(k for k, _ in want[0])))

out = os.path.join(tmp, "only")
r = run("-q", "--format", "ndjson", "-o", out, "input/")
check(r.returncode == 3 and sorted(os.listdir(out)) == ["findings.ndjson"],
      "--format ndjson writes findings.ndjson alone", (r.returncode, os.listdir(out) if os.path.isdir(out) else None))

out = os.path.join(tmp, "index")
r = run("-q", "--format", "html,ndjson,csv", "--scope", "program", "-o", out, "input/")
page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
links = re.findall(r'<a href="(findings\.[a-z]+)">', page)
check(r.returncode == 3 and links == ["findings.csv", "findings.ndjson"] and ">NDJSON<" in page,
      "index.html links the findings files written, in name order, findings.ndjson too", links)

# 2. --help and usage errors read the table
r = run("--help")
m = re.search(r"--format LIST\s+any of ([a-z,]+) \(default: ([a-z,]+)\)", r.stdout)
names = m.group(1).split(",") if m else []
check(m and "ndjson" in names and m.group(2) == "pdf,html,json,csv", "--help lists the formats and the default",
      m and m.groups())
check(all(re.search(r"^\s+%s\s+\S" % n, r.stdout, re.M) for n in names), "--help says what each format writes")
r = run("--format", "pdf,docx", "-o", os.path.join(tmp, "u"), "input/")
check(r.returncode == 2 and ",".join(names) in r.stderr, "an unknown format: exit 2, the error lists the formats",
      r.stderr[:200])

# 3. the writing bar
for jobs in ("1", "2"):
    r = run("-q", "--progress", "-j", jobs, "--format", "pdf", "-o", os.path.join(tmp, "p" + jobs), "input/")
    check(r.returncode == 3 and re.search(r"writing +\[[#.]+\].* reports", r.stderr),
          "--progress -j %s: the writing bar is drawn" % jobs, r.stderr[-200:])
r = run("-q", "--progress", "--no-progress", "--format", "pdf", "-o", os.path.join(tmp, "p0"), "input/")
check(r.returncode == 3 and "writing" not in r.stderr and "reading" not in r.stderr, "--no-progress: no bar", r.stderr[-200:])
r = run("-q", "--format", "pdf", "-o", os.path.join(tmp, "p00"), "input/")
check("writing" not in r.stderr, "stderr not a terminal: no bar by default", r.stderr[-200:])

# 4. a failed write is never renamed into place
good = os.path.join(tmp, "good")
r = run("-q", "--format", ",".join(names), "-o", good, "input/")
check(r.returncode == 3, "a good run of every format", r.stderr[-200:])
formats_kind = {"json": "findings", "csv": "findings", "xml": "findings", "ndjson": "findings"}
files = {"json": "findings.json", "csv": "findings.csv", "xml": "findings.xml", "ndjson": "findings.ndjson",
         "pdf": "program.pdf", "html": "program.html"}
check(sorted(files) == sorted(names), "every format of the table is tried below", names)
for fmt in names:
    name = files.get(fmt, "")
    out = os.path.join(tmp, "full-" + fmt)
    shutil.copytree(good, out)
    size = os.path.getsize(os.path.join(out, name))
    r = run("-q", "-j", "1", "--format", fmt, "--scope", "program", "-o", out, "input/", limit=4096)
    same = open(os.path.join(good, name), "rb").read() == open(os.path.join(out, name), "rb").read()
    temps = [f for d, _, fs in os.walk(out) for f in fs if f.startswith(".")]
    if formats_kind.get(fmt) == "findings":
        check("%s: error: cannot write: File too large" % name in r.stderr,
              "%s: the error says why" % name, r.stderr[-200:])
    # (the PDF may fail before its own write: the font engine's cut hits the limit first)
    check(size > 4096 and r.returncode == 4 and (name + ": error: ") in r.stderr and same and not temps,
          "%s over a 4 KB file size limit: exit 4, error on %s, the good file kept, no temporary left" % (fmt, name),
          (size, r.returncode, r.stderr[-200:], same, temps))
shutil.rmtree(tmp)
_tap.exit()
