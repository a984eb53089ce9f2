#!/usr/bin/env python3
"""Which gazetteer names need context: measured on a news archive.

For every one-word name of the bundled gazetteer, counts on the archive:

  n        how often the name occurs as a word (also after the proclitics
           و/ف, ب/ك/ل, لل that the recognizer strips);
  placed   how many of those have place context: a place word or a
           preposition of place just before (في، من، إلى، مدينة، محافظة،
           منطقة، قرية…), or a dateline (the name among the first three
           words of the body, before ":" or a dash);
  word     how often the same word occurs as an ordinary word would: the
           name with its article taken away or added (السلمية / سلمية,
           دخان / الدخان), or with a suffix (الميادين / ميادينها).  A place's
           name has none of these forms (الدمام, صنعاء); an everyday word has
           many.  The nisba is no such form (قطري "Qatari" says the place).

and writes the names that need context to data/gazetteer/needs_context.tsv
(names and numbers only, no text of the archive), for the recognizer:

  context     the word is an ordinary word too (and under half of the name's
              occurrences have place context): the name counts only with
              a place word before it or another place of its country in the
              article (the recognizer's ambiguous names);
  place-word  the word is above all an ordinary word and rarely has place
              context: only a place word other than في before it will do.

    bench/places/context_stats.py                 # the archive of ../shared, writes the data file
    bench/places/context_stats.py --print 40      # also print the 40 names most often words
    bench/places/context_stats.py --large ../shared/gazetteer/gazetteer_ar.tsv
                                                  # the large gazetteer's names that are never places
                                                  # -> data/gazetteer/large_needs.tsv
"""

import argparse
import collections
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import issue21  # noqa: E402  (the archive reader and the letter folds)

REPO = issue21.REPO
GAZETTEER = os.path.join(REPO, "data", "gazetteer", "places.tsv")
OUT = os.path.join(REPO, "data", "gazetteer", "needs_context.tsv")

# The thresholds of the policy (see docs/places.md, "Names that need context").
MIN_N = 20            # fewer occurrences as the name and as its other forms: too few to judge
MIN_NAME = 5          # and at least this many as the name (rare names are left as they are)
CONTEXT_WORD = 0.10   # word / (n + word) at least this: an ordinary word too
PLACE_WORD = 0.30     # ... and at least this, with placed / n under PLACED_LOW:
PLACED_LOW = 0.15     #     above all an ordinary word
PLACED_HIGH = 0.50    # placed / n at least this: mostly written as a place, left alone
# Names that take no article and no suffix (هون "here") show no
# other forms; for them the bare word is measured: written at least BARE_MIN_N
# times with place context before under BARE_PLACED of them -> context.
BARE_MIN_N = 10      # the main sample gives the same figures for 5, 10 and 20
BARE_PLACED = 0.20   # chosen on the main sample: 0.35 takes right tags away

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]")
_WORD = re.compile("[\u0621-\u064a]+")
_AL = "ال"

PLACE_WORDS = {issue21.norm(w) for w in (
    "في", "وفي", "من", "إلى", "الى", "مدينة", "بمدينة", "لمدينة", "ومدينة", "بلدة", "ببلدة", "محافظة", "بمحافظة",
    "لمحافظة", "ومحافظة", "منطقة", "بمنطقة", "قرية", "بقرية", "حي", "بحي", "ريف", "بريف", "ولاية", "بولاية",
    "مخيم", "مطار", "ميناء", "عاصمة", "شمال", "جنوب", "شرق", "غرب", "قرب", "أهالي", "سكان", "قضاء", "بلدية")}
# For the bare measure also the place nouns with the article (المنطقة الشرقية
# "the Eastern Province", المدينة المنورة): a name written mostly after them is a place.
BARE_PLACE_WORDS = PLACE_WORDS | {_AL + w for w in PLACE_WORDS if len(w) > 2 and not w.startswith(_AL)}
# Suffixes of nouns and adjectives, not of place names.  Not the nisba
# (ي, يه, يون: قطري "Qatari" says the place), nor ه (ة folds to it: حلبة).
SUFFIXES = ("ها", "هم", "هما", "ات", "كم")


def normalize(text):
    return issue21.norm(_TASHKEEL.sub("", text))


def bare_forms(word):
    """The word and its forms without the proclitics the recognizer strips."""
    out = [word]
    bases = [word]
    if word[:1] in ("و", "ف") and len(word) >= 3:
        bases.append(word[1:])
        out.append(word[1:])
    for base in bases:
        if base.startswith("لل") and len(base) >= 4:
            out.append(_AL + base[2:])
        if base[:1] in ("ب", "ك", "ل") and len(base) >= 3:
            out.append(base[1:])
    return out


def gazetteer_names(path):
    names = set()
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            for name in [cols[0]] + [a for a in cols[1].split("|") if a]:
                name = normalize(name).strip()
                if name and " " not in name and "-" not in name:
                    names.add(name)
    return names


