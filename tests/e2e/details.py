#!/usr/bin/env python3
"""Reports a reader can file and read whole (issue 12, items 3 and 4), end to end on the
samples in English, in Italian and as of 2021-04-30, read from an absolute path:

- the report details: each input's SHA-256 as sha256sum gives it (also for a file read in
  parts on threads, and for a cut file), the programme definition's, the generation time
  from SOURCE_DATE_EPOCH, a report ID; two runs with the same SOURCE_DATE_EPOCH are
  byte-identical; a malformed SOURCE_DATE_EPOCH is a usage error;
- no absolute input path in any PDF or HTML report;
- nothing cut in a PDF: no "…" but in a chart's axis label, no {placeholder}, no internal
  milestone, window or rule name; no heading as the last line of a page; the page header
  holds every partner's full ID.

usage: details.py BINARY
"""
import glob, os, re, shutil, subprocess, sys, tempfile, time
import xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("details")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
INPUT = os.path.join(ROOT, "input")
EPOCH = "1623744000"  # 2021-06-15T08:00:00Z
I18N = os.path.join(ROOT, "templates", "i18n")


def sh(*args, env=None, **kw):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(list(args), capture_output=True, timeout=600, env=e, **kw)


def sha256sum(path):
    return sh("sha256sum", path).stdout.decode().split()[0]


def pages(pdf):
    """The text of each page (pdftotext -layout, split at form feeds)."""
    t = sh("pdftotext", "-layout", pdf, "-").stdout.decode("utf-8", "replace")
    return t.split("\f")[:-1] if t.endswith("\f") else t.split("\f")


def labels(lang):
    root = ET.parse(os.path.join(I18N, "%s.xml" % lang)).getroot()
    return {l.get("key"): (l.text or "") for l in root.iter("label")}


def rule_titles(lang):
    root = ET.parse(os.path.join(I18N, "rules.%s.xml" % lang)).getroot()
    return [r.get("title") for r in root.iter("rule")]


def internal_names():
    """The IDs a person never reads: milestones and windows of the programme, rules (but
    those a waiver of the samples names: a finding about that waiver quotes its data)."""
    prog = ET.parse(os.path.join(INPUT, "program.xml")).getroot()
    ids = [m.get("id") for m in prog.iter("milestone")] + [w.get("id") for w in prog.iter("window")]
    rules = ET.parse(os.path.join(I18N, "rules.en.xml")).getroot()
    quoted = {w.get("rule") for w in ET.parse(os.path.join(INPUT, "waivers.xml")).getroot().iter("waiver")}
    return sorted(set(ids + [r.get("id") for r in rules.iter("rule")]) - quoted)


def run(binary, out, *args, env=None):
    return sh(binary, "-q", "-o", out, *args, env=dict({"SOURCE_DATE_EPOCH": EPOCH}, **(env or {})))


