#!/usr/bin/env python3
"""The Italian catalogues are complete: every English label and rule text has an Italian
one with the same {placeholders}; and a run with --lang it writes Italian reports.

usage: i18n.py BINARY
"""
import json, os, re, subprocess, sys, tempfile
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

out = tempfile.mkdtemp()
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
_tap.exit()
