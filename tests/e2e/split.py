#!/usr/bin/env python3
"""Big files read in parts (ingest.c, read_split): the same findings, messages, exit
code and counts as the one-piece reading, whatever the number of parts and wherever the
split points fall; and any part that fails sends the file back to the one-piece reading.

PSREPORT_SPLIT_MIN (bytes a part has at least) is set low so that small files split;
-j N gives the number of parts. PSREPORT_TIMES=1 reports "read in N parts".

usage: split.py BINARY
"""
import json, os, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("split")
check = _tap.check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BIN = sys.argv[1]
tmp = _tap.tmpdir()


def run(files, jobs, split_min=None, times=False):
    env = dict(os.environ)
    env.pop("PSREPORT_SPLIT_MIN", None)
    env.pop("PSREPORT_TIMES", None)
    if split_min is not None:
        env["PSREPORT_SPLIT_MIN"] = str(split_min)
    if times:
        env["PSREPORT_TIMES"] = "1"
    out = _tap.tmpdir()
    r = subprocess.run([BIN, "-v", "--no-progress", "-j", str(jobs), "--as-of", "2021-06-15",
                        "--format", "json,csv", "-o", out, *files],
                       capture_output=True, text=True, timeout=300, env=env)
    res = {"rc": r.returncode,
           "err": "\n".join(l for l in r.stderr.splitlines() if not l.startswith("psreport: time:")),
           "parts": [l for l in r.stderr.splitlines() if "read in" in l]}
    for name in ("findings.json", "findings.csv"):
        p = os.path.join(out, name)
        res[name] = open(p, "rb").read() if os.path.exists(p) else None
    return res


def same(label, files, jobs_list=(2, 3, 4), split_min=64, expect_split=True):
    one = run(files, 1)
    for j in jobs_list:
        got = run(files, j, split_min, times=True)
        ok = all(got[k] == one[k] for k in ("rc", "err", "findings.json", "findings.csv"))
        diff = [k for k in ("rc", "err", "findings.json", "findings.csv") if got[k] != one[k]]
        check(ok, "%s, -j %d: as read in one piece" % (label, j), "differs in %s" % diff)
        if expect_split is not None:
            split = any("read in" in l for l in got["parts"])
            check(split == expect_split, "%s, -j %d: %s" % (
                label, j, "read in parts" if expect_split else "read in one piece"), got["parts"])
    return one