def word_forms(name):
    """Forms of the same word that a place name does not take (see the top)."""
    stem = name[2:] if name.startswith(_AL) and len(name) > 4 else name
    forms = {stem, _AL + stem} - {name}
    forms.update(stem + s for s in SUFFIXES)
    return forms


def count(corpus, names):
    n = collections.Counter()
    placed = collections.Counter()
    placed_bare = collections.Counter()  # with BARE_PLACE_WORDS
    words = collections.Counter()
    articles = 0
    for a in issue21.articles(corpus):
        articles += 1
        body = normalize(a.get("content", ""))
        for text, is_body in ((normalize(a.get("title", "")), False), (body, True)):
            tokens = _WORD.findall(text)
            head = text[:80]
            for i, tok in enumerate(tokens):
                for form in bare_forms(tok):
                    words[form] += 1
                for form in bare_forms(tok):
                    if form not in names:
                        continue
                    n[form] += 1
                    prev = tokens[i - 1] if i > 0 else ""
                    dateline = is_body and i < 3 and re.search(re.escape(tok) + r"\s*[:\-–—]", head)
                    if prev in PLACE_WORDS or dateline:
                        placed[form] += 1
                    if prev in BARE_PLACE_WORDS or dateline:
                        placed_bare[form] += 1
                    break
    return articles, n, placed, words, placed_bare


# The large gazetteer's names (--large): names written this often (as a
# name, proclitics stripped) ...
NEVER_MIN_N = 20
# ... with a place word or preposition of place before so few of them are
# words, people, institutions named after people (الملك عبدالعزيز, علي "on",
# ثورة "revolution", مباشر "direct"): never a place of that gazetteer.
NEVER_PLACED = 0.05
LARGE_OUT = os.path.join(REPO, "data", "gazetteer", "large_needs.tsv")
MAX_WORDS = 3


def large_names(path, bundled):
    """The normalized names (up to MAX_WORDS words) of a user gazetteer's places other than countries,
    without the bundled gazetteer's names (which needs_context.tsv measures)."""
    names = set()
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[3] == "country":
                continue
            for name in [cols[0]] + [a for a in cols[1].split("|") if a]:
                name = " ".join(_WORD.findall(normalize(name)))
                if name and name not in bundled and len(name.split()) <= MAX_WORDS:
                    names.add(name)
    return names


def count_phrases(corpus, names):
    """n and placed (as in count()) for names of one to MAX_WORDS words; the first word may carry proclitics."""
    n = collections.Counter()
    placed = collections.Counter()
    articles = 0
    for a in issue21.articles(corpus):
        articles += 1
        for text, is_body in ((normalize(a.get("title", "")), False), (normalize(a.get("content", "")), True)):
            tokens = _WORD.findall(text)
            head = text[:80]
            for i, tok in enumerate(tokens):
                found = None
                for k in range(min(MAX_WORDS, len(tokens) - i), 0, -1):  # the longest name, as the recognizer
                    rest = " ".join(tokens[i + 1:i + k])
                    for form in bare_forms(tok):
                        name = form + (" " + rest if rest else "")
                        if name in names:
                            found = name
                            break
                    if found:
                        break
                if not found:
                    continue
                n[found] += 1
                prev = tokens[i - 1] if i > 0 else ""
                dateline = is_body and i < 3 and re.search(re.escape(tok) + r"\s*[:\-–—]", head)
                if prev in PLACE_WORDS or dateline:
                    placed[found] += 1
    return articles, n, placed


def main_large(args):
    started = time.time()
    bundled = gazetteer_names(args.gazetteer) | {" ".join(_WORD.findall(x)) for x in all_bundled_names(args.gazetteer)}
    names = large_names(args.large, bundled)
    articles, n, placed = count_phrases(args.corpus, names)
    rows = [(name, n[name], placed[name]) for name in sorted(names)
            if n[name] >= NEVER_MIN_N and placed[name] / n[name] < NEVER_PLACED]
    corpus_name = os.path.basename(os.path.normpath(args.corpus))
    with open(args.large_out, "w", encoding="utf-8") as f:
        f.write(
            f"# Names of the large gazetteer ({os.path.basename(args.large)}, {len(names)} names of its places other\n"
            "# than countries, up to 3 words, not in data/gazetteer/places.tsv) that the archive writes\n"
            f"# often and almost never as places, measured on the {corpus_name} archive ({articles} articles)\n"
            "# by bench/places/context_stats.py --large: n = occurrences of the name (the longest name\n"
            "# at each word, proclitics stripped from the first word), placed = those with a place word\n"
            "# or preposition of place before or in a dateline.\n"
            f"# need: never when n >= {NEVER_MIN_N} and placed/n < {NEVER_PLACED}: a place of a user gazetteer\n"
            "# by that name is not taken, whatever the context (its other names still are).\n"
            "# Names and counts only: no text of the archive. Names are normalized.\n"
            "# name\tneed\tn\tplaced\n")
        for name, total, pl in rows:
            f.write(f"{name}\tnever\t{total}\t{pl}\n")
    print(f"{len(rows)} of {len(names)} names never places; {articles} articles, {time.time() - started:.0f} s "
          f"-> {args.large_out}")
    for name, total, pl in sorted(rows, key=lambda r: -r[1])[:args.print]:
        print(f"{name}\tn={total}\tplaced={pl}")


