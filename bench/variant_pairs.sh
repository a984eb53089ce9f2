#!/usr/bin/env bash
# Show that queries differing only by a spelling variant return identical
# ranked lists.  Usage: bench/variant_pairs.sh DB [fahras-search binary]
# Prints one line per pair: SAME/DIFF, hit count, the two queries.
set -euo pipefail
db=${1:?usage: variant_pairs.sh DB [fahras-search]}
search=${2:-"$(dirname "$0")/../build/searcher/fahras-search"}

pairs=(
  "أَعْلَنَتِ الحُكومةُ|اعلنت الحكومة"            # tashkeel
  "إسطنبول|اسطنبول"                              # hamza below
  "أمير منطقة الرياض|امير منطقة الرياض"          # hamza above
  "آلاف المواطنين|الاف المواطنين"                # madda
  "وزارة الصحة|وزاره الصحه"                      # ة / ه
  "مستشفى الملك فهد|مستشفي الملك فهد"            # ى / ي
  "مجلـــس الـــوزراء|مجلس الوزراء"              # tatweel
  "رؤية ٢٠٣٠|رؤية 2030"                          # Arabic-Indic digits
  "ﺍﻟﺴﻌﻮﺩﻳﺔ|السعودية"                            # presentation forms
  "کرة القدم|كرة القدم"                          # Persian keheh
  "\"خادم الحرمين الشريفين\"|\"خادم الحرمين الشريفين\""  # a phrase, with itself as control
)

ids() { "$search" --db "$db" --json --limit 50 --snippet-length 0 "$1" | grep '"type":"hit"' | sed 's/.*"id":"\([^"]*\)".*/\1/'; }

status=0
for pair in "${pairs[@]}"; do
  a=${pair%%|*}
  b=${pair#*|}
  ia=$(ids "$a" || true)
  ib=$(ids "$b" || true)
  n=$(printf '%s' "$ia" | grep -c . || true)
  if [ "$ia" = "$ib" ] && [ "$n" -gt 0 ]; then verdict=SAME; else verdict=DIFF; status=1; fi
  printf '%s  %3d hits  %s  |  %s\n' "$verdict" "$n" "$a" "$b"
done
exit $status
