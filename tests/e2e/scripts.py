#!/usr/bin/env python3
"""Every script in every PDF (issue 11), end to end on the samples.

Per script of the samples (Latin, Greek, Cyrillic, Japanese, Chinese, Korean, Thai,
Vietnamese, Arabic, Hebrew; Devanagari in a customer's name): the PDF holds the name
(pdftotext), every character of it has a real glyph in an embedded font (the fonts are
taken out of the PDF with qpdf and their cmap and outlines read here), the title line has
ink where each character is (pdftoppm), every font of every PDF is embedded and subset
(pdffonts), and psreport's own count of replaced characters is 0 (no warning on stderr).

What pdftotext gives back for right-to-left names: the PDF draws them in display order
(FriBidi), each glyph's ToUnicode entry is the character drawn; poppler sees the
right-to-left run and gives it back in logical order, between U+202B and U+202C
(embedding marks). Hebrew then reads exactly as written. Arabic is drawn in its joined
presentation forms (U+FExx: libharu cannot shape), so it comes back as those forms:
their compatibility decomposition (NFKC) is the name as written.

Then: ../shared/repro/pdf-libharu-0x1033 (copied to tests/e2e/repro/) writes its PDFs,
exit 0, in English and Italian; a 1,000-partner burst whose names and customers mix
every script writes every report, exit 0; a character no installed font has is still
flagged on stderr.

usage: scripts.py BINARY
"""
import base64, json, os, re, shutil, struct, subprocess, sys, tempfile, unicodedata
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("scripts")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PARTNERS = {  # script: partner of the samples
    "Latin": "4412346", "Greek": "4412348", "Cyrillic": "4412349", "Japanese": "6620001",
    "Chinese": "6620002", "Korean": "6620004", "Thai": "6620007", "Vietnamese": "6620008",
    "Arabic": "4412352", "Hebrew": "4412353",
}
CUSTOMERS = {"Devanagari": "CU-10063", "Korean": "CU-10065", "Chinese": "CU-10066", "Hebrew": "CU-10068",
             "Arabic": "CU-10067", "Thai": "CU-10061"}
BIDI_MARKS = "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"


def sh(*args, **kw):
    return subprocess.run(list(args), capture_output=True, timeout=600, **kw)


def text(pdf, *opts):
    return sh("pdftotext", *opts, pdf, "-").stdout.decode("utf-8", "replace")


def found(name, t):
    """name in the extracted text t, as pdftotext gives right-to-left text back."""
    t = "".join(c for c in t if c not in BIDI_MARKS)
    return name in t or name in unicodedata.normalize("NFKC", t)


