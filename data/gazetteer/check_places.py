#!/usr/bin/env python3
"""Validate Fahras's own gazetteer file (places.tsv, or any file in the same format).

Usage:
    python3 data/gazetteer/check_places.py [places.tsv] [--icu] [--quiet]

Checks (an error makes the exit status 1; warnings are printed only):
  * UTF-8, LF line ends, the exact 12-column header, 12 fields on every line
  * kind is one of country/admin1/admin2/admin3/city/district
  * country_code is an ISO 3166-1 alpha-2 code (or XK); every code has a country row
  * source_id is unique; (name_ar, country_code, kind) is unique
  * lat/lon parse, lie in [-90, 90] x [-180, 180], and fall inside a rough bounding
    box of the country (22 Arab League states and a few neighbours) or, for other
    countries, within 3,500 km of the country row's point
  * admin1_ar/admin1_en name an admin1 row of the same country (both names must match);
    country and admin1 rows have them empty
  * population is empty or a positive integer
  * name_ar and the alternates are Arabic script; alternates are unique and differ
    from name_ar
  * warning: a city/admin2/district more than 400 km from its admin1 point
    (admin1 points are rough: centroid or capital)

--icu compiles a tiny C++ program against ICU (libicu-dev, pkg-config) and checks
that every region code ICU knows (less DG/EA/IC, which are not countries) has a
country row, and lists the countries whose name_ar differs from ICU's Arabic name.
Only the given TSV and, with --icu, the system ICU library are read.
"""
import math
import os
import re
import subprocess
import sys
import tempfile

HEADER = ["name_ar", "alt_names_ar", "name_en", "kind", "country_code", "lat", "lon",
          "population", "source", "source_id", "admin1_ar", "admin1_en"]
KINDS = {"country", "admin1", "admin2", "admin3", "city", "district"}

