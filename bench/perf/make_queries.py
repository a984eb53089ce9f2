#!/usr/bin/env python3
"""Generate the latency benchmark's mixed query set from an archive.

    make_queries.py --archive DIR --seed N --count 2000 --out FILE [--plain-out FILE]

Writes two files with the same queries, line for line:

  FILE        KIND<TAB>ARGS for fahras-bench-latency: ARGS are fahras-search
              arguments, quoted for a POSIX shell (paste them after
              `fahras-search --db DB` to run one by hand).
  --plain-out KIND<TAB>SNIPPET_CHARS<TAB>TEXT for fahras-bench-plain search:
              the free text alone (default FILE with .plain before its suffix).

Kinds (share of the set; plain equivalent):

  words      1-4 words of an article's body               same text
  phrase     2-3 adjacent words of a body, quoted          same phrase
  title      title:WORD [WORD]                             no fields: the words, anywhere
  source     1-2 words source:NAME                         no filter: the words alone
  date       1-2 words --from D --to D (1-7 days)          no filter: the words alone
  place      1-2 words --place NAME                        no filter: the words alone
  nosnippet  1-4 words --snippet-length 0                  same text, no snippet

Only words, phrase and nosnippet do the same work on both sides; for the
other kinds the plain query is the same text without what plain Xapian
cannot express, so their ratio is Fahras's cost *including* the feature.

Words are taken as written in the articles (letters only, 3+ letters, not
function words from data/stopwords_ar.txt); places are names the bundled
gazetteer knows.  Everything random comes from --seed: the same archive and
seed always give the same file.  --date-range FIRST..LAST replaces the
archive's own date range (for a synthetic archive's queries drawn from the
real archive's text, see run.sh --scale).
"""
import argparse
import collections
import csv
import datetime
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from archive_io import field, records  # noqa: E402

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

# (kind, weight); the weights sum to 100.
KINDS = [('words', 30), ('phrase', 15), ('title', 10), ('source', 10), ('date', 10), ('place', 10),
         ('nosnippet', 15)]
PLAIN_NOTE = {
    'words': 'same text', 'phrase': 'same phrase', 'nosnippet': 'same text, no snippet',
    'title': 'approximate: no fields, the words match anywhere',
    'source': 'none: the source filter is dropped', 'date': 'none: the date filter is dropped',
    'place': 'none: the place filter is dropped',
}
# Query lengths: short queries are the most common.
WORD_COUNTS = [(1, 25), (2, 35), (3, 25), (4, 15)]
PLACES = ['الرياض', 'جدة', 'مكة', 'دمشق', 'القاهرة', 'بغداد', 'بيروت', 'صنعاء', 'حلب', 'القدس', 'غزة',
          'الدوحة', 'دبي', 'الكويت', 'طهران', 'إسطنبول', 'لندن', 'واشنطن', 'موسكو', 'باريس', 'تبوك',
          'الدمام', 'أبها', 'الطائف', 'جازان', 'نجران', 'القطيف', 'الموصل', 'عدن', 'تعز', 'الخرطوم',
          'تونس']
# Arabic letters only (no tashkeel, tatweel, digits or punctuation), so a
# word is the same token for Xapian's TermGenerator and for Fahras.
LETTERS = re.compile(r'^[\u0621-\u063A\u0641-\u064A]+$')
DATE = re.compile(r'(\d{4})-(\d{2})-(\d{2})')


def weighted(rng, table):
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def load_stopwords():
    path = os.path.join(REPO, 'data', 'stopwords_ar.txt')
    if not os.path.exists(path):
        return set()
    with open(path, encoding='utf-8') as f:
        return {line.strip() for line in f if line.strip() and not line.startswith('#')}


def known_places():
    """PLACES less any the bundled gazetteer does not know (--place would fail)."""
    path = os.path.join(REPO, 'data', 'gazetteer', 'places.tsv')
    if not os.path.exists(path):
        return PLACES
    names = set()
    with open(path, encoding='utf-8', newline='') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            names.add(row['name_ar'])
            names.update(n for n in (row.get('alt_names_ar') or '').split('|') if n)
    return [p for p in PLACES if p in names]


def sh_quote(word):
    """Quote for a POSIX shell, leaving plain words (Arabic included) bare."""
    if word and not re.search(r'[\s\'"\\$`!*?\[\](){}<>|&;#~]', word):
        return word
    return "'" + word.replace("'", "'\"'\"'") + "'"


class Article:
    def __init__(self, record, stopwords):
        self.source = field(record, 'source')
        self.tokens = field(record, 'body').split()
        self.content = [t for t in self.tokens if len(t) >= 3 and LETTERS.match(t) and t not in stopwords]
        self.title_words = [t for t in field(record, 'title').split()
                            if len(t) >= 3 and LETTERS.match(t) and t not in stopwords]


def pick_words(rng, article, n):
    """n distinct content words of the article (fewer if it has fewer)."""
    distinct = list(dict.fromkeys(article.content))
    return rng.sample(distinct, min(n, len(distinct)))