def ttf_glyphs(data):
    """{code point: drawable} for a TrueType file: a glyph is drawable when it has
    contours, or is made of components that all are."""
    n = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, ln)
    head = tables[b"head"][0]
    long_loca = struct.unpack(">h", data[head + 50:head + 52])[0] == 1
    n_glyphs = struct.unpack(">H", data[tables[b"maxp"][0] + 4:tables[b"maxp"][0] + 6])[0]
    lo = tables[b"loca"][0]
    if long_loca:
        loca = struct.unpack(">%dI" % (n_glyphs + 1), data[lo:lo + 4 * (n_glyphs + 1)])
    else:
        loca = [2 * x for x in struct.unpack(">%dH" % (n_glyphs + 1), data[lo:lo + 2 * (n_glyphs + 1)])]
    gl = tables[b"glyf"][0]

    def drawable(gid, depth=0):
        if gid >= n_glyphs or depth > 8 or loca[gid + 1] <= loca[gid]:
            return False
        g = data[gl + loca[gid]:gl + loca[gid + 1]]
        contours = struct.unpack(">h", g[:2])[0]
        if contours > 0:
            return True
        if contours == 0:
            return False
        p, ok = 10, True
        while True:
            flags, comp = struct.unpack(">HH", g[p:p + 4])
            p += 4 + (4 if flags & 1 else 2) + (2 if flags & 8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0)
            ok = ok and drawable(comp, depth + 1)
            if not flags & 0x20:
                return ok

    cm = tables[b"cmap"][0]
    result = {}
    for i in range(struct.unpack(">H", data[cm + 2:cm + 4])[0]):
        pid, eid, off = struct.unpack(">HHI", data[cm + 4 + 8 * i:cm + 12 + 8 * i])
        sub = cm + off
        if (pid, eid) != (3, 1) or struct.unpack(">H", data[sub:sub + 2])[0] != 4:
            continue
        segs = struct.unpack(">H", data[sub + 6:sub + 8])[0] // 2
        arr = lambda k: struct.unpack(">%dH" % segs, data[sub + 14 + k * 2 * segs + (2 if k else 0):
                                                      sub + 14 + (k + 1) * 2 * segs + (2 if k else 0)])
        ends, starts, deltas, ranges = arr(0), arr(1), arr(2), arr(3)
        for s in range(segs):
            for c in range(starts[s], min(ends[s], 0xFFFE) + 1):
                if ranges[s] == 0:
                    gid = (c + deltas[s]) & 0xFFFF
                else:
                    at = sub + 14 + 6 * segs + 2 + 2 * s + ranges[s] + 2 * (c - starts[s])
                    gid = struct.unpack(">H", data[at:at + 2])[0]
                    gid = (gid + deltas[s]) & 0xFFFF if gid else 0
                if gid:
                    result[c] = drawable(gid)
    return result


def font_files(pdf):
    """The TrueType files embedded in pdf."""
    r = sh("qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized", pdf)
    objs = json.loads(r.stdout)["qpdf"][1]
    return [base64.b64decode(v["stream"]["data"]) for v in objs.values()
            if isinstance(v, dict) and "/Length1" in v.get("stream", {}).get("dict", {})
            and "data" in v["stream"]]


def embedded_glyphs(pdf):
    """Every code point some embedded font of pdf draws with a real glyph."""
    ok = set()
    for data in font_files(pdf):
        ok |= {c for c, d in ttf_glyphs(data).items() if d}
    return ok


