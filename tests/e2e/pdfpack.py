#!/usr/bin/env python3
"""Every PDF packed (generator/pdf_pack.h), checked against libharu's own file.

The samples are written twice: as shipped, and with PSREPORT_PDF_PACK=off (the file
libharu saved, PDF 1.3 with an xref table, its streams plain). For every PDF of the
samples: the packed file is PDF 1.5 with an object stream and a cross-reference stream,
every stream deflated, and smaller; qpdf checks it; qpdf reads the same objects from
both files (same numbers, same values, the same stream data once decoded) and the same
Root and Info; poppler gives the same text, with nothing on
stderr, and renders every page to the same pixels; the programme PDF, over 64 KB, has
its offsets in 3 bytes. Then: a run at -j1 and one at -j2 give the same bytes.

usage: pdfpack.py BINARY
"""
import json, os, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("pdfpack")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def sh(*args, **kw):
    return subprocess.run(list(args), capture_output=True, timeout=600, **kw)


def run(binary, out, *extra, env=None):
    e = dict(os.environ, **(env or {}))
    e.setdefault("SOURCE_DATE_EPOCH", "1623744000")  # one generation time: runs byte-comparable
    return sh(binary, "-q", "--format", "pdf", *extra, "-o", out, os.path.join(ROOT, "input"), env=e)


def pdfs(d):
    return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs
                  if f.endswith(".pdf"))


def objects(path):
    """qpdf's reading of path: {object: value or stream}, without the object and xref
    streams (the packing's own), and the trailer's Root and Info. A stream is its
    dictionary and its data decoded; its /Filter and the object its /Length names (the
    size of the data as stored) are left out: libharu stores the data plain, pdf_pack
    deflated."""
    j = json.loads(sh("qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized",
                      path).stdout)["qpdf"][1]
    objs = {k: v for k, v in j.items() if k.startswith("obj:")
            and not (isinstance(v.get("stream"), dict) and v["stream"]["dict"].get("/Type") in ("/ObjStm", "/XRef"))}
    raw = json.loads(sh("qpdf", "--json=2", "--json-stream-data=none", path).stdout)["qpdf"][1]
    for v in raw.values():  # with the data decoded, qpdf leaves /Length out of the dictionary
        ref = v.get("stream", {}).get("dict", {}).get("/Length") if isinstance(v, dict) else None
        if isinstance(ref, str) and ref.endswith(" R"):
            objs.pop("obj:" + ref, None)
    for v in objs.values():
        v.get("stream", {}).get("dict", {}).pop("/Filter", None)
    t = j["trailer"]["value"]
    return objs, (t.get("/Root"), t.get("/Info")), t


def pages(path, prefix):
    sh("pdftoppm", "-r", "36", "-gray", path, prefix)
    d = os.path.dirname(prefix)
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.startswith(os.path.basename(prefix)))


def main():
    binary = os.path.abspath(sys.argv[1])
    packed, plain = _tap.tmpdir(), _tap.tmpdir()
    r1 = run(binary, packed, "-j2")
    r2 = run(binary, plain, "-j2", env={"PSREPORT_PDF_PACK": "off"})
    names = pdfs(packed)
    check(r1.returncode == 3 and r2.returncode == 3 and len(names) > 20 and names == pdfs(plain),
          "the samples written packed and as libharu saved them (%d PDFs each, exit 3)" % len(names),
          (r1.returncode, r2.returncode, r1.stderr[-200:]))
    head_bad, size_bad, check_bad, obj_bad, text_bad, pix_bad, noisy = [], [], [], [], [], [], []
    saved, n_pages = [], 0
    for n in names:
        a, b = os.path.join(packed, n), os.path.join(plain, n)
        da, db = open(a, "rb").read(), open(b, "rb").read()
        if not (da.startswith(b"%PDF-1.5\n") and b"/Type /ObjStm" in da and b"/Type /XRef" in da
                and b"\nxref\n" not in da and da.count(b"stream\r\n") == da.count(b"/Filter /FlateDecode\n")
                and db.startswith(b"%PDF-1.3\n") and b"\nxref\n0 " in db and b"/Filter" not in db):
            head_bad.append(n)
        if len(da) >= len(db):
            size_bad.append((n, len(da), len(db)))
        saved.append(len(db) - len(da))
        if sh("qpdf", "--check", a).returncode != 0:
            check_bad.append(n)
        oa, ta, _ = objects(a)
        ob, tb, _ = objects(b)
        if oa != ob or ta != tb or len(oa) < 10:
            obj_bad.append((n, sorted(set(oa) ^ set(ob))[:3], ta, tb))
        xa, xb = sh("pdftotext", a, "-"), sh("pdftotext", b, "-")
        if xa.stdout != xb.stdout or not xa.stdout:
            text_bad.append(n)
        if xa.stderr:
            noisy.append((n, xa.stderr[:100]))
        pa = pages(a, os.path.join(_tap.tmpdir(), "p"))
        pb = pages(b, os.path.join(_tap.tmpdir(), "p"))
        n_pages += len(pa)
        if len(pa) != len(pb) or not pa or any(open(x, "rb").read() != open(y, "rb").read() for x, y in zip(pa, pb)):
            pix_bad.append(n)
    saved.sort()
    print("# %d PDFs, %d pages; bytes saved by packing: min %d, median %d, max %d"
          % (len(names), n_pages, saved[0], saved[len(saved) // 2], saved[-1]))
    check(names and not head_bad, "every packed PDF is 1.5 with an object stream and an xref stream, no xref table, "
          "every stream deflated (libharu's: 1.3, an xref table, plain streams)", head_bad[:3])
    check(names and not size_bad, "every packed PDF is smaller than libharu's file", size_bad[:3])
    check(names and not check_bad, "qpdf --check passes on all %d packed PDFs" % len(names), check_bad[:3])
    check(names and not obj_bad, "qpdf reads the same objects, Root and Info from both files of all %d PDFs"
          % len(names), obj_bad[:2])
    check(names and not text_bad, "pdftotext gives the same text from both files of every PDF", text_bad[:3])
    check(names and not noisy, "pdftotext reads every packed PDF with nothing on stderr", noisy[:2])
    check(n_pages > 100 and not pix_bad, "all %d pages render to the same pixels (36 dpi, grey)" % n_pages,
          pix_bad[:3])
    big = os.path.join(packed, "program.pdf")
    _, _, t = objects(big)
    check(os.path.getsize(big) > 65536 and t.get("/W") == [1, 3, 2],
          "the programme PDF (%d bytes) has its offsets in 3 bytes: /W [1 3 2]" % os.path.getsize(big), t.get("/W"))
    small = os.path.join(packed, "partners", "4412345.pdf")
    _, _, t = objects(small)
    check(os.path.getsize(small) < 65536 and t.get("/W") == [1, 2, 2],
          "a partner PDF under 64 KB has them in 2: /W [1 2 2]", t.get("/W"))
    j1 = _tap.tmpdir()
    r = run(binary, j1, "-j1")
    same = [n for n in names if open(os.path.join(j1, n), "rb").read() == open(os.path.join(packed, n), "rb").read()]
    check(r.returncode == 3 and len(same) == len(names), "-j1 and -j2 write the same packed bytes (%d of %d PDFs)"
          % (len(same), len(names)))
    _tap.exit()


main()
