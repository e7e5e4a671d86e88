#!/usr/bin/env python3
"""Writes the sample exports of input/: deterministic (fixed seed), realistic and small.

    python3 tests/tools/make_samples.py        (from the repository root)

20 partners over AMER, EMEA and APAC, 60 customers, about 300 vouchers across the
offerings of input/program.xml, names in Latin, Greek, Cyrillic, CJK and Hangul scripts;
then, at the end of each file so that no earlier record moves, 4 partners and 9
customers named in Thai, Vietnamese, Arabic, Hebrew, Japanese, Chinese, Korean and
Devanagari (every script of the PDFs), with clean vouchers, drawn from a random
generator of their own so that the records before them stay as they were.
Most vouchers are clean; a few records are built to break one rule each, with an XML
comment naming the rule (input/README.md lists them). Exported 2021-06-15, so the
default as-of is 2021-06-15; the rules that need a later date (the cut-off of
2021-06-30, the removal of days on 2021-07-01, the last day to redeem 2022-01-01) fire
in the replay `--as-of 2022-03-01`, with events dated after the export.
"""
import datetime as dt
import random
import xml.sax.saxutils as su

random.seed(20210615)
D = dt.date
EXPORTED = "2021-06-15T06:00:00Z"
AS_OF = D(2021, 6, 15)

def iso(d):
    return d.isoformat()

def esc(s):
    return su.escape(s, {'"': "&quot;"})

# offering -> [(engagement, max days, competencies, exams)] : must match input/program.xml
CATALOGUE = {
    "DDPS": [("DDPS-WINOFF", 10, ["Windows and Devices"], ["MD-100", "MD-101"]),
             ("DDPS-MOBILE", 5, ["Enterprise Mobility Management", "Windows and Devices"], ["MD-101", "MS-500"]),
             ("DDPS-SECPOC", 5, ["Enterprise Mobility Management"], ["MS-500"])],
    "DYDPS": [("DYDPS-CE-UPGRADE", 10, ["Cloud Business Applications"], ["MB-200", "MB-210"]),
              ("DYDPS-CE-MIGRATE", 10, ["Cloud Business Applications"], ["MB-200", "MB-210"]),
              ("DYDPS-FO-UPGRADE", 15, ["Enterprise Resource Planning"], ["MB-300", "MB-310"])],
    "PVDPS": [("PVDPS-WINSERVER", 10, ["Datacenter"], ["AZ-800", "AZ-801"])],
    "SDPS": [("SDPS-SHAREPOINT", 10, ["Collaboration and Content"], ["MS-300"]),
             ("SDPS-PPM", 5, ["Project and Portfolio Management"], ["PL-100"])],
    "S-EDPS": [("SEDPS-EXCHANGE", 5, ["Messaging"], ["MS-203"]),
               ("SEDPS-SKYPE", 5, ["Communications"], ["MS-700"])],
    "SSDPS": [("SSDPS-DATAEST", 15, ["Data Analytics"], ["DP-300", "DA-100"])],
}
ALL_COMPETENCIES = sorted({c for engs in CATALOGUE.values() for e in engs for c in e[2]} | {"Cloud Platform"})
ALL_EXAMS = sorted({x for engs in CATALOGUE.values() for e in engs for x in e[3]})

