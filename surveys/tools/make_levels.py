#!/usr/bin/env python3
"""make_levels.py - write surveys/ssyk_levels.csv: the usual education route
for every SSYK 2012 4-digit group, from surveys/ssyk2012.csv.

The fallback is SCB's skill level of the major group (SSYK 2012
documentation, "Yrkesklassificering SSYK 2012", MIS 2012:1): 2 -> skill
level 4 (university), 3 -> skill level 3 (post-secondary: YH), 4-8 -> skill
level 2 (upper secondary: komvux for adults), 9 -> skill level 1 (short
course); 1 (managers, skill level 3-4) and 0 (armed forces) are appointed
or trained by their employer: a short course (uppdragsutbildning).
OVERRIDES name the groups whose usual route differs, each with its source.

Run from the repository root:  python3 surveys/tools/make_levels.py
With --check [ROOT], compare instead of writing (exit 1 when it differs).
"""
import csv
import io
import os
import sys

MAJOR = {
    "0": ("course", "", "SSYK 2012 major group 0: trained by the Armed Forces; civilian offers are short courses"),
    "1": ("course", "university", "SSYK 2012 major group 1 (skill level 3-4): managers are appointed from experience; education offers are courses (uppdragsutbildning)"),
    "2": ("university", "", "SSYK 2012 major group 2: skill level 4 (högskola)"),
    "3": ("yh", "university", "SSYK 2012 major group 3: skill level 3 (post-secondary: YH)"),
    "4": ("komvux", "yh", "SSYK 2012 major group 4: skill level 2 (upper secondary: komvux)"),
    "5": ("komvux", "", "SSYK 2012 major group 5: skill level 2 (upper secondary: komvux)"),
    "6": ("komvux", "", "SSYK 2012 major group 6: skill level 2 (upper secondary: komvux naturbruk)"),
    "7": ("komvux", "", "SSYK 2012 major group 7: skill level 2 (upper secondary: komvux, apprenticeship)"),
    "8": ("komvux", "", "SSYK 2012 major group 8: skill level 2 (upper secondary: komvux)"),
    "9": ("course", "", "SSYK 2012 major group 9: skill level 1 (short introduction course)"),
}

