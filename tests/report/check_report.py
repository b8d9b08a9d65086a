#!/usr/bin/env python3
"""check_report.py NEEDMAP SOURCE_ROOT ARTEFACTS [ARGS...]

Opens report.html of `needmap run ARGS... surveys/example` in headless
Chromium through the DevTools protocol and checks that:
- the page loads with no console error, no script exception and no network
  request (everything is inline; only the file itself is read);
- every cohort of cohorts.csv is in the DOM (the published ones with their
  P(viable) as the report writes it), and every municipality with a
  published figure in demand.csv is there (section 1 and the map);
- the map's shading and cohort choices work (every option, no error) and
  the page is no wider than a phone's screen;
- printing to PDF works.
Screenshots at desktop and phone widths, the map alone and the PDF are kept
in ARTEFACTS.  Exit 77 (skip) only when no Chromium is installed.
"""
import base64
import csv
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

failures = []


def check(ok, what):
    print(("ok - " if ok else "not ok - ") + what)
    if not ok:
        failures.append(what)


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def number_text(value, lang):
    """The report's number format: canonical CSV text, decimal comma in Swedish."""
    return value.replace(".", ",") if lang == "sv" else value


def errors_in(events):
    out = []
    for e in events:
        m, p = e["method"], e.get("params", {})
        if m == "Runtime.exceptionThrown":
            out.append("exception: " + str(p.get("exceptionDetails", {}).get("text")))
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            out.append("console %s: %s" % (p["type"], [a.get("value") for a in p.get("args", [])]))
        elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
            out.append("log %s: %s" % (p["entry"]["level"], p["entry"].get("text")))
    return out


def requests_in(events):
    return [e["params"]["request"]["url"] for e in events
            if e["method"] == "Network.requestWillBeSent"
            and not e["params"]["request"]["url"].startswith(("file:", "data:"))]