PARTNERS = [  # id, region, country, name
    ("4412345", "EMEA", "IT", "Contoso Consulting S.r.l."),
    ("4412346", "EMEA", "DE", "Müller & Partner IT-Beratung GmbH"),
    ("4412347", "EMEA", "PL", "Łódzkie Systemy Informatyczne Sp. z o.o."),
    ("4412348", "EMEA", "GR", "Ελληνικά Πληροφοριακά Συστήματα Α.Ε."),
    ("4412349", "EMEA", "BG", "Северни Решения ООД"),
    ("4412350", "EMEA", "FR", "Fabrikam Conseil SARL"),
    ("4412351", "EMEA", "NO", "Nordlys Data AS"),
    ("5510001", "AMER", "US", "Northwind Traders Consulting"),
    ("5510002", "AMER", "US", "Tailspin Solutions Inc."),
    ("5510003", "AMER", "BR", "Adatum Tecnologia Ltda."),
    ("5510004", "AMER", "CA", "Érable Informatique Inc."),
    ("5510005", "AMER", "US", "Litware Services LLC"),
    ("5510006", "AMER", "MX", "Proseware de México S.A. de C.V."),
    ("5510007", "AMER", "US", "Woodgrove IT Partners"),
    ("6620001", "APAC", "JP", "東京データソリューションズ株式会社"),
    ("6620002", "APAC", "CN", "北京云桥信息技术有限公司"),
    ("6620003", "APAC", "AU", "Wingtip Consulting Pty Ltd"),
    ("6620004", "APAC", "KR", "서울 클라우드 컨설팅 주식회사"),
    ("6620005", "APAC", "IN", "Infosolve India Pvt. Ltd."),
    ("6620006", "APAC", "NZ", "Alpine Ski House Systems Ltd."),
]
SCRIPTS_PIDS = {"6620007", "6620008", "4412352", "4412353"}
# the partners with a deliberate eligibility gap
NO_PROFILE = "5510006"         # profile-missing
LATE_AGREEMENT = "6620005"     # agreement-missing: signed 2021-03-01
NOT_IN_SSDPS = "5510005"       # not-enrolled in SSDPS
MESSAGING_EXPIRED = "4412350"  # competency-missing: Messaging expired 2020-12-31

CUST_NAMES = {
    "EMEA": ["Fabrikam S.p.A.", "Bäckerei Schmidt AG", "Żabka Logistyka S.A.", "Αθηναϊκή Ναυτιλιακή Α.Ε.",
             "Московский Завод Приборов", "Banque Lumière SA", "Grieg Shipping ASA", "Società Alpina S.r.l.",
             "Helsingin Energia Oy", "Coöperatie De Toekomst U.A.", "Dublin Harbour Ltd.", "Øresund Foods A/S",
             "Čeští Pivovarníci a.s.", "Lisboa Seguros S.A.", "Κρητική Ενέργεια Α.Ε.", "Київ Агро ТОВ",
             "Wien Bahnbau GmbH", "Madrid Textil S.L.", "Edinburgh Mills plc", "Zürcher Präzision AG"],
    "AMER": ["Trey Research Inc.", "Coho Winery", "Blue Yonder Airlines", "Lamna Healthcare",
             "Humongous Insurance", "Graphic Design Institute", "Fourth Coffee", "Southridge Video",
             "Relecloud", "First Up Consultants", "Alpine Ski House", "Margie's Travel",
             "Banco do Sertão S.A.", "Québec Énergie Inc.", "Compañía Minera del Norte", "Best For You Organics",
             "VanArsdel Ltd.", "Datum Corporation", "Wide World Importers", "City Power & Light"],
    "APAC": ["大阪精密工業株式会社", "上海星辰物流有限公司", "Sydney Harbour Holdings", "부산 해운 주식회사",
             "Mumbai Textiles Ltd.", "Auckland Dairy Co-op", "台北半導體股份有限公司", "名古屋自動車部品株式会社",
             "Singapore Port Services", "Kuala Lumpur Palm Oil Bhd", "Jakarta Energi Tbk", "Bangkok Foods Co.",
             "Hanoi Garment JSC", "Manila Water Systems", "Perth Mining Ltd.", "Chennai Software Park",
             "広島造船株式会社", "深圳电子科技有限公司", "인천 물류 센터", "Melbourne Rail Corp."],
}

# partners and customers in the other scripts of the PDFs (appended: see the docstring)
SCRIPT_PARTNERS = [  # id, region, country, name
    ("6620007", "APAC", "TH", "บริษัท กรุงเทพ คลาวด์ โซลูชั่นส์ จำกัด"),
    ("6620008", "APAC", "VN", "Công ty Cổ phần Giải pháp Số Hà Nội"),
    ("4412352", "EMEA", "AE", "شركة الخليج للحلول الرقمية"),
    ("4412353", "EMEA", "IL", "מערכות מידע ירושלים בע״מ"),
]
SCRIPT_CUSTOMERS = [  # id, region, country, name
    ("CU-10061", "APAC", "TH", "ไทยพาณิชย์ ประกันภัย"),
    ("CU-10062", "APAC", "VN", "Tổng Công ty Điện lực Miền Nam"),
    ("CU-10063", "APAC", "IN", "टाटा डिजिटल सेवाएँ"),
    ("CU-10064", "APAC", "JP", "日本橋商事株式会社"),
    ("CU-10065", "APAC", "KR", "대구 정밀 기계 주식회사"),
    ("CU-10066", "APAC", "CN", "广州数据服务有限公司"),
    ("CU-10067", "EMEA", "AE", "مصرف دبي التجاري"),
    ("CU-10068", "EMEA", "IL", "אלקטרה תשתיות בע״מ"),
    ("CU-10069", "EMEA", "EG", "القاهرة للبرمجيات"),
]