def pick_phrase(rng, article, stopwords):
    """2-3 adjacent letter-only words not starting or ending with a function word."""
    tokens = article.tokens
    for _ in range(30):
        n = rng.choice((2, 2, 3))
        if len(tokens) < n:
            return None
        start = rng.randrange(len(tokens) - n + 1)
        words = tokens[start:start + n]
        if all(len(w) >= 2 and LETTERS.match(w) for w in words) \
                and words[0] not in stopwords and words[-1] not in stopwords:
            return words
    return None


def make_query(rng, kind, article, stopwords, places, first_day, days):
    """(fahras args, plain text, snippet chars) or None when the article cannot give this kind."""
    if kind in ('words', 'nosnippet'):
        words = pick_words(rng, article, weighted(rng, WORD_COUNTS))
        if not words:
            return None
        extra = ['--snippet-length', '0'] if kind == 'nosnippet' else []
        return words + extra, ' '.join(words), 0 if kind == 'nosnippet' else 200
    if kind == 'phrase':
        words = pick_phrase(rng, article, stopwords)
        if not words:
            return None
        phrase = '"' + ' '.join(words) + '"'
        return [phrase], phrase, 200
    if kind == 'title':
        if not article.title_words:
            return None
        words = [rng.choice(article.title_words)]
        if rng.random() < 0.5:
            words += pick_words(rng, article, 1)
        return ['title:' + words[0]] + words[1:], ' '.join(words), 200
    words = pick_words(rng, article, rng.choice((1, 2)))
    if not words:
        return None
    if kind == 'source':
        if not article.source or not re.match(r'^[\w.-]+$', article.source):
            return None
        return words + ['source:' + article.source], ' '.join(words), 200
    if kind == 'date':
        length = rng.randint(1, 7)
        start = rng.randrange(max(1, days - length + 1))
        end = min(start + length - 1, days - 1)
        day = lambda n: (first_day + datetime.timedelta(days=n)).isoformat()
        return words + ['--from', day(start), '--to', day(end)], ' '.join(words), 200
    if kind == 'place':
        return words + ['--place', rng.choice(places)], ' '.join(words), 200
    raise ValueError(kind)


def parse_day(text):
    m = DATE.search(text or '')
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--archive', required=True, help='directory or file of JSON Lines (.gz too)')
    ap.add_argument('--seed', type=int, default=2015)
    ap.add_argument('--count', type=int, default=2000)
    ap.add_argument('--out', required=True)
    ap.add_argument('--plain-out', help='default: OUT with .plain before its suffix')
    ap.add_argument('--date-range', help='FIRST..LAST (YYYY-MM-DD) instead of the archive\'s own')
    args = ap.parse_args()
    plain_out = args.plain_out or '{0}.plain{1}'.format(*os.path.splitext(args.out))
    rng = random.Random(args.seed)
    stopwords = load_stopwords()
    places = known_places()

    # Pass 1: how many articles, over which days.
    total, first, last = 0, None, None
    for record in records(args.archive):
        total += 1
        day = parse_day(field(record, 'date'))
        if day:
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
    if total == 0:
        sys.exit('make_queries.py: no articles in ' + args.archive)
    if args.date_range:
        a, _, b = args.date_range.partition('..')
        first, last = parse_day(a), parse_day(b)
    if first is None or last is None or last < first:
        sys.exit('make_queries.py: no usable date range')
    days = (last - first).days + 1

    # Plan every query before reading texts, so that pass 2 keeps only the
    # articles used; two candidates each, for articles too short for a kind.
    plan = [(weighted(rng, KINDS), rng.randrange(total), rng.randrange(total)) for _ in range(args.count)]
    wanted = {i for _, a, b in plan for i in (a, b)}
    articles = {}
    for index, record in enumerate(records(args.archive)):
        if index in wanted:
            articles[index] = Article(record, stopwords)
    fallback = sorted(articles)

    counts = collections.Counter()
    with open(args.out, 'w', encoding='utf-8') as out, open(plain_out, 'w', encoding='utf-8') as plain:
        for kind, a, b in plan:
            query = None
            for candidate in [a, b] + [rng.choice(fallback) for _ in range(20)]:
                query = make_query(rng, kind, articles[candidate], stopwords, places, first, days)
                if query:
                    break
            if not query:
                sys.exit('make_queries.py: the archive is too small to make a %s query' % kind)
            fahras_args, text, snippet = query
            out.write(kind + '\t' + ' '.join(sh_quote(w) for w in fahras_args) + '\n')
            plain.write('%s\t%d\t%s\n' % (kind, snippet, text))
            counts[kind] += 1

    print('make_queries.py: %d queries from %d articles, dates %s..%s -> %s, %s'
          % (args.count, total, first, last, args.out, plain_out), file=sys.stderr)
    for kind, _ in KINDS:
        print('  %-10s %5d  plain equivalent: %s' % (kind, counts[kind], PLAIN_NOTE[kind]), file=sys.stderr)


if __name__ == '__main__':
    main()