def write(name, text, mode="w"):
    p = os.path.join(tmp, name)
    with open(p, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(text)
    return p


samples = [os.path.join(ROOT, "input", n) for n in ("partners.xml", "vouchers.xml", "vouchers_corrections.xml")]
one = same("the samples", samples)
check(one["rc"] == 3 and "duplicate" in one["err"], "the samples reject records (the comparison sees messages)", one["rc"])
for split_min in (200, 1000, 5000, 20000):
    got = run(samples, 4, split_min)
    check(all(got[k] == one[k] for k in ("rc", "err", "findings.json")),
          "the samples, split points every %d bytes or more" % split_min)

# A big file with rejections and duplicates everywhere, past line 65535 (where libxml2
# stops keeping element lines), in multi-line records.
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment <voucher id="x"> -->\n' \
       '<vouchers-export version="1" exported="2021-06-15T06:00:00Z">\n'
rows = ['  <customer id="C1" region="EMEA">\n    <name>Ελληνικά &amp; co</name>\n  </customer>\n']
for i in range(20000):
    vid = "V%d" % (i % 19000)                       # the last 1000 are duplicates of early ones
    extra = ' priority="1"' if i % 997 == 5 else ""  # an unknown attribute: invalid record
    date = "2021-02-30" if i % 1499 == 7 else "2021-01-%02d" % (i % 28 + 1)
    rows.append('  <voucher id="%s" customer="C%d" partner="P1" offering="DDPS" engagement="DDPS-5"\n'
                '           days="5"%s>\n    <created date="%s"/>\n  </voucher>\n'
                % (vid, 1 + i % 3, extra, date))
    if i % 5000 == 4999:
        rows.append('  <!-- a comment with <voucher id="in-a-comment"> -->\n'
                    '  <customer id="C%d" region="APAC"><name><![CDATA[ <voucher id="cdata"> ]]></name></customer>\n' % (i // 5000 + 2))
big = write("big.xml", HEAD + "".join(rows) + "</vouchers-export>\n")
lines = open(big, encoding="utf-8").read().count("\n")
check(lines > 70000, "the big file has more than 65535 lines", lines)
one = same("20,000 vouchers, duplicates and invalid records", [big], split_min=1 << 16)
# 1,000 repeated IDs, less the few whose first record was itself rejected as invalid
check(one["rc"] == 3 and 990 <= one["err"].count("duplicate voucher") <= 1000,
      "the big file: its duplicates are reported", one["err"].count("duplicate voucher"))
# read in one piece at -j 2: findings.json's two long lists are formatted a block of
# 8,192 at a time on two threads (render_json.c, format_list); the bytes are -j 1's
whole = run([big], 2, split_min=1 << 40, times=True)
js = json.loads(one["findings.json"])
check(not whole["parts"] and whole["findings.json"] == one["findings.json"] and
      len(js["vouchers"]) > 2 * 8192 and len(js["findings"]) > 2 * 8192,
      "the big file at -j 2 in one piece: findings.json formatted on two threads is -j 1's, byte for byte",
      (whole["parts"], len(js["vouchers"]), len(js["findings"])))

# Lines past 65535 are exact in every message (ingest_node_line: libxml2 keeps element
# lines in 16 bits; past them the line comes from the first text inside the record): a
# record whose error is in an attribute of a child, one whose error is the text of a
# child, a child with an impossible date, and single-line customers whose first child
# is an element (their duplicate IDs were all said at the parser's line, the end of the
# file, at -j 1), each at a known line past 70,000, read in one piece and in parts.
# Records without text of their own too (<voucher id="x"/>, one line or two, two on one
# line, the last before the root's end tag; a one-line voucher of empty elements, valid
# and duplicated or with an impossible date in its last child): their line comes from
# the blanks after them (they were said at the parser's line, a guess some lines
# further, at -j 1).
pad = ['  <voucher id="Q%d" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5"\n'
       '           days="5">\n    <created date="2021-01-05"/>\n  </voucher>\n' % i for i in range(18000)]
text = HEAD + rows[0] + "".join(pad)
at = {}
def add(key, record):
    global text
    at[key] = text.count("\n") + 1 + record.split("@")[0].count("\n")
    text += record.replace("@", "")
add("attr", '  <voucher id="L1" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5"\n'
            '           days="5">\n@    <created date="2021-01-05" colour="red"/>\n  </voucher>\n')
add("text", '  <customer id="L2" region="EMEA">\n@    <name></name>\n  </customer>\n')
add("date", '  <voucher id="L4" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5"\n'
            '           days="5">\n@    <created date="2021-02-30"/>\n  </voucher>\n')
add("first", '@  <customer id="D1" region="EMEA"><name>d</name></customer>\n')
add("dup1", '@  <customer id="D1" region="EMEA"><name>d</name></customer>\n')
add("dup2", '  <customer id="D2" region="EMEA"><name>e</name></customer>\n'
            '@  <customer id="D1" region="EMEA"><name>d</name></customer>\n')
add("empty1", '@  <voucher id="E1"/>\n')
add("empty2", '  <voucher id="E2" customer="C1" partner="P1" offering="DDPS"\n@           colour="red"/>\n')
add("empty3", '@  <customer id="E3"/>\n')
add("empty5", '@  <voucher id="E5"/><customer id="E6"/>\n')
at["empty6"] = at["empty5"]
add("notext", '@  <voucher id="Q7" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" '
              'days="5"><created date="2021-01-05"/></voucher>\n')
add("lastchild", '@  <voucher id="L5" customer="C1" partner="P1" offering="DDPS" engagement="DDPS-5" '
                 'days="5"><created date="2021-02-30"/></voucher>\n')
text += "  <customer id=\"Z\" region=\"EMEA\"><name>z</name></customer>\n" * 3
add("empty4", '@  <customer id="E4"/>\n')
lines_file = write("lines.xml", text + "</vouchers-export>\n")
for jobs in (1, 2):
    got = run([lines_file], jobs, split_min=1 << 16)
    err = [l for l in got["err"].splitlines() if "lines.xml:" in l]
    said = sorted(int(l.split("lines.xml:")[1].split(":")[0]) for l in err)
    want = sorted([at["attr"], at["text"], at["date"], at["dup1"], at["dup2"]])
    firsts = ["first seen at %s:%d)" % (lines_file, at["first"]) in l for l in err if "duplicate customer ID 'D1'" in l]
    check(at["attr"] > 70000 and said[:5] == want and len(firsts) == 2 and all(firsts),
          "-j %d: the line of each error past line 70,000 is exact (attribute, text, date, duplicates)" % jobs,
          (want, said, got["err"][-400:]))
    js = json.loads(got["findings.json"])
    found = {}
    for f in js["findings"]:
        rid = f.get("voucher") or f.get("customer") or ""
        found.setdefault((f["rule"], rid), f["line"])
    cases = {"empty1": ("invalid-record", "E1"), "empty2": ("invalid-record", "E2"),
             "empty3": ("invalid-record", "E3"), "empty4": ("invalid-record", "E4"),
             "empty5": ("invalid-record", "E5"), "empty6": ("invalid-record", "E6"),
             "notext": ("duplicate-id", "Q7"), "lastchild": ("invalid-record", "L5")}
    exact = {k: found.get(v) for k, v in cases.items()}
    check(all(exact[k] == at[k] for k in cases) and all(("lines.xml:%d: error" % at[k]) in got["err"] for k in cases),
          "-j %d: records without text of their own past line 70,000 are said at their own line" % jobs,
          (exact, {k: at[k] for k in cases}))

# Past line 65535, a file cut by an error in a record's content, whose complete records
# before it the parser had already built (salvaged), and whose cut record has nothing
# parsed after it: said at the line where the blanks before it end.
# Not here: the last record right before the root's end tag, with no blank between
# (<voucher id="x"/></vouchers-export>), past line 65535: -j 1 says the parser's line,
# a guess (the end of the file), -j 2 its own.
base = HEAD + rows[0] + "".join(pad)
salv = base + "".join('  <customer id="S%d" region="EMEA"><name>s</name></customer>\n' % i for i in range(4))
cut_at = salv.count("\n") + 1
salv_file = write("salvage.xml", salv + '  <customer id="S9" region="EMEA">&undefined;</customer>\n</vouchers-export>\n')
for jobs in (1, 2):
    got = run([salv_file], jobs, split_min=1 << 16)
    js = json.loads(got["findings.json"])
    inv = [f for f in js["findings"] if f["rule"] == "invalid-file"]
    rec = [i for i in js["inputs"] if i["path"] == salv_file]
    check(len(inv) == 1 and ("the record at line %d is incomplete" % cut_at) in got["err"]
          and rec and rec[0]["records"] == 18005,
          "-j %d: a file cut past line 70,000: the records before the cut read, the cut one said at its line" % jobs,
          (inv, cut_at, rec, got["err"][-300:]))

# CRLF line ends count like LF; a bare CR sends the file back to one piece.
crlf = write("crlf.xml", (HEAD + "".join(rows[:3000]) + "</vouchers-export>\n").replace("\n", "\r\n"))
same("CRLF line ends", [crlf], split_min=1 << 14)
cr = write("cr.xml", (HEAD + "".join(rows[:3000]) + "</vouchers-export>\n").replace("\n", "\r"))
same("bare CR line ends", [cr], split_min=1 << 14, expect_split=False)

# Files a part cannot read: each goes back to one piece, with the one-piece findings.
body = "".join(rows[:3000])
cut = write("cut.xml", HEAD + body[: len(body) * 3 // 4])
same("a file cut in its last part", [cut], split_min=1 << 12, expect_split=False)
first, second = "".join(rows[:1500]), "".join(rows[1500:3000])  # halves at a record boundary
broken = write("broken.xml", HEAD + first + "<voucher id='x' <<>\n" + second + "</vouchers-export>\n")
same("a well-formedness error in the middle", [broken], split_min=1 << 12, expect_split=False)
ns = write("ns.xml", HEAD.replace('<vouchers-export ', '<vouchers-export xmlns:x="urn:x" ')
           + first + '  <x:voucher id="ns"/>\n' + second + "</vouchers-export>\n")
same("a record in a namespace declared on the root", [ns], split_min=1 << 12)
nested = write("nested.xml", HEAD + first + '  <customer id="N1" region="EMEA"><name>n</name>\n'
               + "".join('<voucher id="in%d"/>\n' % i for i in range(4000)) + "</customer>\n"
               + second + "</vouchers-export>\n")
# the split point of -j 2 falls among the nested records: the part fails, one piece reads it
same("record names nested in a record", [nested], jobs_list=(2,), split_min=1 << 12, expect_split=False)
doctype = write("doctype.xml", HEAD.replace("<vouchers-export", '<!DOCTYPE vouchers-export [ <!ENTITY e "x"> ]>\n<vouchers-export')
                + body + "</vouchers-export>\n")
same("a DOCTYPE", [doctype], split_min=1 << 12, expect_split=False)
latin1 = write("latin1.xml", (HEAD.replace("UTF-8", "ISO-8859-1").replace("Ελληνικά", "Élan")
                              + "".join(rows[1:3000]) + "</vouchers-export>\n").encode("latin-1"), "wb")
same("an ISO-8859-1 file", [latin1], split_min=1 << 12)
for name in sorted(os.listdir(os.path.join(ROOT, "tests", "hostile", "files"))):
    same("hostile file %s" % name, [os.path.join(ROOT, "tests", "hostile", "files", name)],
         jobs_list=(2, 4), split_min=16, expect_split=None)

_tap.exit()