def partner_xml(pid, region, country, name, out, random=random):
    comps, enrolls = [], []
    agreement = "2021-03-01" if pid == LATE_AGREEMENT else iso(D(2019, 1, 10) + dt.timedelta(days=random.randrange(120)))
    out.append('  <partner id="%s" region="%s" country="%s">' % (pid, region, country))
    out.append("    <name>%s</name>" % esc(name))
    if pid == LATE_AGREEMENT:
        out.append("    <!-- agreement-missing: agreement signed after voucher PS-2021-000905 was reserved -->")
    out.append('    <agreement signed="%s"/>' % agreement)
    if pid == NO_PROFILE:
        out.append("    <!-- profile-missing: this partner has no business profile -->")
    else:
        out.append('    <profile updated="%s"/>' % iso(D(2019, 2, 1) + dt.timedelta(days=random.randrange(600))))
    for c in ALL_COMPETENCIES:
        if pid == MESSAGING_EXPIRED and c == "Messaging":
            out.append("    <!-- competency-missing: Messaging expired before PS-2021-000907 was delivered -->")
            out.append('    <competency name="Messaging" level="silver" earned="2018-06-01" expires="2020-12-31"/>')
            continue
        level = random.choice(["gold", "silver"])
        expires = ' expires="2022-06-30"' if random.random() < 0.3 else ""
        out.append('    <competency name="%s" level="%s" earned="%s"%s/>' % (
            esc(c), level, iso(D(2018, 1, 15) + dt.timedelta(days=random.randrange(200))), expires))
    for off in CATALOGUE:
        if pid == NOT_IN_SSDPS and off == "SSDPS":
            out.append("    <!-- not-enrolled: no SSDPS enrollment, yet PS-2021-000906 (SSDPS) is reserved -->")
            continue
        out.append('    <enrollment offering="%s" date="%s"/>' % (off, iso(D(2019, 2, 1) + dt.timedelta(days=random.randrange(60)))))
    first_names = {"EMEA": ["Giulia Rossi", "Jonas Weber", "Zofia Nowak", "Νίκος Παπαδόπουλος",
                            "Иван Петров", "Camille Martin", "Ingrid Berg"],
                   "AMER": ["Emily Carter", "Lucas Silva", "Liam O'Brien", "Sofía Hernández",
                            "Noah Tremblay"],
                   "APAC": ["佐藤 健", "王 芳", "김 민수", "Priya Sharma", "Olivia Nguyen"]}[region]
    first_names = {"TH": ["สมชาย ใจดี"], "VN": ["Nguyễn Thị Hương"], "AE": ["محمد العلي"],
                   "IL": ["דוד כהן"]}.get(country if pid in SCRIPTS_PIDS else "", first_names)
    for k in range(2):
        out.append('    <consultant id="C-%s-%d">' % (pid[-3:], k + 1))
        out.append("      <name>%s</name>" % esc(random.choice(first_names)))
        for x in ALL_EXAMS:
            out.append('      <exam id="%s" passed="%s"/>' % (x, iso(D(2018, 3, 1) + dt.timedelta(days=random.randrange(300)))))
        out.append("    </consultant>")
    out.append("  </partner>")

def customer_xml(cid, region, country, name, out, benefit=D(2019, 3, 1), accruals=(), conversions=(),
                 balances=(), comment=None):
    out.append('  <customer id="%s" region="%s" country="%s">' % (cid, region, country))
    if comment:
        out.append("    <!-- %s -->" % comment)
    out.append("    <name>%s</name>" % esc(name))
    if benefit:
        out.append('    <benefit activated="%s"/>' % iso(benefit))
    for d, n in accruals:
        out.append('    <accrual date="%s" days="%d"/>' % (iso(d), n))
    for d, t, p in conversions:
        out.append('    <conversion date="%s" training-days="%d" planning-days="%d"/>' % (iso(d), t, p))
    for d, n in balances:
        out.append('    <balance date="%s" days="%d"/>' % (iso(d), n))
    out.append("  </customer>")

