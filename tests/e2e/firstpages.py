#!/usr/bin/env python3
"""Page 1 of each report, as its reader uses it (issue 12, items 1 and 2).

A partner's page 1 is its action list: the first page of each partner PDF with an error
names that error's voucher; every finding on a closed voucher reads the closed-voucher
wording of its rule (rules.<lang>.xml, remedy variant="closed"), and the named cases
(PS-2020-000901, PS-2021-000917) no longer contradict their state; a partner never reads
an instruction only the export's operator can carry out (the plain remedy of a rule that
has a variant="partner"); "Nothing to do" stands exactly when the partner has no finding
and no open deadline. A manager's page 1 is the summary: its figures with their units;
programme and region PDFs list no closed voucher row by row and carry the Partner and
Voucher columns. English and Italian.

usage: firstpages.py BINARY
"""
import html, json, os, re, subprocess, sys, tempfile, shutil
import xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("firstpages")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
I18N = os.path.join(ROOT, "templates", "i18n")


def sh(*args):
    return subprocess.run(list(args), capture_output=True, timeout=300, cwd=ROOT)


def text(pdf, first=None, last=None, mode="-layout"):
    args = ["pdftotext", mode] + (["-f", str(first), "-l", str(last)] if first else []) + [pdf, "-"]
    return sh(*args).stdout.decode("utf-8", "replace")


def flat(s):
    """Words joined by single spaces: PDF lines wrap anywhere."""
    return re.sub(r"\s+", " ", s)


def remedies(lang):
    """{rule: {variant or "": template}} of rules.<lang>.xml."""
    out = {}
    for r in ET.parse(os.path.join(I18N, "rules.%s.xml" % lang)).getroot().iter("rule"):
        out[r.get("id")] = {m.get("variant") or "": m.text for m in r.findall("remedy")}
    return out


def pattern(template):
    """A regex for a filled template: each {placeholder} matches anything."""
    parts = re.split(r"\{[a-z0-9-]+\}", template)
    return re.compile(".+?".join(re.escape(p) for p in parts) + "$")


def run(binary, out, *args):
    return sh(binary, "-q", "-o", out, *args, "input/")


def partner_checks(out, lang, rem, findings, vouchers, need_closed=True):
    closed = {v["id"] for v in vouchers if v["deadline_kind"] is None}
    open_by_partner = {}
    for v in vouchers:
        if v["deadline_kind"] is not None and v["partner"]:
            open_by_partner.setdefault(v["partner"], []).append(v["id"])
    by_partner = {}
    for f in findings:
        if f["partner"]:
            by_partner.setdefault(f["partner"], []).append(f)
    partners = sorted(f[:-4] for f in os.listdir(os.path.join(out, "partners")) if f.endswith(".pdf"))
    operator = {r for r, v in rem.items() if "partner" in v}
    operator_texts = [flat(rem[r][""]) for r in operator]

    missing, notices, wrong_nothing, not_closed, closed_seen = [], [], [], [], 0
    for pid in partners:
        pdf = os.path.join(out, "partners", pid + ".pdf")
        page1 = flat(text(pdf, 1, 1))
        whole = flat(text(pdf))
        page = html.unescape(open(os.path.join(out, "partners", pid + ".html"), encoding="utf-8").read())
        fs = by_partner.get(pid, [])
        # every error of a voucher is named on page 1
        for f in fs:
            if f["severity"] == "error" and f["voucher"] and f["voucher"] not in page1:
                missing.append((pid, f["rule"], f["voucher"]))
        # never the operator's instruction
        for t in operator_texts:
            if t in whole or t in flat(page):
                notices.append((pid, t[:40]))
        # "Nothing to do" exactly when there is nothing to do
        # a finding a holding waiver accepts asks nothing of the partner until the waiver
        # expires (rules.md, "Waivers"): it is shown in the Waived section instead
        nothing = not [f for f in fs if not f.get("waiver")] and not open_by_partner.get(pid)
        says = 'id="next-actions"' in page and '<ol class="actions">' not in page
        if says != nothing:
            wrong_nothing.append((pid, says, nothing))
        # the action list's items about closed vouchers read the closed wording
        for m in re.finditer(r'<li class="action-(\w+)">.*?<strong class="subject">([^<]*)</strong>.*?'
                             r'<span class="what">([^<]*)</span>', page, re.S):
            kind, subject, what = m.groups()
            if subject in closed and kind != "notice":
                # waiver-* findings speak to the programme office, whatever the voucher's state
                tpls = [rem.get(f["rule"], {}).get("closed" if not f["rule"].startswith("waiver-") else "")
                        for f in fs if f["voucher"] == subject]
                closed_seen += 1
                waiver = [rem.get(f["rule"], {}).get("") for f in fs
                          if f["voucher"] == subject and f["rule"].startswith("waiver-")]
                if any(t and pattern(t).match(what) for t in waiver):
                    continue  # the programme office's step (renew the waiver), not the voucher's
                if kind != "record" or not any(t and pattern(t).match(what) for t in tpls):
                    not_closed.append((pid, subject, kind, what[:60]))
    check(not missing, "%s: page 1 of each partner PDF names the voucher of each of its errors" % lang, missing[:5])
    check(not notices, "%s: no partner report holds an instruction only the export's operator can carry out" % lang,
          notices[:5])
    check(not wrong_nothing, "%s: 'Nothing to do' only with no finding and no open deadline (%d partners)"
          % (lang, len(partners)), wrong_nothing[:5])
    check((closed_seen or not need_closed) and not not_closed, "%s: every action about a closed voucher reads its rule's closed wording "
          "(%d)" % (lang, closed_seen), not_closed[:3])


