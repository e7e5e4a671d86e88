#!/usr/bin/env python3
"""The page reports, end to end: the real binary on the samples and on a hostile set.

PDF: qpdf --check, pdftotext content (names, findings, deadlines, "Page 1 of N"),
pdffonts (every font embedded and subset: pdf_font.c), pages not blank (pdftoppm), byte-identical
twice, partner PDF median size. HTML: every page parses (libxml2's HTML parser), text
is escaped, no request to another host, no link from a partner page. Isolation: every
partner's PDF and HTML searched for every other partner's ID and name. Output names:
hostile IDs stay inside partners/ and stay unique.

usage: reports.py BINARY
"""
import html, json, os, re, shutil, statistics, subprocess, sys, tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("reports")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def sh(*args, **kw):
    return subprocess.run(list(args), capture_output=True, timeout=300, **kw)

def pdftext(path):
    return sh("pdftotext", "-layout", path, "-").stdout.decode("utf-8", "replace")

def not_blank(pdf):
    """True when the first page has a reasonable share of non-white pixels."""
    r = sh("pdftoppm", "-gray", "-r", "20", "-f", "1", "-l", "1", pdf)
    data = r.stdout
    # PGM: P5\nW H\n255\n<pixels>
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not m:
        return False
    pixels = data[m.end():]
    dark = sum(1 for b in pixels if b < 200)
    return dark > len(pixels) * 0.01

def html_errors(path):
    """libxml2's HTML parser errors, without its complaints about HTML5 element names."""
    r = sh("xmllint", "--html", "--noout", path)
    msgs = re.findall(r"^.*:\d+: HTML parser error : (.*)$", r.stderr.decode("utf-8", "replace"), re.M)
    return [m for m in msgs if not re.match(r"Tag \w+ invalid", m)]

def run(binary, out, *args):
    return sh(binary, "-q", "-o", out, *args, cwd=ROOT)

def partners_of(out):
    d = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
    return d