def voucher_xml(v, out):
    attrs = 'id="%s" customer="%s"' % (v["id"], v["customer"])
    if v.get("partner"):
        attrs += ' partner="%s"' % v["partner"]
    attrs += ' offering="%s" engagement="%s" days="%d"' % (v["offering"], v["engagement"], v["days"])
    attrs += v.get("extra", "")
    if v.get("comment"):
        out.append("  <!-- %s -->" % v["comment"])
    out.append("  <voucher %s>" % attrs)
    out.append('    <created date="%s"/>' % iso(v["created"]))
    if v.get("assigned"):
        out.append('    <assigned date="%s" project-manager="pm@%s.example"/>' % (iso(v["assigned"]), v["customer"].lower()))
    if v.get("expires"):
        out.append('    <expires date="%s"/>' % iso(v["expires"]))
    if v.get("reserved"):
        out.append('    <reserved date="%s"/>' % iso(v["reserved"]))
    if v.get("delivered"):
        s, e = v["delivered"]
        out.append('    <delivered start="%s" end="%s" consultant="%s"/>' % (iso(s), iso(e), v["consultant"]))
    if v.get("completion"):
        out.append('    <completion-report date="%s"/>' % iso(v["completion"]))
    if v.get("redeemed"):
        out.append('    <redeemed date="%s"/>' % iso(v["redeemed"]))
    if v.get("payment"):
        out.append('    <payment-request date="%s" amount="%d.00" currency="USD"/>' % (iso(v["payment"]), v["days"] * 1050))
    out.append("  </voucher>")

def plus(d, n):
    return d + dt.timedelta(days=n)

def clean_voucher(n, customers, partners_by_region, random=random):
    cid, region = random.choice(customers)
    while cid == "CU-10021":  # its benefit comes late on purpose (created-before-activation)
        cid, region = random.choice(customers)
    pid = random.choice(partners_by_region[region])
    while pid in (LATE_AGREEMENT, NO_PROFILE):
        pid = random.choice(partners_by_region[region])
    off = random.choice([o for o in CATALOGUE if not (pid == NOT_IN_SSDPS and o == "SSDPS")])
    eng, maxd, comps, exams = random.choice(CATALOGUE[off])
    if pid == MESSAGING_EXPIRED and eng == "SEDPS-EXCHANGE":
        eng, maxd = "SEDPS-SKYPE", 5
    created = plus(D(2020, 7, 1), random.randrange(340))          # 2020-07 .. 2021-06
    expires = plus(created, 180)
    v = {"id": "PS-%s-%06d" % (created.year, n), "customer": cid, "offering": off, "engagement": eng,
         "days": random.choice([d for d in (1, 3, 5, 10, 15) if d <= maxd]), "created": created,
         "consultant": "C-%s-%d" % (pid[-3:], random.randrange(1, 3))}
    # how far the voucher got: the older, the further; events may fall after the export
    age = (AS_OF - created).days
    t = plus(created, random.randrange(1, 6))
    v["assigned"] = t
    if age < 20 and random.random() < 0.5:
        return v
    v["partner"] = pid
    t = plus(t, random.randrange(3, 25))
    v["reserved"] = t
    if age < 60 and random.random() < 0.5:
        return v
    start = plus(t, random.randrange(7, 30))
    end = plus(start, v["days"] - 1 + random.randrange(0, 3))
    if end >= expires:
        return v
    v["delivered"] = (start, end)
    t = plus(end, random.randrange(2, 10))
    if t >= expires or (age < 100 and random.random() < 0.4):
        return v
    v["completion"] = t
    t = plus(t, random.randrange(2, 14))
    if t >= expires:
        return v
    v["redeemed"] = t
    if (AS_OF - t).days < 45 and random.random() < 0.6:
        return v
    v["payment"] = plus(t, random.randrange(5, 45))
    return v