def screenshot(b, path, width, height, mobile, clip=None):
    b.call("Emulation.setDeviceMetricsOverride",
           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    params = {"format": "png", "captureBeyondViewport": True}
    if clip:
        params["clip"] = dict(clip, scale=1)
    else:
        h = b.evaluate("document.documentElement.scrollHeight")
        params["clip"] = {"x": 0, "y": 0, "width": width, "height": h, "scale": 1}
    data = base64.b64decode(b.call("Page.captureScreenshot", params)["data"])
    with open(path, "wb") as f:
        f.write(data)
    return data


def main():
    needmap, root, artefacts = sys.argv[1], sys.argv[2], sys.argv[3]
    args = sys.argv[4:]
    lang = "en" if "--lang" in args and args[args.index("--lang") + 1] == "en" else "sv"
    chromium = cdp.find_chromium()
    if not chromium:
        print("SKIP: no chromium on PATH (Debian: apt-get install chromium; .ci/test installs it)")
        return 77
    os.makedirs(artefacts, exist_ok=True)
    tag = lang + ("-internal" if "--internal" in args else "")
    tmp = tempfile.mkdtemp(prefix="needmap-report-")
    out = os.path.join(tmp, "out")
    subprocess.run([needmap, "run", "-q", *args, os.path.join(root, "surveys", "example"),
                    "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = os.path.join(out, "report.html")
    check(os.path.isfile(page), "needmap run writes report.html")
    if failures:
        return 1
    b = cdp.Browser(chromium)
    try:
        for domain in ("Runtime", "Log", "Network", "Page"):
            b.call(domain + ".enable")
        b.call("Emulation.setDeviceMetricsOverride",
               {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        b.call("Page.navigate", {"url": "file://" + page})
        b.wait_for("Page.loadEventFired")
        b.evaluate("new Promise(r => setTimeout(r, 200))")

        cohorts = read_csv(os.path.join(out, "cohorts.csv"))
        found = b.evaluate("""Array.from(document.querySelectorAll('#kohorter tr[data-cohort]'))
            .map(t => [t.getAttribute('data-cohort'), t.textContent])""")
        rows = dict(found)
        missing = [c["cohort_id"] for c in cohorts if c["cohort_id"] not in rows]
        check(not missing and len(rows) == len(cohorts),
              "all %d cohorts of cohorts.csv are in the report (missing: %s)" % (len(cohorts), missing))
        wrong = [c["cohort_id"] for c in cohorts if c["cohort_id"] in rows and (
            (c["suppressed"] == "" and number_text(c["p_viable"], lang) not in rows[c["cohort_id"]])
            or (c["suppressed"] != "" and ".." not in rows[c["cohort_id"]])
            or c["hub_name"] not in rows[c["cohort_id"]])]
        check(not wrong, "each cohort shows its hub, and its P(viable) or `..` as cohorts.csv (wrong: %s)" % wrong)
        drawn = b.evaluate("document.querySelectorAll('#nm-map g.co').length")
        check(drawn == min(len(cohorts), 60), "every cohort is drawn on the map (%d)" % drawn)

        published = sorted({r["geo_code"] for r in read_csv(os.path.join(out, "demand.csv"))
                            if r["geo_level"] == "municipality" and r["suppressed"] == ""})
        in_dom = b.evaluate("""(codes => codes.filter(c =>
            document.querySelector('#inlast tr[data-muni="' + c + '"]') &&
            document.querySelector('#nm-munis path[data-muni="' + c + '"]')))(%s)""" % published)
        check(published and in_dom == published,
              "every municipality with a published figure (%d) is in section 1 and on the map" % len(published))

        layers = b.evaluate("document.querySelectorAll('#nm-layer option').length") or 0
        for i in range(layers):
            b.evaluate("""(() => {const s = document.getElementById('nm-layer'); s.value = '%d';
                s.dispatchEvent(new Event('change')); })()""" % i)
        shaded = b.evaluate("""(() => { const L = JSON.parse(document.getElementById('nm-layers').textContent);
            const last = L[L.length - 1]; return Object.keys(last.v).every(c =>
            document.querySelector('#nm-munis path[data-muni="' + c + '"]').getAttribute('class') === last.v[c][0]); })()""") \
            if layers else True
        check(layers > 0 and shaded, "every map shading can be chosen (%d) and colours the municipalities" % layers)
        b.evaluate("""(() => {const s = document.getElementById('nm-layer'); s.value = '0';
            s.dispatchEvent(new Event('change')); })()""")
        if cohorts:
            shown = b.evaluate("""(() => {const s = document.getElementById('nm-cohort'); s.value = '1';
                s.dispatchEvent(new Event('change'));
                const n = document.querySelectorAll('#nm-map g.co:not(.off)').length;
                s.value = ''; s.dispatchEvent(new Event('change')); return n; })()""")
            check(shown == 1, "choosing a cohort shows it alone on the map")

        errs = errors_in(b.events)
        check(not errs, "no console error, warning or exception (%s)" % errs[:5])
        reqs = requests_in(b.events)
        check(not reqs, "no network request (%s)" % reqs[:5])

        screenshot(b, os.path.join(artefacts, "report-%s-desktop.png" % tag), 1280, 900, False)
        b.call("Emulation.setDeviceMetricsOverride",
               {"width": 1100, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        box = b.evaluate("""(() => {const r = document.getElementById('karta').getBoundingClientRect();
            return {x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height}; })()""")
        screenshot(b, os.path.join(artefacts, "report-%s-map.png" % tag), 1100, 900, False,
                   clip={"x": max(0, box["x"] - 10), "y": box["y"], "width": box["width"] + 20,
                         "height": box["height"]})
        b.call("Emulation.setDeviceMetricsOverride",
               {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        b.evaluate("new Promise(r => setTimeout(r, 200))")
        wide = b.evaluate("document.documentElement.scrollWidth")
        check(wide <= 390, "at a phone's width (390 px) the page does not scroll sideways (%d px)" % wide)
        screenshot(b, os.path.join(artefacts, "report-%s-phone.png" % tag), 390, 844, True)
        b.call("Emulation.clearDeviceMetricsOverride")

        pdf = base64.b64decode(b.call("Page.printToPDF", {"printBackground": True})["data"])
        with open(os.path.join(artefacts, "report-%s.pdf" % tag), "wb") as f:
            f.write(pdf)
        check(pdf.startswith(b"%PDF") and len(pdf) > 10000, "printing to PDF works (%d bytes)" % len(pdf))
        errs = errors_in(b.events)
        check(not errs, "still no error after using the map, resizing and printing (%s)" % errs[:5])
    finally:
        b.close()
    print("artefacts in", artefacts)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