def ttf_advances(data):
    """{glyph id: advance in 1/1000 em, as libharu rounds it} of a TrueType file."""
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = off
    upem = struct.unpack(">H", data[tables[b"head"] + 18:tables[b"head"] + 20])[0]
    n_glyphs = struct.unpack(">H", data[tables[b"maxp"] + 4:tables[b"maxp"] + 6])[0]
    n_metrics = struct.unpack(">H", data[tables[b"hhea"] + 34:tables[b"hhea"] + 36])[0]
    adv = [struct.unpack(">H", data[tables[b"hmtx"] + 4 * i:tables[b"hmtx"] + 4 * i + 2])[0]
           for i in range(n_metrics)]
    return {g: adv[min(g, n_metrics - 1)] * 1000 // upem for g in range(n_glyphs)}


def literal(s):
    """The bytes of a PDF literal string's body s (ISO 32000-1 7.3.4.2), read as latin-1."""
    out, i = bytearray(), 0
    esc = {"n": 10, "r": 13, "t": 9, "b": 8, "f": 12}
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(ord(c))
            i += 1
            continue
        d = s[i + 1]
        m = re.match(r"[0-7]{1,3}", s[i + 1:])
        if m:
            out.append(int(m.group(0), 8) & 0xFF)
            i += 1 + len(m.group(0))
        else:
            out.append(esc.get(d, ord(d)))
            i += 2
    return bytes(out)


def type0_fonts(pdf):
    """Per Type0 font of pdf: (its W as {code: width}, DW, {code: width the embedded glyph
    has, through the CIDToGIDMap}, the codes the pages draw in it), and the page and page
    tree dictionaries."""
    objs = json.loads(sh("qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized",
                         pdf).stdout)["qpdf"][1]
    get = lambda ref: objs.get("obj:" + ref, {})
    val = lambda ref: get(ref).get("value", {})
    data = lambda ref: base64.b64decode(get(ref)["stream"]["data"])
    fonts, pages = {}, [v["value"] for v in objs.values() if isinstance(v.get("value"), dict)
                        and v["value"].get("/Type") in ("/Page", "/Pages")]
    for ref in {k[4:] for k, v in objs.items() if isinstance(v.get("value"), dict)
                and v["value"].get("/Subtype") == "/Type0"}:
        cid = val(val(ref)["/DescendantFonts"][0])
        w, items = {}, cid.get("/W", [])
        for c, ws in zip(items[0::2], items[1::2]):
            w.update({c + i: x for i, x in enumerate(ws)})
        m = data(cid["/CIDToGIDMap"])
        adv = ttf_advances(data(val(cid["/FontDescriptor"])["/FontFile2"]))
        glyph_w = {c: adv.get(struct.unpack(">H", m[2 * c:2 * c + 2])[0], 0) for c in range(len(m) // 2)}
        fonts[ref] = (w, cid.get("/DW", 1000), glyph_w, set())
    for page in (p for p in pages if p.get("/Type") == "/Page"):
        names = page.get("/Resources", {}).get("/Font", {})
        content = data(page["/Contents"]).decode("latin-1")
        cur = None
        for tok in re.finditer(r"(/\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj|\(((?:[^\\()]|\\.)*)\) Tj", content, re.S):
            if tok.group(1):
                cur = fonts.get(names.get(tok.group(1)))
            elif cur is not None:
                b = bytes.fromhex(tok.group(2)) if tok.group(2) is not None else literal(tok.group(3))
                cur[3].update(b[i] << 8 | b[i + 1] for i in range(0, len(b) - 1, 2))
    return fonts, pages


def cut_tables(data):
    """What libharu was given of a cut, as it embedded it: the cmap's subtables as
    (platform, encoding, format, segments), and the name IDs of the name table."""
    n = struct.unpack(">H", data[4:6])[0]
    t = {data[12 + 16 * i:16 + 16 * i]: struct.unpack(">I", data[20 + 16 * i:24 + 16 * i])[0] for i in range(n)}
    cm, nm = t[b"cmap"], t[b"name"]
    subs = []
    for i in range(struct.unpack(">H", data[cm + 2:cm + 4])[0]):
        pid, eid, off = struct.unpack(">HHI", data[cm + 4 + 8 * i:cm + 12 + 8 * i])
        fmt = struct.unpack(">H", data[cm + off:cm + off + 2])[0]
        segs = struct.unpack(">H", data[cm + off + 6:cm + off + 8])[0] // 2 if fmt == 4 else None
        subs.append((pid, eid, fmt, segs))
    ids = {struct.unpack(">H", data[nm + 12 + 12 * i:nm + 14 + 12 * i])[0]
           for i in range(struct.unpack(">H", data[nm + 2:nm + 4])[0])}
    return subs, ids


def pgm(pdf, dpi):
    data = sh("pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", pdf).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    return int(m.group(1)), int(m.group(2)), data[m.end():]


def ink_per_character(pdf, name):
    """Characters of name (on the title line of page 1) whose slice of their word's box
    has no dark pixel at 150 dpi; marks that take no room are not counted."""
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                       text(pdf, "-bbox", "-f", "1", "-l", "1"))
    import html
    title = [w for w in words if float(w[3]) - float(w[1]) > 15]  # the 20 pt title line
    w, h, px = pgm(pdf, 150)
    s = 150 / 72.0
    blank = []
    for x0, y0, x1, y1, word in title:
        word = html.unescape(word)
        core = "".join(c for c in word if c not in BIDI_MARKS)
        if not core or not any(core in n for n in (name, unicodedata.normalize("NFKC", name))) and \
                unicodedata.normalize("NFKC", core) not in name:
            continue
        chars = [c for c in core if unicodedata.category(c) != "Mn"]
        x0, y0, x1, y1 = (float(v) * s for v in (x0, y0, x1, y1))
        step = (x1 - x0) / len(chars)
        for i, c in enumerate(chars):
            dark = any(px[y * w + x] < 128 for y in range(int(y0), min(int(y1), h))
                       for x in range(int(x0 + i * step), min(int(x0 + (i + 1) * step), w)))
            if not dark:
                blank.append(c)
    return blank, len(title)


def names_of(path, tag):
    src = open(path, encoding="utf-8").read()
    import html
    return {m.group(1): html.unescape(m.group(2)) for m in
            re.finditer(r'<%s id="([^"]+)"[^>]*>\s*(?:<!--.*?-->\s*)*<name>([^<]*)</name>' % tag, src)}


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp()
    out = os.path.join(tmp, "out")
    r = sh(binary, "--format", "pdf", "-o", out, "input/", cwd=ROOT)
    err = r.stderr.decode("utf-8", "replace")
    check(r.returncode == 3, "samples: every PDF written (exit 3: rejected records)", err[-300:])
    check("no glyph" not in err, "psreport replaced no character in any PDF of the samples (stderr)",
          [l for l in err.splitlines() if "no glyph" in l][:3])
    pdfs = [os.path.join(d, f) for d, _, fs in os.walk(out) for f in fs if f.endswith(".pdf")]
    bad = []
    for p in pdfs:
        rows = sh("pdffonts", p).stdout.decode().splitlines()[2:]
        bad += [(os.path.basename(p), l) for l in rows if not re.search(r"\byes yes\b", l)
                or not re.match(r"[A-Z]{6}\+", l)]
        if not rows:
            bad.append((p, "no font"))
    check(pdfs and not bad, "pdffonts: every font of all %d PDFs embedded and subset" % len(pdfs), bad[:3])

    # poppler reads every PDF without a complaint: the ToUnicode CMap of a Type0 font is
    # one of bfranges (libharu's own copy of its encoding CMap made poppler print "Syntax
    # Warning: Invalid 'begincidrange' operator in ToUnicode CMap" for each of them)
    noisy = [(os.path.basename(p), e.splitlines()[:1]) for p in pdfs
             for e in [sh("pdftotext", p, os.devnull).stderr.decode("utf-8", "replace")] if e.strip()]
    check(pdfs and not noisy, "pdftotext reads all %d PDFs with nothing on stderr" % len(pdfs), noisy[:3])

    # what libharu writes uncompressed, said once (render_pdf.c, pdf_font.c): the page size
    # in the page tree, no ProcSet; each Type0 font's W lists only the codes the pages draw
    # in it (libharu listed every character of the cut: a DejaVu Type0 font beside WinAnsi
    # carried the widths of the whole alphabet), and every code drawn has the width of the
    # glyph its CIDToGIDMap names, in W or as DW
    bad_pages, extra, wrong, n_type0 = [], [], [], 0
    for p in pdfs:
        fonts, pages = type0_fonts(p)
        tree = [d for d in pages if d.get("/Type") == "/Pages"]
        if any("/MediaBox" in d for d in pages if d.get("/Type") == "/Page") or \
                not all("/MediaBox" in d for d in tree) or \
                any("/ProcSet" in d.get("/Resources", {}) for d in pages):
            bad_pages.append(os.path.basename(p))
        for ref, (w, dw, glyph_w, drawn) in fonts.items():
            n_type0 += 1
            extra += [(os.path.basename(p), ref, c) for c in sorted(set(w) - drawn)[:3]]
            wrong += [(os.path.basename(p), ref, "U+%04X" % c, w.get(c, dw), glyph_w.get(c))
                      for c in sorted(drawn) if abs(w.get(c, dw) - glyph_w.get(c, -9)) > 1][:3]
    check(pdfs and not bad_pages, "all %d PDFs: MediaBox only in the page tree, no ProcSet" % len(pdfs),
          bad_pages[:3])
    check(n_type0 > 10 and not extra, "the W of every Type0 font (%d) lists only codes its pages draw" % n_type0,
          extra[:5])
    check(n_type0 > 10 and not wrong, "every code drawn in a Type0 font has its glyph's width (W or DW)",
          wrong[:5])

    # the cuts as libharu gets them (pdf_font.c): one Windows Unicode format 4 cmap of few
    # segments (libharu scans them for each of the 65,536 code points of a Type0 font),
    # runs up to 512 code points apart sharing one (DejaVu: Latin and punctuation in at
    # most 5); name IDs 2 and 6 only (what libharu reads)
    cuts = [(os.path.basename(p), cut_tables(d)) for p in pdfs for d in font_files(p)]
    bad = [(p, subs) for p, (subs, _) in cuts if len(subs) != 1 or subs[0][:3] != (3, 1, 4) or subs[0][3] > 40]
    check(cuts and not bad, "every cut of the samples' PDFs (%d) has one (3,1) format 4 cmap of at most 40 segments"
          % len(cuts), bad[:3])
    latin = [cut_tables(d)[0][0][3] for pid in ("4412345", "4412346", "5510001")
             for d in font_files(os.path.join(out, "partners", pid + ".pdf"))]
    check(latin and max(latin) <= 5, "the Latin partners' cuts have at most 5 cmap segments", latin)
    bad = [(p, ids) for p, (_, ids) in cuts if ids != {2, 6}]
    check(not bad, "every cut keeps name IDs 2 and 6 only", bad[:3])
    size = os.path.getsize(os.path.join(out, "partners", "6620001.pdf"))
    check(size <= 40 * 1024, "the Japanese partner's PDF (6620001) is at most 40 KB", size)

    # nothing on disk on the way: the cuts reach libharu in memory, so a TMPDIR that does
    # not exist changes nothing
    r = sh(binary, "-q", "--format", "pdf", "--partner", "6620001", "--partner", "4412352", "-o",
           os.path.join(tmp, "t"), "input/", cwd=ROOT, env=dict(os.environ, TMPDIR=os.path.join(tmp, "none")))
    written = sorted(os.listdir(os.path.join(tmp, "t", "partners"))) if os.path.isdir(os.path.join(tmp, "t", "partners")) else []
    check(r.returncode == 3 and written == ["4412352.pdf", "6620001.pdf"],
          "no temporary font file: PDFs written with a TMPDIR that does not exist",
          (r.returncode, written, r.stderr[-200:]))

    # the measuring switch of make bench: the same layout in unembedded Helvetica
    b14 = os.path.join(tmp, "b14")
    r = sh(binary, "-q", "--format", "pdf", "--scope", "partner", "-o", b14, "input/", cwd=ROOT,
           env=dict(os.environ, PSREPORT_PDF_FONTS="base14"))
    pages = lambda p: re.search(rb"Pages:\s+(\d+)", sh("pdfinfo", p).stdout).group(1)
    bad = []
    for pid in PARTNERS.values():
        a, b = os.path.join(out, "partners", pid + ".pdf"), os.path.join(b14, "partners", pid + ".pdf")
        fonts = [l.split()[0] for l in sh("pdffonts", b).stdout.decode().splitlines()[2:]]
        if fonts != ["Helvetica"] or pages(a) != pages(b):
            bad.append((pid, fonts, pages(a), pages(b)))
    check(r.returncode == 3 and not bad, "PSREPORT_PDF_FONTS=base14: Helvetica only, not embedded, "
          "the same number of pages", bad[:3])

    partners = names_of(os.path.join(ROOT, "input", "partners.xml"), "partner")
    customers = names_of(os.path.join(ROOT, "input", "vouchers.xml"), "customer")
    findings = json.load(open(os.path.join(ROOT, "tests", "e2e", "expected", "samples-default.json"), encoding="utf-8"))
    for script, pid in PARTNERS.items():
        pdf = os.path.join(out, "partners", pid + ".pdf")
        name = partners[pid]
        t = text(pdf, "-l", "1")
        check(found(name, t), "%s: partner %s's name comes back from its PDF" % (script, pid), t[:200])
        glyphs = embedded_glyphs(pdf)
        missing = sorted({c for c in name if not c.isspace()} - {chr(c) for c in glyphs})
        if script in ("Arabic",):  # drawn as presentation forms: check those pdftotext read
            drawn = "".join(c for c in t.split("(%s)" % pid)[1].split("\n")[0] if c not in BIDI_MARKS)
            missing = sorted({c for c in drawn if not c.isspace()} - {chr(c) for c in glyphs})
        check(not missing, "%s: every character of the name has a real glyph in an embedded font" % script,
              ["U+%04X" % ord(c) for c in missing][:8])
        blank, words = ink_per_character(pdf, name)
        check(words and not blank, "%s: the title line has ink where each character is (150 dpi)" % script,
              (words, blank[:8]))
    for script, cid in CUSTOMERS.items():
        pid = next(v["partner"] for v in findings["vouchers"] if v["customer"] == cid and v.get("partner"))
        pdf = os.path.join(out, "partners", pid + ".pdf")
        t = re.sub(r"\s+", " ", text(pdf, "-raw"))
        name = customers[cid]
        # a name may wrap in its table cell: every word of it comes back
        check(all(found(w, t) for w in name.split()), "%s: customer %s's name comes back from partner %s's PDF"
              % (script, cid, pid), name)
        glyphs = embedded_glyphs(pdf)
        missing = [c for c in name if not c.isspace() and ord(c) not in glyphs]
        if script != "Arabic":
            check(not missing, "%s: every character of customer %s has a real glyph" % (script, cid), missing[:5])

    # the reproducer of libharu error 0x1033: written, in English and in Italian
    repro = os.path.join(ROOT, "tests", "e2e", "repro", "pdf-libharu-0x1033")
    for lang in ("en", "it"):
        o = os.path.join(tmp, "repro-" + lang)
        r = sh(binary, "-q", "--lang", lang, "-o", o, repro)
        pdf = os.path.join(o, "partners", "8933537.pdf")
        check(r.returncode == 0 and os.path.exists(pdf) and "王氏科技有限公司" in text(pdf),
              "repro pdf-libharu-0x1033 (--lang %s): exit 0, the partner PDF holds every customer" % lang,
              (r.returncode, r.stderr[-200:]))

    # codes that a literal string must escape: in a Type0 font (four code pages: Latin-2,
    # Greek, Cyrillic, Han) "č" is the bytes 01 0D (a raw CR would be read as a line end),
    # "Ĩ" 01 28 and "ĩ" 01 29 (parentheses), "Ŝ" 01 5C (backslash), "Ċ" 01 0A; "(a\b)"
    # is WinAnsi, drawn in the simple font beside it, one escaped byte a character
    tricky = "Čačák Ĩĩ Ŝ Ċ (a\\b) Ωμέγα Жук 東京"
    esc = os.path.join(tmp, "esc")
    os.mkdir(esc)
    src = open(os.path.join(ROOT, "input", "partners.xml"), encoding="utf-8").read()
    open(os.path.join(esc, "partners.xml"), "w", encoding="utf-8").write(
        src.replace("Contoso Consulting S.r.l.", tricky.replace("&", "&amp;")))
    r = sh(binary, "-q", "--format", "pdf", "--partner", "4412345", "-o", os.path.join(tmp, "escout"), esc)
    pdf = os.path.join(tmp, "escout", "partners", "4412345.pdf")
    fonts = sh("pdffonts", pdf).stdout.decode() if os.path.exists(pdf) else ""
    check(r.returncode == 3 and "Identity-H" in fonts and "WinAnsi" in fonts and found(tricky, text(pdf)),
          "a name whose Type0 codes hold CR, LF, parentheses and backslash comes back whole from its PDF",
          (r.returncode, fonts[-300:], text(pdf)[:300] if os.path.exists(pdf) else ""))

    # a character no installed font has is still flagged on stderr
    odd = os.path.join(tmp, "odd")
    os.mkdir(odd)
    src = open(os.path.join(ROOT, "input", "partners.xml"), encoding="utf-8").read()
    open(os.path.join(odd, "partners.xml"), "w", encoding="utf-8").write(
        src.replace("Contoso Consulting S.r.l.", "Contoso \u0378 Consulting"))
    r = sh(binary, "--format", "pdf", "--partner", "4412345", "-o", os.path.join(tmp, "oddout"), odd)
    err = r.stderr.decode("utf-8", "replace")
    check(r.returncode == 3 and re.search(r"4412345\.pdf: warning: \d+ character\(s\) have no glyph in any installed "
                                          r"font \(first U\+0378\)", err) is not None,
          "a character no font has: drawn as '?', one warning names it", err[-300:])

    # 1,000 partners whose names and customers mix every script: every report written
    burst = os.path.join(tmp, "burst")
    os.mkdir(burst)
    pool = ["Müller & Söhne", "Łódź Przedsiębiorstwo Zieliński", "Οικονόμου Σύμβουλοι μ Δ Ω",
            "ООО «Попова Консалтинг»", "王氏科技有限公司", "東京データ株式会社", "서울 클라우드", "กรุงเทพ คลาวด์",
            "شركة الخليج للحلول", "מערכות מידע בע״מ", "Công ty Cổ phần Số", "टाटा डिजिटल", "Cwmni Ŵyn Ħal",
            "Ștefan Țară", "Groß Systemhaus"]
    ps, vs = [], []
    for i in range(1000):
        pid = "%07d" % (8000000 + i)
        region = ("EMEA", "AMER", "APAC")[i % 3]
        ps.append('<partner id="%s" region="%s"><name>%s %s</name><agreement signed="2019-01-10"/>'
                  '<profile updated="2019-02-01"/></partner>'
                  % (pid, region, pool[i % len(pool)].replace("&", "&amp;"), pool[(i * 7 + 3) % len(pool)].replace("&", "&amp;")))
        for k in range(3):
            cid = "CU-%07d" % (i * 3 + k)
            vs.append('<customer id="%s" region="%s"><name>%s</name><benefit activated="2019-03-01"/></customer>'
                      % (cid, region, pool[(i + k * 5 + 1) % len(pool)].replace("&", "&amp;")))
            vs.append('<voucher id="PS-2021-%07d" customer="%s" partner="%s" offering="DDPS" engagement="DDPS-WINOFF" '
                      'days="5"><created date="2021-01-05"/><assigned date="2021-01-06" project-manager="pm@x.example"/>'
                      '<reserved date="2021-01-20"/></voucher>' % (i * 3 + k, cid, pid))
    open(os.path.join(burst, "partners.xml"), "w", encoding="utf-8").write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<partners-export version="1" exported="2021-06-15T00:00:00Z">\n%s\n'
        '</partners-export>\n' % "\n".join(ps))
    open(os.path.join(burst, "vouchers.xml"), "w", encoding="utf-8").write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<vouchers-export version="1" exported="2021-06-15T00:00:00Z">\n%s\n'
        '</vouchers-export>\n' % "\n".join(vs))
    bout = os.path.join(tmp, "bout")
    r = sh(binary, "--format", "pdf", "--scope", "partner", "-o", bout, burst)
    err = r.stderr.decode("utf-8", "replace")
    written = len([f for f in os.listdir(os.path.join(bout, "partners"))]) if os.path.isdir(os.path.join(bout, "partners")) else 0
    check(r.returncode == 0 and written == 1000, "1,000 partners of mixed scripts: every PDF written, exit 0",
          (r.returncode, written, err[-300:]))
    check("no glyph" not in err, "1,000 partners of mixed scripts: no character replaced", err[-200:])
    shutil.rmtree(tmp, ignore_errors=True)
    _tap.exit()


main()