def main():
    partners = []
    for p in PARTNERS:
        partner_xml(*p, out=partners)
    partners_by_region = {}
    for pid, region, _, _ in PARTNERS:
        partners_by_region.setdefault(region, []).append(pid)

    countries = {"EMEA": ["IT", "DE", "PL", "GR", "RU", "FR", "NO", "IT", "FI", "NL", "IE", "DK", "CZ", "PT", "GR", "UA", "AT", "ES", "GB", "CH"],
                 "AMER": ["US"] * 12 + ["BR", "CA", "MX", "US", "US", "US", "US", "US"],
                 "APAC": ["JP", "CN", "AU", "KR", "IN", "NZ", "TW", "JP", "SG", "MY", "ID", "TH", "VN", "PH", "AU", "IN", "JP", "CN", "KR", "AU"]}
    customers_xml, customers = [], []
    n = 10001
    for region in ("EMEA", "AMER", "APAC"):
        for k, name in enumerate(CUST_NAMES[region]):
            cid = "CU-%d" % n
            n += 1
            kw = {"benefit": plus(D(2019, 1, 15), random.randrange(400)),
                  "accruals": [(D(2019, 7, 1), random.choice([10, 15, 20, 30])), (D(2020, 7, 1), random.choice([5, 10, 15]))],
                  "balances": [(D(2021, 4, 1), random.randrange(0, 3) * 0)]}
            if cid == "CU-10002":
                kw["conversions"] = [(D(2020, 3, 15), 6, 3)]
                kw["comment"] = "training-conversion-retired: training days converted on 2020-03-15, after 2020-02-01"
            if cid == "CU-10003":
                kw["accruals"] = kw["accruals"] + [(D(2021, 2, 15), 5)]
                kw["comment"] = "accrual-after-end: days accrued on 2021-02-15, after 2021-02-01"
            if cid == "CU-10004":
                kw["balances"] = [(D(2021, 6, 1), 6)]
                kw["comment"] = "days-removal-pending: 6 unassigned days on 2021-06-01; removal on 2021-07-01"
            if cid == "CU-10005":
                kw["balances"] = [(D(2021, 6, 1), 0), (D(2021, 7, 2), 4)]
                kw["comment"] = "days-not-removed: 4 days still on 2021-07-02 (visible from as-of 2021-07-02)"
            if cid == "CU-10021":
                kw["benefit"] = D(2021, 3, 1)
                kw["comment"] = "created-before-activation: benefit activated 2021-03-01, after PS-2021-000913 was created"
            customer_xml(cid, region, countries[region][k], name, customers_xml, **kw)
            customers.append((cid, region))

    vouchers = []
    count = 1
    while len(vouchers) < 265:
        v = clean_voucher(count, customers, partners_by_region)
        count += 1
        vouchers.append(v)

    # ---- the records that break one rule each (ids PS-20xx-0009xx) ----
    def V(num, year, **kw):
        base = {"id": "PS-%d-%06d" % (year, num), "customer": kw.pop("customer", "CU-10001"),
                "offering": "DDPS", "engagement": "DDPS-WINOFF", "days": 5, "consultant": "C-345-1"}
        base.update(kw)
        return base
    specials = [
        V(901, 2020, comment="cloud-engagement-retired: Azure engagement reserved 2020-03-10, after 2020-02-01",
          customer="CU-10001", partner="4412345", offering="AZDPS", engagement="AZDPS-AZURE", created=D(2020, 1, 15),
          assigned=D(2020, 1, 20), reserved=D(2020, 3, 10), delivered=(D(2020, 4, 1), D(2020, 4, 5)),
          completion=D(2020, 4, 10), redeemed=D(2020, 4, 20), payment=D(2020, 5, 1)),
        V(902, 2021, comment="voucher-created-after-cutoff: created 2021-07-02 (exists from as-of 2021-07-02)",
          customer="CU-10006", created=D(2021, 7, 2), assigned=D(2021, 7, 3)),
        V(903, 2021, comment="voucher-assigned-after-cutoff: assigned 2021-07-05, after 2021-06-30 (from as-of 2021-07-05)",
          customer="CU-10007", created=D(2021, 6, 28), assigned=D(2021, 7, 5)),
        V(904, 2021, comment="redeemed-after-last-day: redeemed 2022-01-10, after 2022-01-01 (from as-of 2022-01-10); "
          "expires given as 2022-02-15 by the system of record", customer="CU-10008", partner="4412346",
          created=D(2021, 6, 20), assigned=D(2021, 6, 21), expires=D(2022, 2, 15), reserved=D(2021, 9, 1),
          delivered=(D(2021, 11, 2), D(2021, 11, 8)), completion=D(2021, 12, 20), redeemed=D(2022, 1, 10),
          consultant="C-346-1"),
        V(905, 2021, comment="agreement-missing: reserved 2021-02-10; partner 6620005 signed on 2021-03-01",
          customer="CU-10041", partner=LATE_AGREEMENT, created=D(2021, 2, 1), assigned=D(2021, 2, 3),
          reserved=D(2021, 2, 10), consultant="C-005-1"),
        V(906, 2021, comment="not-enrolled: partner 5510005 is not enrolled in SSDPS", customer="CU-10022",
          partner=NOT_IN_SSDPS, offering="SSDPS", engagement="SSDPS-DATAEST", days=10, created=D(2021, 3, 1),
          assigned=D(2021, 3, 2), reserved=D(2021, 3, 15), consultant="C-005-1"),
        V(907, 2021, comment="competency-missing: delivered 2021-02-01; the partner's Messaging competency expired 2020-12-31",
          customer="CU-10009", partner=MESSAGING_EXPIRED, offering="S-EDPS", engagement="SEDPS-EXCHANGE",
          created=D(2021, 1, 5), assigned=D(2021, 1, 6), reserved=D(2021, 1, 12),
          delivered=(D(2021, 2, 1), D(2021, 2, 5)), completion=D(2021, 2, 10), redeemed=D(2021, 2, 15),
          payment=D(2021, 3, 1), consultant="C-350-1"),
        V(908, 2021, comment="consultant-not-qualified: delivered by C-999, who is not one of the partner's consultants",
          customer="CU-10023", partner="5510001", created=D(2021, 1, 20), assigned=D(2021, 1, 21),
          reserved=D(2021, 2, 1), delivered=(D(2021, 3, 1), D(2021, 3, 5)), completion=D(2021, 3, 8),
          redeemed=D(2021, 3, 12), payment=D(2021, 3, 30), consultant="C-999"),
        V(909, 2021, comment="payment-request-late: redeemed 2021-01-10, payment requested 2021-03-20 (deadline 2021-03-11)",
          customer="CU-10024", partner="5510002", created=D(2020, 10, 1), assigned=D(2020, 10, 2),
          reserved=D(2020, 10, 20), delivered=(D(2020, 11, 16), D(2020, 11, 20)), completion=D(2020, 12, 1),
          redeemed=D(2021, 1, 10), payment=D(2021, 3, 20), consultant="C-002-1"),
        V(910, 2021, comment="payment-window-missed: redeemed 2021-03-01, no payment request by 2021-04-30",
          customer="CU-10025", partner="5510003", created=D(2020, 11, 1), assigned=D(2020, 11, 3),
          reserved=D(2020, 11, 20), delivered=(D(2021, 1, 11), D(2021, 1, 15)), completion=D(2021, 2, 1),
          redeemed=D(2021, 3, 1), consultant="C-003-1"),
        V(911, 2020, comment="reserved-after-expiry: expired 2020-11-28, reserved 2020-12-05",
          customer="CU-10042", partner="6620001", created=D(2020, 6, 1), assigned=D(2020, 6, 3),
          reserved=D(2020, 12, 5), consultant="C-001-1"),
        V(912, 2020, comment="delivered-after-expiry: expired 2020-12-28, delivery ended 2021-01-05",
          customer="CU-10043", partner="6620002", created=D(2020, 7, 1), assigned=D(2020, 7, 2),
          reserved=D(2020, 8, 1), delivered=(D(2020, 12, 20), D(2021, 1, 5)), consultant="C-002-1"),
        V(913, 2021, comment="created-before-activation: created 2021-02-15; customer CU-10021 activated 2021-03-01",
          customer="CU-10021", created=D(2021, 2, 15), assigned=D(2021, 2, 16)),
        V(914, 2020, comment="redeemed-after-expiry: expired 2021-01-28, redeemed 2021-02-10",
          customer="CU-10044", partner="6620003", created=D(2020, 8, 1), assigned=D(2020, 8, 3),
          reserved=D(2020, 9, 1), delivered=(D(2020, 10, 5), D(2020, 10, 9)), completion=D(2020, 11, 2),
          redeemed=D(2021, 2, 10), payment=D(2021, 2, 20), consultant="C-003-1"),
        V(915, 2021, comment="events-out-of-order: assigned 2021-02-05, before it was created on 2021-02-10",
          customer="CU-10010", created=D(2021, 2, 10), assigned=D(2021, 2, 5)),
        V(916, 2021, comment="missing-step: redeemed without a completion report", customer="CU-10011",
          partner="4412347", created=D(2021, 1, 10), assigned=D(2021, 1, 12), reserved=D(2021, 2, 1),
          delivered=(D(2021, 3, 1), D(2021, 3, 5)), redeemed=D(2021, 3, 15), payment=D(2021, 4, 1),
          consultant="C-347-1"),
        V(917, 2021, comment="days-exceed-engagement: 8 days for DDPS-MOBILE, which allows 5", customer="CU-10012",
          partner="4412348", engagement="DDPS-MOBILE", days=8, created=D(2021, 3, 1), assigned=D(2021, 3, 2),
          reserved=D(2021, 3, 10), consultant="C-348-1"),
        V(918, 2021, comment="deadline-approaching: expires 2021-06-30, 15 days after the export", customer="CU-10013",
          partner="4412349", created=D(2021, 1, 1), assigned=D(2021, 1, 4), reserved=D(2021, 1, 20),
          consultant="C-349-1"),
        V(919, 2020, comment="voucher-expired: assigned but never reserved; expired 2021-02-28", customer="CU-10026",
          created=D(2020, 9, 1), assigned=D(2020, 9, 2)),
        V(920, 2021, comment="voucher-forfeited: valid until 2022-02-01 (given), not redeemed by 2022-01-01 "
          "(from as-of 2022-01-02); until then its deadline is the redeem-last-day", customer="CU-10027",
          partner="5510004", created=D(2021, 6, 10), assigned=D(2021, 6, 11), expires=D(2022, 2, 1),
          reserved=D(2021, 6, 12), consultant="C-004-1"),
        V(921, 2021, comment="unknown-partner: partner 9999999 is in no partners export", customer="CU-10028",
          partner="9999999", created=D(2021, 4, 1), assigned=D(2021, 4, 2), reserved=D(2021, 4, 10)),
        V(922, 2021, comment="unknown-partner: reserved without naming a partner", customer="CU-10029",
          created=D(2021, 4, 5), assigned=D(2021, 4, 6), reserved=D(2021, 4, 12)),
        V(923, 2021, comment="unknown-customer: customer CU-99999 is in no vouchers export", customer="CU-99999",
          partner="4412351", created=D(2021, 4, 1), assigned=D(2021, 4, 2), consultant="C-351-1"),
        V(924, 2021, comment="unknown-engagement: offering XYZPS is not in the catalogue", customer="CU-10030",
          offering="XYZPS", engagement="XYZ-1", created=D(2021, 4, 1), assigned=D(2021, 4, 2)),
        V(925, 2021, comment="unknown-engagement: DDPS has no engagement DDPS-FOO", customer="CU-10031",
          engagement="DDPS-FOO", created=D(2021, 4, 1), assigned=D(2021, 4, 2)),
        V(926, 2021, comment="invalid-record: the attribute priority is not in the export format",
          customer="CU-10032", created=D(2021, 4, 1), extra=' priority="high"'),
    ]
    for v in specials:
        vouchers.append(v)

    script_partners, script_customers, script_vouchers = scripts()

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- Sample partners export (generated by tests/tools/make_samples.py; see input/README.md) -->",
           '<partners-export version="1" exported="%s">' % EXPORTED]
    out += partners
    out.append("  <!-- duplicate-id: partner 4412345 again (the first record is kept) -->")
    out.append('  <partner id="4412345" region="EMEA" country="IT"><name>Contoso Consulting (duplicate)</name></partner>')
    out.append("  <!-- invalid-record: <profile> before <agreement> breaks the child order -->")
    out.append('  <partner id="7730001" region="APAC" country="SG"><name>Out Of Order Pte Ltd</name>'
               '<profile updated="2019-05-01"/><agreement signed="2019-04-01"/></partner>')
    out.append("  <!-- partners named in the other scripts of the PDFs (clean) -->")
    out += script_partners
    out.append("</partners-export>")
    open("input/partners.xml", "w", encoding="utf-8").write("\n".join(out) + "\n")

    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- Sample vouchers export (generated by tests/tools/make_samples.py; see input/README.md) -->",
           '<vouchers-export version="1" exported="%s">' % EXPORTED]
    out += customers_xml
    for v in sorted(vouchers, key=lambda v: v["id"]):
        voucher_xml(v, out)
    out.append("  <!-- customers named in the other scripts of the PDFs, and vouchers of theirs (clean) -->")
    out += script_customers
    for v in sorted(script_vouchers, key=lambda v: v["id"]):
        voucher_xml(v, out)
    out.append("</vouchers-export>")
    open("input/vouchers.xml", "w", encoding="utf-8").write("\n".join(out) + "\n")

    # a second, later export: corrections, with a duplicate voucher and customer
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- Sample corrections export (generated by tests/tools/make_samples.py; see input/README.md) -->",
           '<vouchers-export version="1" exported="%s">' % EXPORTED,
           "  <!-- duplicate-id: customer CU-10001 is already in vouchers.xml -->",
           '  <customer id="CU-10001" region="EMEA" country="IT"><name>Fabrikam S.p.A.</name></customer>',
           "  <!-- invalid-record: 2021-02-30 is not a date -->",
           '  <customer id="CU-20001" region="EMEA" country="IT"><name>Impossible Date S.r.l.</name>'
           '<benefit activated="2021-02-30"/></customer>']
    dup = vouchers[0]
    out.append("  <!-- duplicate-id: voucher %s is already in vouchers.xml -->" % dup["id"])
    voucher_xml(dict(dup, comment=None), out)
    extra = [V(927, 2021, customer="CU-10033", partner="4412345", created=D(2021, 5, 3), assigned=D(2021, 5, 4),
               reserved=D(2021, 5, 20), consultant="C-345-2"),
             V(928, 2021, customer="CU-10045", partner="6620004", offering="SDPS", engagement="SDPS-SHAREPOINT",
               days=10, created=D(2021, 5, 10), assigned=D(2021, 5, 11), consultant="C-004-2")]
    for v in extra:
        voucher_xml(v, out)
    out.append("</vouchers-export>")
    open("input/vouchers_corrections.xml", "w", encoding="utf-8").write("\n".join(out) + "\n")

