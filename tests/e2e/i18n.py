#!/usr/bin/env python3
"""The Italian catalogues are complete: every English label and rule text has an Italian
one with the same {placeholders}; and a run with --lang it writes Italian reports.

usage: i18n.py BINARY
"""
import json, os, re, subprocess, sys
import xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("i18n")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
I18N = os.path.join(ROOT, "templates", "i18n")
BIN = sys.argv[1]


def leaves(path):
    """{(element path with id/key/n/variant): text} of a catalogue"""
    out = {}
    def walk(e, prefix):
        for c in e:
            key = prefix + "/" + c.tag + "".join("[%s=%s]" % (a, c.get(a)) for a in ("id", "key", "n", "variant") if c.get(a))
            if len(c):
                walk(c, key)
            else:
                out[key] = (c.text or "").strip()
            if c.get("title") is not None:
                out[key + "@title"] = c.get("title")
    walk(ET.parse(path).getroot(), "")
    return out


placeholders = lambda t: sorted(set(re.findall(r"\{[a-z0-9]+\}", t)))
for en_name, it_name in (("en.xml", "it.xml"), ("rules.en.xml", "rules.it.xml")):
    en, it = leaves(os.path.join(I18N, en_name)), leaves(os.path.join(I18N, it_name))
    missing = [k for k in en if k not in it]
    check(not missing, "%s has every text of %s (%d)" % (it_name, en_name, len(en)), missing[:5])
    extra = [k for k in it if k not in en]
    check(not extra, "%s has nothing %s lacks" % (it_name, en_name), extra[:5])
    wrong = [k for k in en if k in it and placeholders(en[k]) != placeholders(it[k])]
    check(not wrong, "%s: the same {placeholders} as %s" % (it_name, en_name), wrong[:5])
    same = [k for k in en if k in it and len(en[k]) > 25 and en[k] == it[k] and "{text}" not in en[k]]
    check(not same, "%s: no sentence left in English" % it_name, same[:5])

# every key the code and the templates ask for is in the English catalogue (English is
# the fallback of every language): a key missing there would print the key itself
def read(path):
    return open(os.path.join(ROOT, path), encoding="utf-8").read()
en_labels = {k.split("[key=")[1].rstrip("]") for k in leaves(os.path.join(I18N, "en.xml")) if "[key=" in k}
used = set()
for xsl in ("templates/report.xsl", "templates/index.xsl"):
    t = read(xsl)
    used |= set(re.findall(r"with-param name=\"k\" select=\"'([a-z0-9-]+)'\"", t))
    used |= set(re.findall(r"key\('label', '([a-z0-9-]+)'\)", t))
    used |= {"kind-" + k for k in ("program", "region", "partner")}   # concat('kind-', @kind)
for c in ("generator/report.c", "generator/report_charts.c", "generator/report_sections.c",
          "generator/render_pdf.c", "generator/pdf_sections.c", "generator/report_write.c",
          "generator/messages.c"):
    t = read(c)
    used |= set(re.findall(r"cat_label\([^,]+, \"([a-z0-9-]+)\"\)", t))
    used |= set(re.findall(r"label\(p, \"([a-z0-9-]+)\"\)", t))
    for chart_id in re.findall(r"chart\(charts, r, \"([a-z-]+)\"", t):
        used |= {"chart-%s-%s" % (chart_id, f) for f in ("title", "caption", "alt")}
used |= {"month-%d" % m for m in range(1, 13)} | {"month-short-%d" % m for m in range(1, 13)}
used |= {"tier-" + t for t in ("red", "amber", "green")}
check(len(used) > 60, "label keys found in the code and the templates (%d)" % len(used))
missing = sorted(used - en_labels)
check(not missing, "en.xml has every label key the code and the templates use", missing[:8])