def closed_findings(lang, rem, findings, vouchers):
    """findings.json: every finding on a closed voucher carries its rule's closed remedy."""
    closed = {v["id"] for v in vouchers if v["deadline_kind"] is None}
    bad, n = [], 0
    for f in findings:
        if f["voucher"] in closed and "closed" in rem.get(f["rule"], {}):
            n += 1
            if not pattern(rem[f["rule"]]["closed"]).match(f["remedy"]):
                bad.append((f["rule"], f["voucher"], f["remedy"][:60]))
    uncovered = sorted({f["rule"] for f in findings if f["voucher"] in closed and f["rule"] not in
                        ("duplicate-id", "invalid-record", "invalid-file", "waiver-expired", "waiver-unused") and "closed" not in rem.get(f["rule"], {})})
    check(n and not bad, "%s: findings.json: every finding on a closed voucher reads the closed wording (%d)"
          % (lang, n), bad[:3])
    check(not uncovered, "%s: every rule found on a closed voucher has a closed wording" % lang, uncovered)


def manager_checks(out, lang, d):
    labels = {l.get("key"): l.text for l in
              ET.parse(os.path.join(I18N, "%s.xml" % lang)).getroot().iter("label")}
    en = {l.get("key"): l.text for l in ET.parse(os.path.join(I18N, "en.xml")).getroot().iter("label")}
    lab = lambda k: labels.get(k) or en[k]  # noqa: E731
    vouchers = d["vouchers"]
    closed = {v["id"] for v in vouchers if v["deadline_kind"] is None}
    n_open = sum(1 for v in vouchers if v["deadline_kind"] is not None)
    open_days = sum(v["days"] for v in vouchers if v["deadline_kind"] is not None)
    due30 = sum(v["days"] for v in vouchers if v["deadline_kind"] is not None and v["days_remaining"] <= 30)
    errors = sum(1 for f in d["findings"] if f["severity"] == "error" and not f.get("waiver"))
    rejected = sum(1 for f in d["findings"] if f["rule"] in ("duplicate-id", "invalid-record"))
    page1 = text(os.path.join(out, "program.pdf"), 1, 1)
    p1 = flat(text(os.path.join(out, "program.pdf"), 1, 1, "-raw"))  # wrapped labels read whole
    want = [(lab("open-vouchers"), n_open), (lab("open-days"), open_days), (lab("errors"), errors),
            (lab("rejected-records"), rejected), (lab("due-30"), due30)]
    # a card: its number above its label (pdftotext -layout keeps the columns)
    absent = [(k, v) for k, v in want if not re.search(r"\b%d\b" % v, page1) or flat(k) not in p1]
    check(not absent, "%s: programme PDF page 1: the summary figures with their units in their labels" % lang, absent)
    unit = {"en": "Planning days", "it": "Giorni di pianificazione"}[lang]
    check(lab("due-30").startswith(unit) and lab("open-days").lower().count(unit.lower().split()[0]) == 1,
          "%s: the 30-day figure and the open days say they count planning days" % lang, lab("due-30"))
    for k in ("where-the-risk-is", "most-errors", "most-days-at-risk", "falls-due"):
        check(flat(lab(k)) in p1, "%s: programme PDF page 1 holds %s" % (lang, k))
    for pdf in ["program.pdf"] + ["regions/%s.pdf" % r for r in ("AMER", "EMEA", "APAC")]:
        t = text(os.path.join(out, pdf))
        # the vouchers table: from its heading (a line of its own) to the next section
        m = re.search(r"^%s\s*$(.*?)^(%s|%s)\s*$" % (re.escape(lab("open-vouchers")), re.escape(lab("inputs")),
                                                     re.escape(lab("rules-appendix"))), t, re.M | re.S)
        rows = m.group(1) if m else ""
        listed = sorted(v for v in closed if re.search(r"^\s*%s\s" % re.escape(v), rows, re.M))
        check(m and not listed, "%s: %s lists no closed voucher row by row" % (lang, pdf), listed[:5] or "no table")
        check(re.search(r"%s\s+%s\s+%s" % (lab("voucher"), lab("partner"), lab("customer")), rows) is not None,
              "%s: %s: the vouchers table has a Partner column" % (lang, pdf))
        check(re.search(r"%s\s+%s\s+%s" % (lab("rule"), lab("partner"), lab("voucher")), t) is not None,
              "%s: %s: the findings table has Partner and Voucher columns" % (lang, pdf))
    region1 = flat(text(os.path.join(out, "regions", "EMEA.pdf"), 1, 1, "-raw"))
    check(flat(lab("most-errors")) in region1 and flat(lab("rejected-records")) in region1,
          "%s: the region PDF's page 1 is the same summary for its region" % lang)


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp()
    for lang in ("en", "it"):
        out = os.path.join(tmp, lang)
        r = run(binary, out, "--lang", lang)
        check(r.returncode == 3, "%s: reports written" % lang, r.stderr[-300:])
        d = json.load(open(os.path.join(out, "findings.json"), encoding="utf-8"))
        rem = remedies(lang)
        partner_checks(out, lang, rem, d["findings"], d["vouchers"])
        closed_findings(lang, rem, d["findings"], d["vouchers"])
        manager_checks(out, lang, d)

    # the named cases, in English
    out = os.path.join(tmp, "en")
    p45 = flat(text(os.path.join(out, "partners", "4412345.pdf"), 1, 1))
    check("Do not deliver" not in p45 and "cancels the reservation" not in p45 and
          "PS-2020-000901 is closed (Payment requested): the finding stands for the record" in p45,
          "PS-2020-000901 (Payment requested) is not told to cancel its reservation: the finding stands for the record")
    p48 = flat(text(os.path.join(out, "partners", "4412348.pdf"), 1, 1))
    m = re.search(r"(2021-08-28|28 August 2021) \d+ PS-2021-000917 .*?reissues the voucher", p48)
    check(m is not None and not re.search(r"PS-2021-000917 Deliver the engagement", p48),
          "PS-2021-000917: the reissue, by its deadline 2021-08-28, and no 'deliver by' beside it", p48[:300])
    p06 = flat(text(os.path.join(out, "partners", "5510006.pdf"), 1, 1))
    w06 = [f["waiver"]["id"] for f in d["findings"]
           if f["partner"] == "5510006" and f["rule"] == "profile-missing" and f.get("waiver")]
    if w06:  # the samples' waiver W-2021-002 accepts it: the report shows that waiver
        check(w06[0] in flat(text(os.path.join(out, "partners", "5510006.pdf"))),
              "5510006 (no business profile, waived): its report names the waiver %s" % w06[0])
    else:
        check("Nothing to do" not in p06 and "No business profile" in p06,
              "5510006 (no business profile) is asked to create it, not told 'Nothing to do'")
    p45h = flat(html.unescape(open(os.path.join(out, "partners", "4412345.html"), encoding="utf-8").read()))
    check("Remove or renumber" not in p45h and "partner support has been told" in p45h,
          "4412345's duplicate record: what it means for the partner, not the operator's instruction")
    prog = flat(text(os.path.join(out, "program.pdf")))
    check("The export's operator removes or renumbers the duplicate record" in prog,
          "the programme report words the duplicate record for the export's operator")

    # early in the programme most partners have nothing to do: the page says so
    early = os.path.join(tmp, "early")
    run(binary, early, "--as-of", "2020-01-15")
    d = json.load(open(os.path.join(early, "findings.json"), encoding="utf-8"))
    nothing = [p for p in os.listdir(os.path.join(early, "partners")) if p.endswith(".pdf")
                              and "Nothing to do" in text(os.path.join(early, "partners", p), 1, 1)]
    check(len(nothing) >= 5, "as of 2020-01-15: %d partners read 'Nothing to do' on page 1" % len(nothing))
    partner_checks(early, "en, as of 2020-01-15", remedies("en"), d["findings"], d["vouchers"], need_closed=False)
    shutil.rmtree(tmp, ignore_errors=True)
    _tap.exit()


main()
