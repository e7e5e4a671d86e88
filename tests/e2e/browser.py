#!/usr/bin/env python3
"""The HTML reports in a real browser: Debian's chromium driven by chromedriver over the
W3C WebDriver protocol (plain HTTP + JSON, python3 standard library only).

- each kind of page (index, programme, region, partner) renders: screenshot not blank,
  no console errors, the charts have a size;
- sorting: a click on a findings header orders the rows;
- filtering: choosing a severity shows only those rows, the text filter narrows them;
- with JavaScript off every row is shown and no control appears;
- on a phone (390 px wide): no page is wider than the screen, blank cells sort last in
  both directions, "open vouchers only" hides the closed ones, index.html links the
  findings files the run wrote;
- printed (chromium --print-to-pdf): no word of any page kind lies outside the page's
  content area, where the printer would cut it.

usage: browser.py BINARY     (skipped, with a "not ok", when chromium is missing)
"""
import base64, json, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from tap import Tap  # noqa: E402
_tap = Tap("browser")
check = _tap.check

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--window-size=1280,1800"]
PHONE_WIDTH = 390


class Driver:
    def __init__(self, javascript=True, phone=False):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        self.proc = subprocess.Popen(["chromedriver", "--port=%d" % self.port],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = "http://127.0.0.1:%d" % self.port
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/status", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        self.profile = tempfile.mkdtemp()
        args = CHROME_ARGS + ["--user-data-dir=" + self.profile]
        prefs = {} if javascript else {"profile.managed_default_content_settings.javascript": 2}
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args, "prefs": prefs}}}}
        if phone:  # a window cannot be narrower than 500 px: emulate the phone's viewport
            caps["capabilities"]["alwaysMatch"]["goog:chromeOptions"]["mobileEmulation"] = {
                "deviceMetrics": {"width": PHONE_WIDTH, "height": 844, "pixelRatio": 1, "mobile": False}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"] if method != "POST" or path != "/session" else json.loads(r.read())["value"]

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.session, path), body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def logs(self):
        try:
            return self.s("POST", "/se/log", {"type": "browser"})
        except Exception:
            return []

    def screenshot(self, path):
        png = base64.b64decode(self.s("GET", "/screenshot"))
        open(path, "wb").write(png)
        return png

    def close(self):
        try:
            self.s("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait()
            shutil.rmtree(self.profile, ignore_errors=True)

PAGES = {"index": "index.html", "program": "program.html", "region": "regions/EMEA.html",
         "partner": "partners/4412345.html"}


def tiers_in_the_description(model):
    """The days-remaining chart as report.c describes it (findings.xml holds the programme's
    report model): each tier a series with its own pattern, each bar in its tier's series."""
    import xml.etree.ElementTree as ET
    chart = ET.parse(model).find(".//chart[@id='days-remaining']")
    series = {s.get("id"): s.get("pattern") for s in chart.findall("series")}
    check(sorted(series) == ["tier-amber", "tier-green", "tier-red"] and len(set(series.values())) == 3
          and "solid" in series.values(), "days-remaining chart: three tiers, three patterns", series)
    tier = lambda d: "tier-red" if d <= 30 else "tier-amber" if d <= 90 else "tier-green"
    rows = [(r.get("series"), int(r.findall("v")[1].text)) for r in chart.findall("row")]
    check(rows and all(s == tier(d) for s, d in rows), "days-remaining chart: each bar in its tier's series",
          rows[:3])


def phone(out, shots):
    """The pages at 390 px: nothing wider than the screen; sorting and filtering."""
    d = Driver(phone=True)
    try:
        for kind, rel in PAGES.items():
            d.go("file://" + os.path.join(out, rel))
            time.sleep(0.3)
            d.screenshot(os.path.join(shots, "phone-%s.png" % kind))
            w = d.js("return [document.documentElement.scrollWidth, innerWidth]")
            check(w[1] == PHONE_WIDTH and w[0] <= w[1],
                  "%s page at %d px: no horizontal overflow (scrollWidth %d, innerWidth %d)"
                  % (kind, PHONE_WIDTH, w[0], w[1]))
            wide = d.js("""return Array.from(document.querySelectorAll('.scroll')).filter(
                b => b.scrollWidth > b.clientWidth + 1).length""")
            if kind in ("program", "partner"):
                check(wide > 0, "%s page at %d px: a wide table scrolls inside its own box (%d)"
                      % (kind, PHONE_WIDTH, wide))

        d.go("file://" + os.path.join(out, "program.html"))
        head = "document.querySelectorAll('#vouchers thead th')"
        col = d.js("return Array.from(%s).findIndex(th => th.textContent.trim() === 'Days remaining')" % head)
        cells = ("return Array.from(document.querySelectorAll('#vouchers tbody tr'))"
                 ".map(r => r.cells[arguments[0]].textContent.trim())")
        before = d.js(cells, col)
        blanks = before.count("")
        check(col >= 0 and 0 < blanks < len(before),
              "vouchers table: closed vouchers have a blank Days remaining (%d of %d)" % (blanks, len(before)))
        for order, desc in (("ascending", False), ("descending", True)):
            d.js(head + "[arguments[0]].click()", col)
            got = d.js(cells, col)
            filled = [int(v) for v in got if v]
            check(got[len(filled):] == [""] * blanks and filled == sorted(filled, reverse=desc),
                  "sorting days remaining %s puts the %d blank cells last" % (order, blanks),
                  got[:3] + ["..."] + got[-3:])

        rows = "return Array.from(document.querySelectorAll('#vouchers tbody tr')).filter(r => !r.hidden)"
        box = "document.querySelector('#vouchers .filters input.open-only')"
        label = d.js("return %s && %s.parentNode.textContent.trim()" % (box, box))
        check(label == "Open vouchers only", "vouchers table has an open-vouchers-only box", label)
        d.js("var b = %s; b.click();" % box)
        shown = d.js(rows + ".map(r => r.cells[arguments[0]].textContent.trim())", col)
        check(shown and "" not in shown and len(shown) == len(before) - blanks,
              "open vouchers only: the %d open vouchers, no closed one" % len(shown))
        d.js("var b = %s; b.click();" % box)
        check(d.js(rows + ".length") == len(before), "unticked, every voucher is shown again")

        d.go("file://" + os.path.join(out, "index.html"))
        links = d.js("return Array.from(document.querySelectorAll('#findings-files a')).map(a => a.getAttribute('href'))")
        written = sorted(f for f in os.listdir(out) if f.startswith("findings."))
        check(sorted(links) == written and written, "index.html links the findings files written", (links, written))
    finally:
        d.close()


def printed(out, shots):
    """Each page kind printed by chromium: every word inside the content area of its page
    (the @page margins of report.css), where a printer does not cut it."""
    css = open(os.path.join(ROOT, "templates", "report.css")).read()
    m = re.search(r"@page\s*\{[^}]*margin:\s*([\d.]+)mm\s+([\d.]+)mm", css)
    side = float(m.group(2)) / 25.4 * 72 if m else 0
    check(m is not None, "report.css sets the printed page's margins")
    for kind, rel in PAGES.items():
        pdf = os.path.join(shots, "print-%s.pdf" % kind)
        profile = tempfile.mkdtemp()
        subprocess.run(["chromium"] + CHROME_ARGS[:-1] + ["--user-data-dir=" + profile, "--no-pdf-header-footer",
                        "--print-to-pdf=" + pdf, "file://" + os.path.join(out, rel)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        shutil.rmtree(profile, ignore_errors=True)
        words = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
        width, n, cut = None, 0, []
        for line in words.splitlines():
            p = re.search(r'<page width="([\d.]+)"', line)
            if p:
                width = float(p.group(1))
            w = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
            if w:
                n += 1
                if float(w.group(1)) < side - 0.5 or float(w.group(2)) > width - side + 0.5:
                    cut.append(w.group(3))
        check(n > 50 and not cut, "%s page printed: %d words, none outside the page's content area"
              % (kind, n), cut[:8])


def main():
    binary = sys.argv[1]
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        check(False, "chromium and chromedriver are installed (.ci/install-deps test)")
        sys.exit(1)
    tmp = tempfile.mkdtemp()
    out = os.path.join(tmp, "out")
    subprocess.run([binary, "-q", "--format", "html,json,xml", "-o", out, "input/"], cwd=ROOT, check=False)
    tiers_in_the_description(os.path.join(out, "findings.xml"))
    shots = os.environ.get("PSREPORT_SCREENSHOTS", tmp)
    d = Driver()
    try:
        for kind, rel in PAGES.items():
            d.go("file://" + os.path.join(out, rel))
            time.sleep(0.3)
            png = d.screenshot(os.path.join(shots, "page-%s.png" % kind))
            check(len(png) > 20000, "%s page renders (screenshot %d bytes)" % (kind, len(png)))
            errors = [l for l in d.logs() if l.get("level") == "SEVERE"]
            check(not errors, "%s page: no console errors" % kind, errors[:2])
            h1 = d.js("return document.querySelector('h1') && document.querySelector('h1').textContent")
            check(bool(h1), "%s page has its title" % kind, h1)
            if kind != "index":
                sizes = d.js("return Array.from(document.querySelectorAll('.plot svg')).map(s => s.getBoundingClientRect().height)")
                check(sizes and all(h > 40 for h in sizes), "%s page: every chart is drawn with a height" % kind, sizes)
                # labels are SVG <text>: each laid out with a width, inside its chart
                labels = d.js("""return Array.from(document.querySelectorAll('.plot svg')).map(s => {
                    const r = s.getBoundingClientRect();
                    const t = Array.from(s.querySelectorAll('text')).map(e => e.getBoundingClientRect());
                    return [t.length, t.filter(b => b.width > 0 && b.left >= r.left - 1 && b.right <= r.right + 1).length]; })""")
                check(labels and all(n > 0 and n == inside for n, inside in labels),
                      "%s page: chart labels are drawn, each inside its chart" % kind, labels)
                # the days-remaining chart: a legend names each tier's pattern, and the
                # caption gives the number of bars drawn
                fig = d.js("""const f = document.querySelector('#chart-days-remaining');
                    return [f.querySelector('figcaption').textContent,
                            f.querySelectorAll('details tbody tr').length,
                            Array.from(f.querySelectorAll('svg text')).map(t => t.textContent)]""")
                check(all(t in fig[2] for t in ("30 days or less", "31 to 90 days", "more than 90 days")),
                      "%s page: the days-remaining chart has a legend of the three tiers" % kind)
                check(re.search(r"\b%d\b" % fig[1], fig[0]) is not None,
                      "%s page: the days-remaining caption says how many bars it shows (%d)" % (kind, fig[1]), fig[0])
                requests = d.js("return performance.getEntriesByType('resource').map(e => e.name)")
                check(not [r for r in requests if not r.startswith("file:")], "%s page: no request to another host" % kind, requests)

        d.go("file://" + os.path.join(out, "program.html"))
        rows = "return Array.from(document.querySelectorAll('#findings tbody tr')).filter(r => !r.hidden)"
        total = d.js(rows + ".length")
        check(total > 10, "programme findings table has rows (%d)" % total)
        check(d.js("return document.querySelectorAll('#findings .filters select').length") >= 2,
              "findings table gets its severity and rule filters")
        # sort by the date column, descending after two clicks; blank dates stay last
        col = d.js("return Array.from(document.querySelectorAll('#findings thead th')).findIndex(th => th.textContent.trim() === 'Date')")
        d.js("document.querySelectorAll('#findings thead th')[arguments[0]].click()", col)
        # the cell shows the date as the reader reads it; it sorts by its ISO data-sort
        iso_of = "return Array.from(document.querySelectorAll('#findings tbody tr')).map(r => r.cells[arguments[0]].getAttribute('data-sort') || '')"
        shown = d.js("return Array.from(document.querySelectorAll('#findings tbody tr')).map(r => r.cells[arguments[0]].textContent.trim())", col)
        check(shown and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", v) for v in shown if v),
              "finding dates read '10 March 2020', not ISO", shown[:3])
        dates = d.js(iso_of, col)
        check(dates == sorted(v for v in dates if v) + [v for v in dates if not v],
              "a click on Date sorts the findings ascending (by date, not by text)", dates[:5])
        d.js("document.querySelectorAll('#findings thead th')[arguments[0]].click()", col)
        dates = d.js(iso_of, col)
        check(dates == sorted((v for v in dates if v), reverse=True) + [v for v in dates if not v],
              "a second click sorts them descending", dates[:5])
        # filter by severity
        d.js("var s = document.querySelector('#findings .filters select[data-key=severity]');"
             "s.value = 'Warning'; s.dispatchEvent(new Event('change'));")
        sev = d.js(rows + ".map(r => r.getAttribute('data-severity'))")
        check(sev and set(sev) == {"Warning"} and len(sev) < total, "severity filter shows only warnings (%d)" % len(sev))
        d.js("var t = document.querySelector('#findings .filters input');"
             "t.value = 'PS-2020-000919'; t.dispatchEvent(new Event('input'));")
        left = d.js(rows + ".map(r => r.textContent)")
        check(len(left) == 1 and "PS-2020-000919" in left[0], "text filter narrows to the one voucher", len(left))
        d.js("var s = document.querySelector('#findings .filters select[data-key=severity]');"
             "s.value = ''; s.dispatchEvent(new Event('change'));"
             "var t = document.querySelector('#findings .filters input'); t.value=''; t.dispatchEvent(new Event('input'));")
        check(d.js(rows + ".length") == total, "clearing the filters shows every row again")
        vs = "return Array.from(document.querySelectorAll('#vouchers tbody tr')).filter(r => !r.hidden)"
        d.js("var s = document.querySelector('#vouchers .filters select[data-key=status]');"
             "s.value = 'Expired'; s.dispatchEvent(new Event('change'));")
        st = d.js(vs + ".map(r => r.getAttribute('data-status'))")
        check(st and set(st) == {"Expired"}, "status filter on the vouchers table", st)
        d.js("var s = document.querySelector('#partners .filters select[data-key=region]');"
             "s.value = 'APAC'; s.dispatchEvent(new Event('change'));")
        reg = d.js("return Array.from(document.querySelectorAll('#partners tbody tr')).filter(r => !r.hidden).map(r => r.getAttribute('data-region'))")
        check(reg and set(reg) == {"APAC"}, "region filter on the partners table", reg)
    finally:
        d.close()

    phone(out, shots)
    printed(out, shots)

    d = Driver(javascript=False)
    try:
        d.go("file://" + os.path.join(out, "program.html"))
        time.sleep(0.3)
        d.screenshot(os.path.join(shots, "page-program-nojs.png"))
        n = json.load(open(os.path.join(out, "findings.json")))["summary"]
        visible = d.s("POST", "/elements", {"using": "css selector", "value": "#findings tbody tr"})
        controls = d.s("POST", "/elements", {"using": "css selector", "value": ".filters"})
        check(len(visible) == n["errors"] + n["warnings"] and not controls,
              "JavaScript off: every finding row shown, no controls", (len(visible), len(controls)))
    finally:
        d.close()
    shutil.rmtree(tmp, ignore_errors=True)
    _tap.exit()

if __name__ == "__main__":
    main()