# every reason of a rejected record or file (rules.c reason_names) has its message in
# both languages, under one of the three rules of reading
reasons = re.findall(r'\[RS_[A-Z_]+\] = "([a-z-]+)"', read("generator/rules.c"))
check(len(reasons) > 30, "reasons of reading found in rules.c (%d)" % len(reasons))
for name in ("rules.en.xml", "rules.it.xml"):
    cat = leaves(os.path.join(I18N, name))
    have = {m.group(1) for k in cat for m in [re.search(r"rule\[id=(?:invalid-record|duplicate-id|invalid-file)\]/message\[variant=([a-z-]+)\]", k)] if m}
    lacking = [x for x in reasons if x and x not in have]
    check(not lacking, "%s: a message for every reason a record or file is rejected" % name, lacking[:5])

out = _tap.tmpdir()
r = subprocess.run([BIN, "-q", "--lang", "it", "--format", "json,html", "-o", out, "input/"],
                   cwd=ROOT, capture_output=True, text=True, timeout=300)
check(r.returncode == 3, "--lang it: reports written (exit 3: the samples hold rejected records)", r.stderr[-300:])
doc = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
finds = doc["findings"] if isinstance(doc, dict) else doc
msgs = [f.get("message", "") for f in finds if f.get("rule") not in ("invalid-record", "invalid-file", "duplicate-id")]
english = [m for m in msgs if re.search(r"\b(was|were|is for|has no|without|days left|before|after the)\b", m)]
check(msgs and not english, "--lang it: findings.json messages are Italian (%d)" % len(msgs), english[:3])
remedies = [f.get("remedy", "") for f in finds]
check(remedies and not [x for x in remedies if re.search(r"\b(the|partner contacts|must)\b", x)],
      "--lang it: remedies are Italian", [x for x in remedies if re.search(r"\b(the|must)\b", x)][:3])
page = open(os.path.join(out, "program.html"), encoding="utf-8").read()
check("Rilievi per regola" in page and "Partner report" not in page and "Key figures" not in page,
      "--lang it: programme page labels are Italian")
check("Il voucher" in page and "I voucher potevano essere creati" in page,
      "--lang it: rule texts and descriptions on the page are Italian")

# No English sentence of the catalogues in any --lang it page: the literal parts of every
# English text (between placeholders) that its Italian text does not share, searched in
# pdftotext of every PDF and the text of every HTML page; the same search on the English
# run must find them (the check is not empty).
import html as htmllib  # noqa: E402
def fragments():
    out = set()
    for en_name, it_name in (("en.xml", "it.xml"), ("rules.en.xml", "rules.it.xml")):
        en, it = leaves(os.path.join(I18N, en_name)), leaves(os.path.join(I18N, it_name))
        for k, text in en.items():
            if "[key=month" in k:
                continue
            for frag in re.split(r"\{[a-z0-9-]+\}|[<>()':;]", text):
                frag = " ".join(frag.split()).strip(" ,.")
                if len(frag.split()) >= 3 and frag not in it.get(k, ""):
                    out.add(frag)
    return out
FRAGS = fragments()
def page_texts(d):
    texts = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            if f.endswith(".pdf"):
                t = subprocess.run(["pdftotext", p, "-"], capture_output=True).stdout.decode("utf-8", "replace")
            elif f.endswith(".html"):
                t = open(p, encoding="utf-8").read()
                t = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", t, flags=re.S)
                t = htmllib.unescape(re.sub(r"<[^>]+>", " ", t))
            else:
                continue
            texts[os.path.relpath(p, d)] = " ".join(t.split())
    return texts
def english_in(d):
    hits = []
    for name, t in sorted(page_texts(d).items()):
        hits += [(name, f) for f in FRAGS if f in t]
    return hits