def scripts():
    """The records in the other scripts, from their own generator: (partners XML lines,
    customers XML lines, vouchers)."""
    rnd = random.Random(20240611)
    partners, customers, vouchers = [], [], []
    for p in SCRIPT_PARTNERS:
        partner_xml(*p, out=partners, random=rnd)
    by_region = {}
    for pid, region, _, _ in SCRIPT_PARTNERS:
        by_region.setdefault(region, []).append(pid)
    custs = []
    for cid, region, country, name in SCRIPT_CUSTOMERS:
        customer_xml(cid, region, country, name, customers, benefit=plus(D(2019, 1, 15), rnd.randrange(400)),
                     accruals=[(D(2019, 7, 1), rnd.choice([10, 15, 20, 30])), (D(2020, 7, 1), rnd.choice([5, 10, 15]))],
                     balances=[(D(2021, 4, 1), 0)])
        custs.append((cid, region))
    n = 701
    while len(vouchers) < 18:
        vouchers.append(clean_voucher(n, custs, by_region, random=rnd))
        n += 1
    # every partner of these scripts has a voucher whose customer is of its own script
    for k, (pid, cid) in enumerate((("6620007", "CU-10061"), ("6620008", "CU-10062"),
                                    ("4412352", "CU-10067"), ("4412353", "CU-10068"))):
        created = D(2021, 2, 1) + dt.timedelta(days=7 * k)
        vouchers.append({"id": "PS-2021-%06d" % (n + k), "customer": cid, "partner": pid, "offering": "DDPS",
                         "engagement": "DDPS-WINOFF", "days": 5, "created": created,
                         "assigned": plus(created, 2), "reserved": plus(created, 10),
                         "consultant": "C-%s-1" % pid[-3:]})
    return partners, customers, vouchers

main()
