#!/usr/bin/env python3
"""Generate a synthetic archive of N articles from a real one, for scale runs.

    make_archive.py --archive DIR --count N --seed S --out DIR [--per-file 10000]
                    [--start 2013-01-01] [--per-day 1000]

Each new article takes a real article's title and source and a body of real
paragraphs recombined at random (as many as a randomly chosen real article
has, at least one); it gets a new unique url (the id) and a date: articles
are dated in order from --start, --per-day a day, at a random time of day,
so 1M articles span about 2.7 years instead of the real archive's 3 weeks.
The vocabulary, word frequencies and paragraph lengths stay those of real
Arabic news, which is what indexing and query costs depend on.

Output: OUT/synthetic-00000.jsonl … (SaudiNewsNet's keys, --per-file
articles each, uncompressed so that compression does not dominate the
indexing time) and OUT/manifest.tsv (count, seed, first and last date).
Memory holds the real archive's paragraphs once, whatever N; the articles
are streamed out.  Paragraphs are JSON-escaped once when loaded, so writing
an article is string joins: 1M articles take a few minutes.

The result is derived from the real archive and is never to be committed:
write it outside the repository (run.sh uses $WORK/scale/).
"""
import argparse
import datetime
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from archive_io import field, records  # noqa: E402


def escaped(text):
    """The inside of a JSON string literal for text (UTF-8 kept as is)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--archive', required=True)
    ap.add_argument('--count', type=int, required=True)
    ap.add_argument('--seed', type=int, default=2015)
    ap.add_argument('--out', required=True)
    ap.add_argument('--per-file', type=int, default=10000)
    ap.add_argument('--start', default='2013-01-01', help='date of the first articles (YYYY-MM-DD)')
    ap.add_argument('--per-day', type=int, default=1000, help='articles dated on each day')
    args = ap.parse_args()
    if args.count <= 0 or args.per_file <= 0 or args.per_day <= 0:
        sys.exit('make_archive.py: --count, --per-file and --per-day must be positive')
    start = datetime.datetime.strptime(args.start, '%Y-%m-%d')

    paragraphs, headers, lengths = [], [], []
    for record in records(args.archive):
        body = [p.strip() for p in field(record, 'body').split('\n') if p.strip()]
        paragraphs.extend(escaped(p) for p in body)
        lengths.append(max(1, len(body)))
        title = field(record, 'title')
        if title:
            headers.append((escaped(field(record, 'source')), escaped(title)))
    if not paragraphs or not headers:
        sys.exit('make_archive.py: no articles with a title and a body in ' + args.archive)

    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    choices, randrange = rng.choices, rng.randrange  # local names: this loop runs a million times
    out = None
    first_date = last_date = None
    for i in range(args.count):
        if i % args.per_file == 0:
            if out:
                out.close()
            out = open(os.path.join(args.out, 'synthetic-%05d.jsonl' % (i // args.per_file)), 'w',
                       encoding='utf-8', buffering=1 << 20)
        source, title = headers[randrange(len(headers))]
        body = '\\n'.join(choices(paragraphs, k=lengths[randrange(len(lengths))]))
        date = (start + datetime.timedelta(days=i // args.per_day, seconds=randrange(86400))).strftime('%Y-%m-%d %H:%M:%S')
        first_date = first_date or date
        last_date = date
        out.write('{"source": "%s", "url": "http://synthetic.invalid/%s/%08d", "date_extracted": "%s", '
                  '"title": "%s", "author": "", "content": "%s"}\n' % (source, source or 'news', i, date, title, body))
    out.close()
    # Not .json: fahras-index would read that as an article.
    with open(os.path.join(args.out, 'manifest.tsv'), 'w') as f:
        for key, value in (('count', args.count), ('seed', args.seed), ('first_date', first_date[:10]),
                           ('last_date', last_date[:10]), ('per_file', args.per_file)):
            f.write('%s\t%s\n' % (key, value))
    print('make_archive.py: %d articles, %s..%s, in %s (from %d paragraphs, %d titles)'
          % (args.count, first_date[:10], last_date[:10], args.out, len(paragraphs), len(headers)), file=sys.stderr)


if __name__ == '__main__':
    main()