def all_bundled_names(path):
    """Every normalized name of the bundled gazetteer, multi-word ones too."""
    names = set()
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            names.update(normalize(x).strip() for x in [cols[0]] + [a for a in cols[1].split("|") if a])
    return names


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=issue21.DEFAULT_CORPUS)
    ap.add_argument("--gazetteer", default=GAZETTEER)
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--print", type=int, default=0, metavar="N")
    ap.add_argument("--counts", help="reuse the counts pickled in this file (to try thresholds), if it exists")
    ap.add_argument("--large", help="measure this user gazetteer's names instead (see NEVER_PLACED)")
    ap.add_argument("--large-out", default=LARGE_OUT)
    args = ap.parse_args(argv)
    if args.large:
        return main_large(args)

    started = time.time()
    names = gazetteer_names(args.gazetteer)
    if args.counts and os.path.exists(args.counts):
        import pickle
        with open(args.counts, "rb") as f:
            articles, n, placed, words, placed_bare = pickle.load(f)[1:]
    else:
        articles, n, placed, words, placed_bare = count(args.corpus, names)
        if args.counts:
            import pickle
            with open(args.counts, "wb") as f:
                pickle.dump((None, articles, n, placed, words, placed_bare), f)
    rows = []
    for name in sorted(names):
        word = sum(words[f] for f in word_forms(name))
        # A name seldom written may still be a common word (الخور "cowardice",
        # المفرق "junction": 17 and 11 times as the name, 105 and 28 in other forms).
        if n[name] >= BARE_MIN_N and placed_bare[name] / n[name] < BARE_PLACED and word / (n[name] + word) < CONTEXT_WORD:
            # Seldom with place context and no other forms to judge by: the bare measure.
            rows.append((name, "context", n[name], placed_bare[name], word, 0.0, placed_bare[name] / n[name]))
            continue
        if n[name] < MIN_NAME or n[name] + word < MIN_N:
            continue
        share = word / (n[name] + word)
        placed_share = placed[name] / n[name]
        if share < CONTEXT_WORD or placed_share >= PLACED_HIGH:
            continue
        need = "place-word" if share >= PLACE_WORD and placed_share < PLACED_LOW else "context"
        rows.append((name, need, n[name], placed[name], word, share, placed_share))
    rows.sort(key=lambda r: (-r[5], r[0]))
    corpus_name = os.path.basename(os.path.normpath(args.corpus))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(
            "# Names of data/gazetteer/places.tsv that need context to count as a place, measured\n"
            f"# on the {corpus_name} archive ({articles} articles) by bench/places/context_stats.py:\n"
            "# n = occurrences of the name as a word (proclitics stripped), placed = those with a place\n"
            "# word or preposition of place before or in a dateline, word = occurrences of\n"
            "# the same word in forms a place name does not take (article added or removed, a suffix).\n"
            f"# need: context when word/(n+word) >= {CONTEXT_WORD} (n+word >= {MIN_N}, n >= {MIN_NAME}) and placed/n < {PLACED_HIGH};\n"
            f"# place-word when also word/(n+word) >= {PLACE_WORD} and placed/n < {PLACED_LOW}; also context\n"
            f"# when word/(n+word) < {CONTEXT_WORD}, n >= {BARE_MIN_N} and placed/n < {BARE_PLACED} (the bare word; its placed\n"
            "# also counts place nouns with the article before it, المنطقة الشرقية). Names and\n"
            "# counts only: no text of the archive. Regenerate with bench/places/context_stats.py;\n"
            f"# names are normalized. Written {time.strftime('%Y-%m-%d', time.gmtime())}.\n"
            "# name\tneed\tn\tplaced\tword\n")
        for name, need, total, pl, word, _share, _pshare in sorted(rows):
            f.write(f"{name}\t{need}\t{total}\t{pl}\t{word}\n")
    print(f"{len(rows)} of {len(names)} names need context ({sum(r[1] == 'place-word' for r in rows)} a place word); "
          f"{articles} articles, {time.time() - started:.0f} s -> {args.out}")
    for name, need, total, pl, word, share, pshare in rows[:args.print]:
        print(f"{name}\t{need}\tn={total}\tplaced={pshare:.2f}\tword={share:.2f}")


if __name__ == "__main__":
    main()