def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp()
    out = os.path.join(tmp, "out")
    r = run(binary, out, "input/")
    check(r.returncode == 3, "samples: reports written (exit 3: the samples hold rejected records)", r.stderr[-300:])
    names = {}
    for line in open(os.path.join(ROOT, "input", "partners.xml"), encoding="utf-8"):
        m = re.search(r'<partner id="([^"]+)"', line)
        if m:
            pid = m.group(1)
        m = re.search(r"^\s*<name>(.*)</name>", line)
        if m and pid not in names:
            names[pid] = html.unescape(m.group(1))
    expected = ["index.html", "program.html", "program.pdf", "findings.json", "findings.csv"] + \
        ["regions/%s.%s" % (r, e) for r in ("AMER", "EMEA", "APAC") for e in ("pdf", "html")] + \
        ["partners/%s.%s" % (p, e) for p in names for e in ("pdf", "html")]
    missing = [f for f in expected if not os.path.exists(os.path.join(out, f))]
    check(not missing, "the output tree of cli.md is complete", missing[:5])
    stray = [f for f in os.listdir(out) if f.startswith(".")] + \
        [f for d in ("partners", "regions") for f in os.listdir(os.path.join(out, d)) if f.startswith(".")]
    check(not stray, "no temporary file left behind", stray)

    pdfs = sorted([os.path.join(out, "program.pdf")] +
                  [os.path.join(out, "regions", f) for f in os.listdir(os.path.join(out, "regions")) if f.endswith(".pdf")] +
                  [os.path.join(out, "partners", f) for f in os.listdir(os.path.join(out, "partners")) if f.endswith(".pdf")])
    bad = [p for p in pdfs if sh("qpdf", "--check", p).returncode != 0]
    check(not bad, "qpdf --check passes on all %d PDFs" % len(pdfs), bad[:3])
    blank = [p for p in pdfs if not not_blank(p)]
    check(not blank, "no PDF has a blank first page", blank[:3])
    sizes = [os.path.getsize(p) for p in pdfs if "/partners/" in p]
    med = statistics.median(sizes)
    check(med <= 40 * 1024, "partner PDF median %.1f KB <= 40 KB (max %.1f KB)" % (med / 1024, max(sizes) / 1024))

    t = pdftext(os.path.join(out, "program.pdf"))
    check("Programme report" in t and "As of 15 June 2021" in t, "program.pdf: title and as-of date as the reader reads it", t[:200])
    n = int(re.search(r"Pages:\s+(\d+)", sh("pdfinfo", os.path.join(out, "program.pdf")).stdout.decode()).group(1))
    check(("Page 1 of %d" % n) in t and ("Page %d of %d" % (n, n)) in t, "program.pdf: running footer Page n of %d" % n)
    for rule in ("Retired cloud engagement used", "Payment window missed", "Voucher expired unused"):
        check(rule in t, "program.pdf shows the finding '%s'" % rule)
    info = sh("pdfinfo", os.path.join(out, "program.pdf")).stdout.decode("utf-8", "replace")
    check("Author:          psreport" in info and "Keywords:" in info and "Subject:" in info,
          "program.pdf: document info (Title, Subject, Author, Keywords)", info[:300])
    check(sh("qpdf", "--show-npages", os.path.join(out, "program.pdf")).returncode == 0, "program.pdf opens in qpdf")
    outl = sh("qpdf", "--json", "--json-key=outlines", os.path.join(out, "program.pdf")).stdout.decode("utf-8", "replace")
    check(outl.count('"title"') >= 6, "program.pdf: one bookmark per section", outl.count('"title"'))

    t = pdftext(os.path.join(out, "partners", "4412345.pdf"))
    # headings too wide for their column wrap, they are not cut; milestone labels likewise
    raw = sh("pdftotext", "-raw", os.path.join(out, "partners", "4412345.pdf"), "-").stdout.decode()
    check(re.search(r"Days\s+remaining", raw) and "Days remai…" not in raw and "rema…" not in raw,
          "partner PDF: table headings are whole (wrapped, not cut)")
    check("Training vouchers no longer" in raw and "convertible" in raw and "conv…" not in raw,
          "partner PDF: timeline labels are whole (two lines, no ellipsis)")
    check("Contoso Consulting S.r.l." in t and "4412345" in t, "partner PDF: the partner's name and ID")
    check("30 June 2021" in t and "PS-2021" in t, "partner PDF: its vouchers and deadlines (30 June 2021)")
    check("Next actions" in t and "Eligibility" in t, "partner PDF: next actions and eligibility sections")
    # a deadline breaks at most once in a partner's voucher table, before its year
    # (pdf_sections.c widens its column): the line that starts with the voucher (its row;
    # an action starts with its date) holds the day and the month together (pdftotext
    # -layout; it held "28" alone, then "September" and "2021" on the lines below)
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    layout, broken, n = {}, [], 0
    for v in json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))["vouchers"]:
        if not v.get("deadline") or not os.path.exists(os.path.join(out, "partners", "%s.pdf" % v.get("partner"))):
            continue  # an unknown partner (9999999 of the samples) has no report
        y, m, d = (int(x) for x in v["deadline"].split("-"))
        words = "%d %s" % (d, months[m - 1])
        if v["partner"] not in layout:
            layout[v["partner"]] = pdftext(os.path.join(out, "partners", v["partner"] + ".pdf"))
        n += 1
        if not re.search(r"(?m)^%s\s.*\s%s(\s|$)" % (re.escape(v["id"]), re.escape(words)), layout[v["partner"]]):
            broken.append((v["partner"], v["id"], words))
    check(n > 50 and not broken, "partner PDFs: each of %d deadlines has its day and month on its voucher's first line" % n, broken[:3])
    # an error without a voucher names its record in the export (base name and line) and
    # its severity, not a count (firstpages.py checks the action list itself)
    check(re.search(r"partners\.xml:1167\s+Duplicate ID \(Error\):", t) is not None,
          "partner PDF: the duplicate partner record's action names partners.xml:1167", t[:0])
    page = open(os.path.join(out, "partners", "4412345.html"), encoding="utf-8").read()
    check('<strong class="subject">partners.xml:1167</strong> <span class="badge sev-error">Error</span>' in page
          and 'tier-red">Errors<' not in page,
          "partner page: error actions are marked Error and name their record")
    # DejaVu as simple TrueType fonts, one per code page drawn from, when at most two are
    # needed (pdf_font.c): an American partner's PDF
    fonts = sh("pdffonts", os.path.join(out, "partners", "5510001.pdf")).stdout.decode()
    check(re.search(r"DejaVu\S*\s+TrueType\s+WinAnsi\s+yes yes", fonts) is not None and "CID" not in fonts,
          "a partner PDF in Latin-1 embeds DejaVu as one simple font, no CID font", fonts)
    warn = sh("pdftotext", os.path.join(out, "partners", "5510001.pdf"), "-").stderr.decode()
    check(not warn, "pdftotext reads the code-page font without a warning", warn[:200])
    greek = pdftext(os.path.join(out, "partners", "4412348.pdf"))
    check("Ελληνικά Πληροφοριακά Συστήματα" in greek, "Greek partner name extracted from its PDF")
    # a letter DejaVu has but no code page does (Welsh ŵ, Maltese ħ) keeps the Type0 font;
    # mixed scripts in one name
    odd = tempfile.mkdtemp()
    for f in ("vouchers.xml",):
        shutil.copy(os.path.join(ROOT, "input", f), odd)
    src = open(os.path.join(ROOT, "input", "partners.xml"), encoding="utf-8").read()
    src = src.replace("Contoso Consulting S.r.l.", "Cwmni Ŵyn Ħal-Għargħur Łódź Ελλάς Москва €")
    open(os.path.join(odd, "partners.xml"), "w", encoding="utf-8").write(src)
    out3 = os.path.join(odd, "out3")
    r = run(binary, out3, "--format", "pdf", "--partner", "4412345", odd)
    pdf = os.path.join(out3, "partners", "4412345.pdf")
    fonts = sh("pdffonts", pdf).stdout.decode()
    check(r.returncode == 3 and re.search(r"DejaVu\S*\s+CID TrueType\s+Identity-H\s+yes", fonts) is not None,
          "a letter in no code page: DejaVu as a CID font (Identity-H)", fonts)
    check("Cwmni Ŵyn Ħal-Għargħur Łódź Ελλάς Москва €" in pdftext(pdf), "that name is extracted whole", pdftext(pdf)[:300])
    src = src.replace("Cwmni Ŵyn Ħal-Għargħur Łódź Ελλάς Москва €", "Łódź Ελλάς Москва Ștefan Şişli Rīga € ¿")
    open(os.path.join(odd, "partners.xml"), "w", encoding="utf-8").write(src)
    r = run(binary, out3, "--format", "pdf", "--partner", "4412345", odd)
    fonts = sh("pdffonts", pdf).stdout.decode()
    text = pdftext(pdf)
    # every letter of the code pages is drawn as itself: extracted as itself, or '?'
    # where the DejaVu subset has no glyph (spacing accents); the few whose glyph names
    # read as other characters keep the Type0 font and are extracted right too
    import unicodedata
    letters = sorted({bytes([b]).decode(cp, "ignore") for cp in ("cp1252", "cp1250", "cp1251", "cp1253",
                      "cp1254", "cp1257", "iso8859_16") for b in range(0xA1, 0x100)} - {""})
    letters = [c for c in letters if unicodedata.category(c)[0] in "LNS"]
    chunks = ["".join(letters[i:i + 20]) for i in range(0, len(letters), 20)]
    src0 = open(os.path.join(ROOT, "input", "partners.xml"), encoding="utf-8").read()
    ids = re.findall(r'<partner id="([^"]+)"[^>]*>\s*<name>([^<]*)</name>', src0)[:len(chunks)]
    for (pid, nm), ch in zip(ids, chunks):
        src0 = src0.replace("<name>%s</name>" % nm, "<name>%s</name>" % ch, 1)
    open(os.path.join(odd, "partners.xml"), "w", encoding="utf-8").write(src0)
    out4 = os.path.join(odd, "out4")
    run(binary, out4, "--format", "pdf", "--scope", "partner", odd)
    wrong = []
    for (pid, _), ch in zip(ids, chunks):
        t = pdftext(os.path.join(out4, "partners", pid + ".pdf"))
        got = re.sub(r"\s", "", t.split("Partner report:")[1].split("(")[0]) if "Partner report:" in t else ""
        wrong += [(a, b) for a, b in zip(ch, got) if a != b and b != "?"]
        if len(got) != len(ch):
            wrong.append((ch, got))
    check(len(letters) > 300 and not wrong,
          "all %d letters of 7 code pages are extracted from the PDFs as themselves" % len(letters), wrong[:10])
    check("Łódź Ελλάς Москва Ștefan Şişli Rīga € ¿" in text and re.search(r"DejaVu\S*\s+CID TrueType", fonts),
          "Polish, Greek, Russian, Romanian, Turkish, Latvian in one name (more than two code pages): "
          "DejaVu's Type0 font, extracted whole", (fonts, text[:300]))

    # determinism: a second run gives the same bytes
    out2 = os.path.join(tmp, "out2")
    run(binary, out2, "-j", "1", "input/")
    differ = []
    for root, _, files in os.walk(out):
        for f in files:
            a = os.path.join(root, f)
            b = os.path.join(out2, os.path.relpath(a, out))
            if not os.path.exists(b) or open(a, "rb").read() != open(b, "rb").read():
                differ.append(os.path.relpath(a, out))
    check(not differ, "two runs (-j default and -j 1) give byte-identical outputs", differ[:5])

    # HTML: parses, isolated, offline
    pages = [os.path.join(out, "index.html"), os.path.join(out, "program.html")] + \
        [os.path.join(out, d, f) for d in ("regions", "partners") for f in os.listdir(os.path.join(out, d)) if f.endswith(".html")]
    errs = {p: html_errors(p) for p in pages}
    check(all(not e for e in errs.values()), "all %d HTML pages parse with libxml2's HTML parser" % len(pages),
          [(p, e[:2]) for p, e in errs.items() if e][:2])
    remote = [p for p in pages if re.search(r'(src|href)="(https?:)?//', open(p, encoding="utf-8").read())]
    check(not remote, "no page requests another host", remote[:3])
    leaks = []
    for pid in names:
        for ext in ("html", "pdf"):
            path = os.path.join(out, "partners", "%s.%s" % (pid, ext))
            text = html.unescape(open(path, encoding="utf-8").read()) if ext == "html" else pdftext(path)
            for other, oname in names.items():
                if other != pid and (other in text or oname in text):
                    leaks.append((pid, ext, other))
    check(not leaks, "isolation: no partner report names another partner (ID or name)", leaks[:5])
    links = [p for p in pages if "/partners/" in p and re.search(r'<a [^>]*href="(?!#)', open(p, encoding="utf-8").read())]
    check(not links, "partner pages link to no other report", links[:3])
    prog = open(os.path.join(out, "program.html"), encoding="utf-8").read()
    ids = re.findall(r'id="(c\d+-[^"]+)"', prog)
    # cairo's ids (clip paths, patterns) are renamed per chart; labels are <text>, no glyph ids
    check(len(ids) == len(set(ids)) and len(ids) >= 1, "chart SVG ids are unique across the page (%d ids)" % len(ids))
    check(prog.count("<text ") > 20 and "<symbol" not in prog, "chart labels are SVG text, not glyph outlines")
    check(prog.count("<svg") == 7 and prog.count("<details") >= 7,
          "programme page: seven charts (two of them the trend), each with its numbers under <details>")

    # hostile names and IDs: escaping and file names
    hdir = os.path.join(tmp, "hostile")
    os.mkdir(hdir)
    open(os.path.join(hdir, "partners.xml"), "w", encoding="utf-8").write(
        '<?xml version="1.0"?>\n<partners-export version="1" exported="2021-06-15T00:00:00Z">\n'
        '<partner id="../../x" region="EMEA"><name>&lt;script&gt;alert(1)&lt;/script&gt;</name></partner>\n'
        '<partner id="/abs" region="EMEA"><name>Paren (left) \\ back</name></partner>\n'
        '<partner id=".hidden" region="AMER"><name>Hidden</name></partner>\n'
        '<partner id="a/b" region="APAC"><name>Collide one</name></partner>\n'
        '<partner id="a?b" region="APAC"><name>Collide two</name></partner>\n'
        '<partner id="%s" region="APAC"><name>Long</name></partner>\n'
        '</partners-export>\n' % ("L" * 64))
    hout = os.path.join(tmp, "hout")
    r = run(binary, hout, "--as-of", "2021-06-15", hdir)
    check(r.returncode == 0, "hostile IDs and names: reports written", r.stderr[-300:])
    made = sorted(os.listdir(os.path.join(hout, "partners")))
    check(made == sorted(["_._.._x.html", "_._.._x.pdf", "_abs.html", "_abs.pdf", "_hidden.html", "_hidden.pdf",
                          "a_b.html", "a_b.pdf", "a_b~2.html", "a_b~2.pdf", "L" * 64 + ".html", "L" * 64 + ".pdf"]),
          "hostile IDs: safe, unique file names inside partners/", made)
    everything = [os.path.relpath(os.path.join(r_, f), tmp) for r_, _, fs in os.walk(tmp) for f in fs]
    check(all(p.startswith(("out", "out2", "hostile", "hout")) for p in everything), "nothing written outside the output directory")
    page = open(os.path.join(hout, "program.html"), encoding="utf-8").read()
    check("<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page,
          "a partner named <script>alert(1)</script> is shown as text")
    t = pdftext(os.path.join(hout, "partners", "_abs.pdf"))
    check("Paren (left) \\ back" in t, "PDF-special characters ( ) \\ in a name are set as text", t[:200])
    shutil.rmtree(tmp, ignore_errors=True)
    _tap.exit()

main()