# ISO 3166-1 alpha-2 officially assigned codes (249) plus XK (Kosovo, user-assigned,
# used by CLDR/ICU).
ISO = set("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK
""".split())

ARAB_LEAGUE = set("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split())

# Rough bounding boxes: lat_min, lat_max, lon_min, lon_max (generous by ~0.2 degrees).
BBOX = {
    "SY": (32.2, 37.5, 35.5, 42.5), "IQ": (29.0, 37.5, 38.7, 48.7),
    "YE": (12.0, 19.1, 41.7, 54.7), "SA": (16.2, 32.3, 34.4, 55.8),
    "EG": (21.9, 31.8, 24.6, 37.0), "LY": (19.4, 33.3, 9.2, 25.3),
    "JO": (29.1, 33.5, 34.8, 39.4), "LB": (33.0, 34.8, 35.0, 36.7),
    "PS": (31.2, 32.6, 34.1, 35.7), "MA": (21.2, 36.0, -17.2, -0.9),
    "DZ": (18.8, 37.2, -8.8, 12.1), "TN": (30.1, 37.6, 7.4, 11.7),
    "OM": (16.5, 26.5, 51.8, 60.0), "AE": (22.5, 26.2, 51.4, 56.5),
    "KW": (28.4, 30.2, 46.4, 48.6), "QA": (24.4, 26.3, 50.6, 51.8),
    "BH": (25.5, 26.4, 50.3, 50.8), "SD": (8.5, 22.4, 21.7, 38.8),
    "MR": (14.6, 27.4, -17.2, -4.7), "SO": (-1.8, 12.1, 40.8, 51.5),
    "DJ": (10.8, 12.8, 41.7, 43.5), "KM": (-12.5, -11.3, 43.1, 44.6),
    "IL": (29.4, 33.4, 34.2, 35.9), "TR": (35.8, 42.2, 25.6, 44.9),
    "IR": (25.0, 39.8, 44.0, 63.4), "EH": (20.7, 27.7, -17.2, -8.6),
    "ES": (27.5, 43.9, -18.2, 4.4), "US": (18.8, 71.5, -179.3, -66.8),
}
FAR_KM = 3500        # non-bbox countries: max distance from the country point
ADMIN_WARN_KM = 400  # warning threshold city -> admin1 point

ARABIC = re.compile(r"^[\u0600-\u06FF0-9 \-()'\u200c]+$")


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(min(1, math.sqrt(a)))


ICU_SRC = r"""
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <iostream>
#include <string>
int main() {
  for (const char* const* c = icu::Locale::getISOCountries(); *c; ++c) {
    icu::UnicodeString ar; std::string a;
    icu::Locale("und", *c).getDisplayCountry(icu::Locale("ar"), ar);
    ar.toUTF8String(a);
    std::cout << *c << "\t" << a << "\n";
  }
}
"""


def icu_countries():
    with tempfile.TemporaryDirectory() as d:
        src, exe = os.path.join(d, "icu.cpp"), os.path.join(d, "icu")
        with open(src, "w") as fh:
            fh.write(ICU_SRC)
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "icu-uc", "icu-i18n"],
                               capture_output=True, text=True, check=True).stdout.split()
        subprocess.run(["g++", src, "-o", exe] + flags, check=True)
        out = subprocess.run([exe], capture_output=True, check=True).stdout.decode("utf-8")
    return dict(line.split("\t", 1) for line in out.splitlines())


def main(argv):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "places.tsv")
    use_icu = quiet = False
    for a in argv:
        if a == "--icu":
            use_icu = True
        elif a == "--quiet":
            quiet = True
        else:
            path = a
    errors, warnings = [], []

    def err(n, msg):
        errors.append(f"line {n}: {msg}")

    raw = open(path, "rb").read()
    if b"\r" in raw:
        errors.append("file contains CR characters (must be LF only)")
    if not raw.endswith(b"\n"):
        errors.append("file does not end with a newline")
    text = raw.decode("utf-8")  # raises on invalid UTF-8
    lines = text.split("\n")[:-1]
    if lines[0].split("\t") != HEADER:
        errors.append(f"bad header: {lines[0]!r}")

    rows = []
    for n, line in enumerate(lines[1:], 2):
        f = line.split("\t")
        if len(f) != 12:
            err(n, f"{len(f)} fields, expected 12")
            continue
        rows.append((n, dict(zip(HEADER, f))))

    ids, keys = {}, {}
    countries, admin1 = {}, {}
    for n, r in rows:
        cc, kind = r["country_code"], r["kind"]
        if kind not in KINDS:
            err(n, f"bad kind {kind!r}")
        if cc not in ISO:
            err(n, f"bad country_code {cc!r}")
        if not r["name_ar"] or not r["name_en"]:
            err(n, "empty name_ar or name_en")
        sid = r["source_id"]
        if not sid:
            err(n, "empty source_id")
        elif sid in ids:
            err(n, f"duplicate source_id {sid} (first on line {ids[sid]})")
        ids.setdefault(sid, n)
        key = (r["name_ar"], cc, kind)
        if key in keys:
            err(n, f"duplicate (name_ar, country_code, kind) {key} (first on line {keys[key]})")
        keys.setdefault(key, n)
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                err(n, f"lat/lon out of range {lat},{lon}")
            r["_ll"] = (lat, lon)
        except ValueError:
            err(n, f"lat/lon do not parse: {r['lat']!r}, {r['lon']!r}")
        if r["population"] and not (r["population"].isdigit() and int(r["population"]) > 0):
            err(n, f"bad population {r['population']!r}")
        if not ARABIC.match(r["name_ar"]):
            err(n, f"name_ar not Arabic script: {r['name_ar']!r}")
        alts = r["alt_names_ar"].split("|") if r["alt_names_ar"] else []
        if len(set(alts)) != len(alts):
            err(n, "duplicate alternate names")
        for a in alts:
            if not a or a == r["name_ar"] or not ARABIC.match(a):
                err(n, f"bad alternate {a!r}")
        if kind == "country":
            if cc in countries:
                err(n, f"second country row for {cc}")
            countries[cc] = r
        if kind == "admin1":
            admin1[(cc, r["name_ar"])] = r
        if kind in ("country", "admin1") and (r["admin1_ar"] or r["admin1_en"]):
            err(n, f"{kind} row with admin1 set")

    missing = sorted(ISO - set(countries))
    if missing:
        errors.append(f"no country row for: {' '.join(missing)}")

    for n, r in rows:
        if "_ll" not in r:
            continue
        cc, (lat, lon) = r["country_code"], r["_ll"]
        if cc in BBOX:
            a, b, c, d = BBOX[cc]
            if not (a <= lat <= b and c <= lon <= d):
                err(n, f"{r['name_ar']} ({r['name_en']}) {lat},{lon} outside the {cc} box")
        elif r["kind"] != "country" and cc in countries and "_ll" in countries[cc]:
            dist = km(lat, lon, *countries[cc]["_ll"])
            if dist > FAR_KM:
                err(n, f"{r['name_en']} is {dist:.0f} km from the {cc} country point")
        if r["admin1_ar"] or r["admin1_en"]:
            a1 = admin1.get((cc, r["admin1_ar"]))
            if a1 is None:
                err(n, f"admin1 {r['admin1_ar']!r} is not an admin1 row of {cc}")
            elif a1["name_en"] != r["admin1_en"]:
                err(n, f"admin1_en {r['admin1_en']!r} != {a1['name_en']!r}")
            elif "_ll" in a1:
                dist = km(lat, lon, *a1["_ll"])
                if dist > ADMIN_WARN_KM:
                    warnings.append(f"line {n}: {r['name_en']} is {dist:.0f} km from its "
                                    f"admin1 point ({a1['name_en']})")

    for cc in sorted(ARAB_LEAGUE):
        if not any(k[0] == cc for k in admin1):
            errors.append(f"Arab League state {cc} has no admin1 rows")

    if use_icu:
        try:
            icu = icu_countries()
        except (OSError, subprocess.CalledProcessError) as e:
            errors.append(f"--icu: could not build/run the ICU lister: {e}")
        else:
            icu_codes = set(icu) - {"DG", "EA", "IC"}
            for cc in sorted(icu_codes - set(countries)):
                errors.append(f"ICU region {cc} ({icu[cc]}) has no country row")
            for cc in sorted(set(countries) - set(icu)):
                warnings.append(f"country {cc} is not an ICU region")
            diff = [cc for cc in sorted(countries) if cc in icu
                    and countries[cc]["name_ar"] != icu[cc]]
            print(f"ICU: {len(icu)} regions; {len(diff)} countries use a name_ar other than "
                  f"ICU's (ICU's name is kept as an alternate unless it carries a bracketed qualifier):")
            for cc in diff:
                alts = countries[cc]["alt_names_ar"].split("|")
                mark = "" if icu[cc] in alts else "   [ICU name not among alternates]"
                print(f"  {cc}: {countries[cc]['name_ar']}  (ICU: {icu[cc]}){mark}")

    counts = {}
    for _, r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    print(f"{path}: {len(rows)} rows; " +
          ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda x: -x[1])))
    if not quiet:
        for w in warnings:
            print("warning:", w)
    for e in errors:
        print("error:", e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