UNI_DEGREE = "Högskoleförordningen (1993:100) bilaga 2: yrkesexamen"
OVERRIDES = {
    "1412": ("university", "", "Skollagen 2 kap. 12 §: rektorsprogrammet (högskola)"),
    "2172": ("yh", "university", "MYH: YH-utbildningar i grafisk design; also högskola"),
    "2514": ("yh", "university", "MYH: YH-utbildningar för testare"),
    "2515": ("yh", "university", "MYH: YH-utbildningar för systemförvaltare"),
    "2221": ("university", "", UNI_DEGREE + " (sjuksköterskeexamen)"),
    "2222": ("university", "", UNI_DEGREE + " (barnmorskeexamen)"),
    "3151": ("university", "yh", "Sjöbefälsutbildning (högskola), Transportstyrelsen behörighet"),
    "3152": ("university", "yh", "Sjöbefälsutbildning (högskola), Transportstyrelsen behörighet"),
    "3212": ("university", "", UNI_DEGREE + " (biomedicinsk analytikerexamen)"),
    "3213": ("university", "", UNI_DEGREE + " (receptarieexamen)"),
    "3214": ("university", "yh", UNI_DEGREE + " (tandteknikerexamen)"),
    "3215": ("university", "yh", "Högskoleingenjör/kandidat; YH laboratorietekniker"),
    "3240": ("university", "", UNI_DEGREE + " (djursjukskötarexamen, SLU)"),
    "3250": ("university", "", UNI_DEGREE + " (tandhygienistexamen)"),
    "3333": ("university", "", "Arbetsförmedlingen recruits graduates (högskola)"),
    "3352": ("university", "", "Skatteverket recruits graduates (högskola)"),
    "3353": ("university", "", "Försäkringskassan recruits graduates (högskola)"),
    "3355": ("university", "yh", UNI_DEGREE + " (brandingenjörsexamen)"),
    "3360": ("university", "", "Polisutbildningen (högskola)"),
    "3412": ("university", "", "Pastorsutbildning at university colleges (högskola)"),
    "3421": ("course", "", "Sport: no education route; short courses"),
    "3423": ("yh", "course", "Fritidsledarutbildning (folkhögskola); nearest offer YH"),
    "3441": ("yh", "", "MYH: YH-utbildning trafiklärare"),
    "3351": ("course", "", "Tullverket and Kustbevakningen train their own staff"),
    "4111": ("yh", "komvux", "MYH: YH-utbildningar ekonomiassistent/redovisning"),
    "4112": ("yh", "komvux", "MYH: YH-utbildningar löneadministratör"),
    "4117": ("yh", "", "MYH: YH-utbildning medicinsk sekreterare"),
    "4430": ("course", "", "Elected representatives: short courses"),
    "5111": ("course", "", "Airline cabin crew courses (Transportstyrelsen)"),
    "5224": ("course", "", "Short courses for optician assistants"),
    "5227": ("yh", "", "MYH: YH-utbildning apotekstekniker"),
    "5321": ("komvux", "yh", "Komvux vård- och omsorgsutbildning (undersköterska); YH for specialist assistant nurses"),
    "5322": ("komvux", "yh", "Komvux vård- och omsorgsutbildning (undersköterska); YH for specialist assistant nurses"),
    "5323": ("komvux", "yh", "Komvux vård- och omsorgsutbildning (undersköterska); YH for specialist assistant nurses"),
    "5324": ("komvux", "yh", "Komvux vård- och omsorgsutbildning (undersköterska); YH for specialist assistant nurses"),
    "5325": ("komvux", "yh", "Komvux barn- och fritid/vård; YH barnsköterska"),
    "5326": ("komvux", "yh", "Komvux vård- och omsorgsutbildning with ambulance orientation; YH"),
    "5350": ("yh", "komvux", "MYH: YH-utbildning tandsköterska"),
    "5411": ("yh", "", "MSB: Skydd mot olyckor (post-secondary, 2 years)"),
    "5412": ("course", "", "Kriminalvården trains its own staff"),
    "5413": ("course", "", "Väktare/ordningsvakt: short courses approved by the police"),
    "5414": ("course", "", "SOS Alarm trains its own staff"),
    "7126": ("yh", "komvux", "MYH: YH-utbildningar kyl- och värmepumpstekniker"),
    "7232": ("yh", "komvux", "MYH: YH flygteknik (EASA Part-66)"),
    "8191": ("yh", "komvux", "MYH: YH-utbildningar drifttekniker"),
    "8192": ("yh", "komvux", "MYH: YH-utbildningar processövervakare"),
    "8193": ("yh", "komvux", "MYH: YH-utbildningar processövervakare"),
    "8199": ("yh", "komvux", "MYH: YH-utbildningar drifttekniker"),
    "8311": ("yh", "", "MYH: YH-utbildning lokförare (Transportstyrelsen förarbevis)"),
    "8312": ("course", "", "Short courses for railway yard staff"),
    "8321": ("course", "", "Taxiförarlegitimation: short course"),
    "8331": ("komvux", "yh", "Komvux yrkesförare buss (YKB)"),
    "8332": ("yh", "komvux", "MYH: YH yrkesförare/transportledning; komvux yrkesförare (YKB)"),
    "8344": ("course", "", "Truckkort: short course"),
}
# the specialist nurses (2223-2239): a specialist nursing degree
for c in ("2223", "2224", "2225", "2226", "2227", "2228", "2231", "2232", "2233",
          "2234", "2235", "2239"):
    OVERRIDES[c] = ("university", "", UNI_DEGREE + " (specialistsjuksköterskeexamen)")
# physicians, psychologists, dentists, pharmacists...: yrkesexamen
for c in ("2211", "2212", "2213", "2219", "2241", "2242", "2250", "2260", "2272", "2273",
          "2281", "2282", "2283", "2284"):
    OVERRIDES[c] = ("university", "", UNI_DEGREE)
# teachers: lärarexamen
for c in ("2320", "2330", "2341", "2342", "2343", "2351"):
    OVERRIDES[c] = ("university", "", UNI_DEGREE + " (lärarexamen)")
# IT technicians: YH
for c in ("3511", "3512", "3513", "3514", "3515"):
    OVERRIDES[c] = ("yh", "", "MYH: YH-utbildningar inom data/IT")


def main():
    root = sys.argv[2] if len(sys.argv) > 2 else "."
    rows = []
    with open(os.path.join(root, "surveys/ssyk2012.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["level"] == "4":
                rows.append(r["code"])
    assert all(c in rows for c in OVERRIDES), [c for c in OVERRIDES if c not in rows]
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(["code", "level", "also", "source"])
    for code in rows:
        level, also, source = OVERRIDES.get(code, MAJOR[code[0]])
        w.writerow([code, level, also, source])
    path = os.path.join(root, "surveys/ssyk_levels.csv")
    if sys.argv[1:2] == ["--check"]:
        with open(path, encoding="utf-8", newline="") as f:
            same = f.read() == text.getvalue()
        print(("ok - " if same else "not ok - ") + "surveys/ssyk_levels.csv is what "
              "make_levels.py writes (one row per 4-digit SSYK group)")
        sys.exit(0 if same else 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text.getvalue())


if __name__ == "__main__":
    main()
