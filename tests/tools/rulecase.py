#!/usr/bin/env python3
"""Runs the rule cases of tests/rules/*.case against the real binary.

A case file is plain text, easy to add (jq's habit: tests are data):

    # comment
    as-of 2021-06-30            (optional: --as-of; omitted = latest exported date)
    args --fail-on error        (optional: extra command-line arguments)
    exported 2021-06-30         (optional: the exported date of the generated files)
    --- partners                 XML records placed inside <partners-export>
    <partner id="P1" region="EMEA"><name>P</name>...</partner>
    --- vouchers                 XML records placed inside <vouchers-export>
    <voucher .../>
    --- waivers                  XML records placed inside <waivers version="1">
    program FILE                (optional) a program definition, relative to the case file
    include FILE                (optional) the sections of FILE come first (shared records)
    --- program                  (optional) a whole program definition replacing the default
    --- expect
    finding RULE SUBJECT [DATE]  a finding of RULE about SUBJECT (voucher, else customer,
                                 else partner ID), dated DATE ("null" for no date)
    no-finding RULE SUBJECT      no finding of RULE about SUBJECT
    count RULE N                 exactly N findings of RULE
    status VOUCHER STATUS
    deadline VOUCHER DATE KIND DAYS   or   deadline VOUCHER none
    expires VOUCHER DATE
    exists VOUCHER / absent VOUCHER  (the voucher is / is not in "vouchers")
    exit N                       the exit status
    summary KEY N                a summary figure
    input NAME records N rejected M   (NAME: partners.xml or vouchers.xml)
    line RULE SUBJECT N          the finding's line number
    waived RULE SUBJECT ID       the finding of RULE about SUBJECT is waived by waiver ID
    not-waived RULE SUBJECT      the finding exists and carries no waiver

Prints "ok - case: expectation" or "not ok - ..." lines; exit status 1 on any failure.
"""
import json, os, subprocess, sys, tempfile

def parse(path):
    meta, sections, cur = {"args": []}, {}, None
    for raw in open(path, encoding="utf-8"):
        if raw.startswith("include "):  # records shared by several cases
            _, inc = parse(os.path.join(os.path.dirname(path), raw.split()[1]))
            for k, v in inc.items():
                sections.setdefault(k, []).extend(v)
            continue
        line = raw.rstrip("\n")
        if line.startswith("--- "):
            cur = line[4:].strip()
            sections[cur] = []
            continue
        if cur is not None:
            sections[cur].append(line)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        key, _, val = line.partition(" ")
        if key == "args":
            meta["args"] += val.split()
        else:
            meta[key] = val.strip()
    return meta, sections

def subject(f):
    return f["voucher"] or f["customer"] or f["partner"] or "-"

def run_case(binary, path):
    name = os.path.basename(path)[:-5]
    meta, sec = parse(path)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        exported = meta.get("exported", "2021-05-31") + "T22:00:00Z"
        files = []
        for kind in ("partners", "vouchers"):
            if kind in sec:
                p = os.path.join(tmp, kind + ".xml")
                with open(p, "w", encoding="utf-8") as f:
                    f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
                    f.write('<%s-export version="1" exported="%s">\n' % (kind, exported))
                    f.write("\n".join(sec[kind]) + "\n")
                    f.write("</%s-export>\n" % kind)
                files.append(p)
        if "waivers" in sec:
            p = os.path.join(tmp, "waivers.xml")
            with open(p, "w", encoding="utf-8") as f:
                f.write('<?xml version="1.0" encoding="UTF-8"?>\n<waivers version="1">\n')
                f.write("\n".join(sec["waivers"]) + "\n</waivers>\n")
            files.append(p)
        args = [binary, "-q", "--format", "json", "-o", os.path.join(tmp, "out")]
        if "as-of" in meta:
            args += ["--as-of", meta["as-of"]]
        if "program" in meta:
            args += ["--program", os.path.join(os.path.dirname(path), meta["program"])]
        if "program" in sec:
            p = os.path.join(tmp, "program.xml")
            open(p, "w", encoding="utf-8").write("\n".join(sec["program"]) + "\n")
            args += ["--program", p]
        args += meta["args"] + files
        proc = subprocess.run(args, capture_output=True, text=True)
        out = os.path.join(tmp, "out", "findings.json")
        data = json.load(open(out, encoding="utf-8")) if os.path.exists(out) else None
        for line in sec.get("expect", []):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            w = line.split()
            ok, why = False, ""
            try:
                if w[0] == "exit":
                    ok = proc.returncode == int(w[1]); why = "exit %d" % proc.returncode
                elif data is None:
                    why = "no findings.json (exit %d): %s" % (proc.returncode, proc.stderr.strip()[:300])
                elif w[0] in ("waived", "not-waived"):
                    hits = [f for f in data["findings"] if f["rule"] == w[1] and subject(f) == w[2]]
                    if w[0] == "waived":
                        ok = len(hits) == 1 and (hits[0]["waiver"] or {}).get("id") == w[3]
                    else:
                        ok = len(hits) == 1 and hits[0]["waiver"] is None
                    why = "found %s" % [f["waiver"] for f in hits]
                elif w[0] in ("finding", "no-finding", "line"):
                    hits = [f for f in data["findings"] if f["rule"] == w[1] and subject(f) == w[2]]
                    if w[0] == "no-finding":
                        ok = not hits
                    elif w[0] == "line":
                        ok = len(hits) == 1 and hits[0]["line"] == int(w[3])
                    elif len(w) > 3:
                        want = None if w[3] == "null" else w[3]
                        ok = any(f["date"] == want for f in hits)
                    else:
                        ok = bool(hits)
                    why = "found %s" % [(f["date"], f["message"]) for f in hits]
                elif w[0] == "count":
                    n = sum(1 for f in data["findings"] if f["rule"] == w[1])
                    ok = n == int(w[2]); why = "count %d" % n
                elif w[0] in ("status", "deadline", "expires", "exists", "absent"):
                    v = [x for x in data["vouchers"] if x["id"] == w[1]]
                    if w[0] == "absent":
                        ok = not v
                    elif w[0] == "exists":
                        ok = bool(v)
                    elif not v:
                        why = "voucher not listed"
                    elif w[0] == "status":
                        ok = v[0]["status"] == w[2]; why = "status %s" % v[0]["status"]
                    elif w[0] == "expires":
                        ok = v[0]["expires"] == w[2]; why = "expires %s" % v[0]["expires"]
                    else:
                        x = v[0]
                        got = (x["deadline"], x["deadline_kind"], x["days_remaining"])
                        if w[2] == "none":
                            ok = got == (None, None, None)
                        else:
                            ok = got == (w[2], w[3], int(w[4]))
                        why = "deadline %s" % (got,)
                elif w[0] == "summary":
                    ok = data["summary"][w[1]] == int(w[2]); why = "summary %s" % data["summary"][w[1]]
                elif w[0] == "input":
                    i = [x for x in data["inputs"] if os.path.basename(x["path"]) == w[1]]
                    ok = bool(i) and i[0]["records"] == int(w[3]) and i[0]["rejected"] == int(w[5])
                    why = "inputs %s" % i
                else:
                    why = "unknown expectation"
            except (IndexError, ValueError, KeyError) as e:
                why = "bad expectation: %r" % e
            results.append((ok, "%s: %s" % (name, line), why))
    return results

def main():
    binary = sys.argv[1]
    cases = sys.argv[2:]
    failed = 0
    for c in cases:
        for ok, what, why in run_case(binary, c):
            if ok:
                print("ok - " + what)
            else:
                failed += 1
                print("not ok - %s (%s)" % (what, why))
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