def check_pdfs(out, lang, what):
    lab = labels(lang)
    lab_en = labels("en")
    titles = rule_titles(lang) + rule_titles("en")
    names = internal_names()
    headings = {lab.get(k, lab_en.get(k)) for k in (
        "key-figures", "next-actions", "eligibility", "charts", "regions", "partners-ranked",
        "findings", "vouchers", "inputs", "rules-appendix", "report-details", "enrollments",
        "competencies", "consultants", "vouchers-by-status")}
    pdfs = sorted(glob.glob(os.path.join(out, "**", "*.pdf"), recursive=True))
    cut, holes, internal, alone, paths = [], [], [], [], []
    for pdf in pdfs:
        name = os.path.relpath(pdf, out)
        ps = pages(pdf)
        for n, page in enumerate(ps, 1):
            lines = [l for l in page.split("\n") if l.strip()]
            for l in lines:
                for m in re.finditer(r"(\S[^…]*?)…", l):
                    # a chart's axis label is shortened to its room: a rule title's start
                    before = m.group(1).split("  ")[-1].strip()
                    if not any(t.startswith(before) for t in titles):
                        cut.append("%s p%d: %s" % (name, n, l.strip()[:90]))
                if re.search(r"\{[a-z0-9:-]+\}", l):
                    holes.append("%s p%d: %s" % (name, n, l.strip()[:90]))
                for w in names:
                    if re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(w), l):
                        internal.append("%s p%d: %s in %s" % (name, n, w, l.strip()[:80]))
            body = lines[1:-1]  # without the running header and footer
            if n < len(ps) and body and body[-1].strip() in headings:
                alone.append("%s p%d: %s" % (name, n, body[-1].strip()))
            if INPUT.replace(" ", "") in re.sub(r"\s", "", page):
                paths.append("%s p%d" % (name, n))
    check(pdfs, "%s: PDFs written (%d)" % (what, len(pdfs)))
    check(not cut, "%s: no table cell, remedy or list cut with '…' in any PDF" % what, cut[:4])
    check(not holes, "%s: no unfilled {placeholder} in any PDF" % what, holes[:4])
    check(not internal, "%s: no internal milestone, window or rule name in any PDF" % what, internal[:4])
    check(not alone, "%s: no heading is the last line of a page" % what, alone[:4])
    check(not paths, "%s: no absolute input path in any PDF" % what, paths[:4])
    htmls = glob.glob(os.path.join(out, "**", "*.html"), recursive=True)
    bad = [os.path.relpath(h, out) for h in htmls if INPUT in open(h, encoding="utf-8").read()]
    check(htmls and not bad, "%s: no absolute input path in any HTML report (%d)" % (what, len(htmls)), bad[:4])
    return pdfs