pages = {}
for lang in ("it", "en"):
    pages[lang] = _tap.tmpdir()
    r = subprocess.run([BIN, "-q", "--lang", lang, "--format", "pdf,html", "-o", pages[lang], "input/"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    check(r.returncode == 3, "--lang %s: PDF and HTML written" % lang, r.stderr[-300:])
check(len(FRAGS) > 200, "English sentences of the catalogues to look for (%d)" % len(FRAGS))
en_hits = english_in(pages["en"])
check(len({f for _, f in en_hits}) > 50, "the English run shows them (%d distinct): the search works" % len({f for _, f in en_hits}))
it_hits = english_in(pages["it"])
n_pages = len(page_texts(pages["it"]))
check(n_pages > 40 and not it_hits, "--lang it: no English sentence of the catalogues in any of %d PDFs and pages" % n_pages, it_hits[:5])

# dates as the reader reads them in the Italian pages; ISO stays in findings.json
t = page_texts(pages["it"])
prog = t["program.pdf"]
check("Data di riferimento: 15 giugno 2021" in prog, "--lang it: program.pdf says 'Data di riferimento: 15 giugno 2021'")
# (a value quoted from a rejected record, '2021-02-30', stays as it was written)
iso = [(n, m) for n, x in t.items() for m in re.findall(r"(?<!')\b20[12]\d-[01]\d-[0-3]\d\b(?!')", x)]
check(not iso, "--lang it: no ISO date in any PDF or page", iso[:5])
unelided = [(n, m) for n, x in t.items() for m in re.findall(r"\b(?:il|del|dal|al) (?:8|11) [a-z]+ \d{4}", x)]
check(not unelided, "--lang it: the article elided before 8 and 11 (l'8 marzo, dell'11 aprile)", unelided[:3])
check(any("l'11 novembre 2021" in x for x in t.values()), "--lang it: 'entro l'11 novembre 2021' in a partner's actions")
check("Nessun dato" in open(os.path.join(ROOT, "templates", "i18n", "it.xml"), encoding="utf-8").read()
      and "No data" not in " ".join(t.values()), "--lang it: no 'No data' in the charts")

# the messages of rejected records: the catalogue's words in each language, never libxml2's
bad = os.path.join(_tap.tmpdir(), "vouchers.xml")
with open(bad, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0"?>\n<vouchers-export version="1" exported="2021-06-15T00:00:00Z">\n'
            '<customer id="C1" region="EMEA"><name>Fabrikam</name></customer>\n'
            '<voucher id="V-ATTR" customer="C1" offering="DDPS" engagement="DDPS-5" days="5" colour="red"><created date="2021-03-01"/></voucher>\n'
            '<voucher id="V-DATE" customer="C1" offering="DDPS" engagement="DDPS-5" days="5"><created date="2021-02-30"/></voucher>\n'
            '<voucher id="V-ORDER" customer="C1" offering="DDPS" engagement="DDPS-5" days="5"><assigned date="2021-03-02"/><created date="2021-03-01"/></voucher>\n'
            '<voucher id="V-DAYS" customer="C1" offering="DDPS" engagement="DDPS-5" days="0"><created date="2021-03-01"/></voucher>\n'
            '<customer id="C-REGION" region="MARS"><name>Elsewhere</name></customer>\n'
            '<voucher id="V-MISS" offering="DDPS" engagement="DDPS-5" days="5"><created date="2021-03-01"/></voucher>\n'
            '<voucher id="V-EMPTY" customer="C1" offering="DDPS" engagement="DDPS-5" days="5"></voucher>\n'
            '<voucher id="V-TEXT" customer="C1" offering="DDPS" engagement="DDPS-5" days="5">hello<created date="2021-03-01"/></voucher>\n'
            '<voucher id="V-AMOUNT" customer="C1" offering="DDPS" engagement="DDPS-5" days="5"><created date="2021-03-01"/><payment-request date="2021-03-01" amount="12.5"/></voucher>\n'
            '<voucher id="V-TZ" customer="C1" offering="DDPS" engagement="DDPS-5" days="5"><created date="2021-03-01Z"/></voucher>\n'
            '<voucher id="TOO-LONG-12345678901234567890123456789012345678901234567890123456" customer="C1" offering="DDPS" engagement="DDPS-5" days="5"><created date="2021-03-01"/></voucher>\n'
            '<customer id="C1" region="EMEA"><name>Again</name></customer>\n'
            '<note>not a record</note>\n'
            '</vouchers-export>\n')
expect = {  # voucher or customer ID: (reason, words of the English, words of the Italian message)
    "V-ATTR": ("attribute-not-allowed", "<voucher> has an attribute colour", "<voucher> ha un attributo colour"),
    "V-DATE": ("bad-date", "'2021-02-30', which is not a possible date", "'2021-02-30', che non è una data possibile"),
    "V-ORDER": ("unexpected-element", "<assigned> is not expected at this place in <voucher>; expected there: created.",
                "<assigned> non è previsto a questo punto di <voucher>; qui è atteso: created."),
    "V-DAYS": ("bad-number", "The attribute days of <voucher> is '0'", "L'attributo days di <voucher> vale '0'"),
    "C-REGION": ("not-in-list", "it must be AMER, EMEA or APAC.", "deve essere AMER, EMEA o APAC."),
    "V-MISS": ("attribute-missing", "<voucher> lacks its required attribute customer", "A <voucher> manca l'attributo obbligatorio customer"),
    "V-EMPTY": ("missing-element", "<voucher> lacks created", "In <voucher> manca created"),
    "V-TEXT": ("text-not-allowed", "<voucher> holds text", "<voucher> contiene testo"),
    "V-AMOUNT": ("bad-form", "The attribute amount of <payment-request> is '12.5', which does not have the form",
                 "L'attributo amount di <payment-request> vale '12.5', che non ha la forma"),
    "V-TZ": ("bad-date", "'2021-03-01Z', which is not a possible date", "'2021-03-01Z', che non è una data possibile"),
    "TOO-LONG-12345678901234567890123456789012345678901234567890123456":
        ("too-long", "has 65 characters, more than the 64 allowed", "ha 65 caratteri, più dei 64 ammessi"),
}
got = {}
for k, lang in enumerate(("en", "it")):
    o = _tap.tmpdir()
    r = subprocess.run([BIN, "--no-progress", "--lang", lang, "--format", "json", "-o", o, bad], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    finds = json.load(open(os.path.join(o, "findings.json"), encoding="utf-8"))["findings"]
    read_f = [f for f in finds if f["rule"] in ("invalid-record", "duplicate-id")]
    got[lang] = {(f["voucher"] or f["customer"] or "note"): f["message"] for f in read_f if f["rule"] == "invalid-record"}
    wrong = [(i, got[lang].get(i)) for i, e in expect.items() if e[1 + k] not in (got[lang].get(i) or "")]
    check(not wrong, "--lang %s: each rejected record's message names its element, attribute and value (%d)" % (lang, len(expect)), wrong[:3])
    libxml = [m for f in read_f for m in [f["message"]] if re.search(r"Element '|atomic type|Expected is|\[facet", m)]
    check(read_f and not libxml, "--lang %s: no libxml2 wording in the messages of rejected records" % lang, libxml[:2])
    dup = [f["message"] for f in read_f if f["rule"] == "duplicate-id"]
    want = ("The customer ID C1 appears a second time" if lang == "en" else "L'ID cliente C1 compare una seconda volta")
    check(dup and want in dup[0] and "vouchers.xml:3" in dup[0], "--lang %s: the duplicate ID's message, with where it was first seen" % lang, dup)
    note = got[lang].get("note", "")
    check(("<note> is not a record" if lang == "en" else "<note> non è un record") in note,
          "--lang %s: an element that is no record" % lang, note)
    # stderr keeps libxml2's English for the operator
    check("Element 'voucher', attribute 'colour'" in r.stderr, "--lang %s: stderr keeps libxml2's own words" % lang, r.stderr[:200])
_tap.exit()