def main():
    binary = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp()
    try:
        inputs = sorted(glob.glob(os.path.join(INPUT, "*.xml")))
        hashes = {os.path.basename(p): sha256sum(p) for p in inputs}
        runs = [("en", []), ("it", ["--lang", "it"]), ("as-of 2021-04-30", ["--as-of", "2021-04-30"])]
        for what, args in runs:
            out = os.path.join(tmp, what.replace(" ", "-"))
            r = run(binary, out, *args, INPUT)
            check(r.returncode == 3, "%s: reports written from an absolute path" % what, r.stderr[-300:])
            check_pdfs(out, "it" if "it" in args else "en", what)

        out = os.path.join(tmp, "en")
        # the report details: every input's SHA-256, the programme definition's, the time
        for page in ("program.pdf", "partners/4412345.pdf", "regions/EMEA.pdf"):
            text = re.sub(r"\s", "", "".join(pages(os.path.join(out, page))))
            missing = [n for n, h in hashes.items() if h not in text]
            check(not missing, "report details of %s: each input's SHA-256 as sha256sum gives it" % page, missing)
            check("Generated2021-06-15T08:00:00Z" in text,
                  "report details of %s: the generation time is SOURCE_DATE_EPOCH's" % page)
            check(re.search(r"ReportIDPSR-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", text),
                  "report details of %s: a report ID" % page)
            check("exported2021-06-15T06:00:00Z" in text,
                  "report details of %s: the export timestamp as written" % page)
        html = open(os.path.join(out, "partners", "4412345.html"), encoding="utf-8").read()
        missing = [n for n, h in hashes.items() if h not in html]
        check(not missing, "report details of the partner HTML: each input's SHA-256", missing)
        ids = {re.search(r"PSR-[0-9A-F-]{19}", open(os.path.join(out, p), encoding="utf-8").read()).group(0)
               for p in ("program.html", "partners/4412345.html", "partners/4412346.html")}
        check(len(ids) == 3, "each report has its own ID", ids)

        # the page header holds every partner's full ID, the longest name's too
        root = ET.parse(os.path.join(INPUT, "partners.xml")).getroot()
        partners = {p.get("id"): (p.findtext("name") or "") for p in root.iter("partner")}
        longest = max(partners, key=lambda k: len(partners[k]))
        bad = []
        for pid in partners:
            pdf = os.path.join(out, "partners", "%s.pdf" % pid)
            if not os.path.exists(pdf):
                continue
            for n, page in enumerate(pages(pdf), 1):
                head = next((l for l in page.split("\n") if l.strip()), "")
                # (an Arabic or Hebrew name stands right of "(ID)", as bidi puts it)
                if "(%s)" % pid not in head:
                    bad.append("%s p%d: %s" % (pid, n, head.strip()[-60:]))
        check(not bad, "every partner PDF's page header holds the full partner ID "
              "(longest name: %s, %d characters)" % (longest, len(partners[longest])), bad[:4])

        # reproducible: the same SOURCE_DATE_EPOCH gives the same bytes; without it, the clock
        again = os.path.join(tmp, "again")
        run(binary, again, INPUT)
        diff = sh("diff", "-r", "-q", out, again)
        check(diff.returncode == 0, "two runs with the same SOURCE_DATE_EPOCH are byte-identical",
              diff.stdout.decode()[:300])
        clock = os.path.join(tmp, "clock")
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)
        before = time.time()
        subprocess.run([binary, "-q", "--scope", "program", "--format", "html", "-o", clock, INPUT],
                       capture_output=True, env=env, timeout=300)
        m = re.search(r"<dd>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)</dd>",
                      open(os.path.join(clock, "program.html"), encoding="utf-8").read())
        stamp = time.mktime(time.strptime(m.group(1), "%Y-%m-%dT%H:%M:%SZ")) - time.timezone if m else 0
        check(m and before - 2 <= stamp <= time.time() + 2,
              "without SOURCE_DATE_EPOCH the generation time is the clock's", m and m.group(1))
        for bad_value in ("soon", "-1", "12 ", ""):
            r = run(binary, os.path.join(tmp, "bad"), INPUT, env={"SOURCE_DATE_EPOCH": bad_value})
            check(r.returncode == 2 and b"SOURCE_DATE_EPOCH" in r.stderr,
                  "SOURCE_DATE_EPOCH=%r is a usage error (exit 2)" % bad_value, r.returncode)

        # a big file read in parts on threads, and a cut file, are hashed whole
        big = os.path.join(tmp, "big")
        os.makedirs(big)
        sh(os.path.join(ROOT, "build", "bench-gen"), "-s", "7", "-p", "40", "-v", "20000",
           os.path.join(INPUT, "program.xml"), big)
        want = sha256sum(os.path.join(big, "vouchers.xml"))
        for jobs in ("1", "3"):
            o = os.path.join(tmp, "big-j" + jobs)
            r = run(binary, o, "-j", jobs, "--scope", "program", "--format", "html", big,
                    env={"PSREPORT_SPLIT_MIN": "1000000", "PSREPORT_TIMES": "1"})
            parts = re.search(rb"read in (\d+) parts", r.stderr)
            text = open(os.path.join(o, "program.html"), encoding="utf-8").read()
            check(want in text and (jobs == "1" or parts),
                  "-j %s: the SHA-256 of a file read in %s part(s)" % (jobs, parts.group(1).decode() if parts else "1"))
        cut = os.path.join(tmp, "cut")
        os.makedirs(cut)
        data = open(os.path.join(INPUT, "vouchers.xml"), "rb").read()
        open(os.path.join(cut, "vouchers.xml"), "wb").write(data[: len(data) * 2 // 3])
        shutil.copy(os.path.join(INPUT, "partners.xml"), cut)
        o = os.path.join(tmp, "cut-out")
        run(binary, o, "--scope", "program", "--format", "html", cut)
        check(sha256sum(os.path.join(cut, "vouchers.xml")) in open(os.path.join(o, "program.html"), encoding="utf-8").read(),
              "a cut file (reading stops at its error) is hashed whole")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _tap.exit()


main()
