#!/usr/bin/env python3
"""Print the top results of name queries, with what tells an article about a
person or organisation from one that names them once: whether the name (its
words together, in order, after a proclitic or not) is in the headline, in the
lead (the first 30 words of the body), and how often in the body.

    bench/names/top10.py --db /tmp/nr-db                       # bench/names/queries.txt
    bench/names/top10.py --db /tmp/nr-db --queries FILE -- --no-proximity
    bench/names/top10.py --db /tmp/nr-db --judged FILE         # precision@5 and @10

The archive (../shared/corpora/saudinewsnet) is read at run time for the
headlines and bodies; nothing of it is written anywhere.  --judged reads a TSV
of query, url and 1 (about the name) or 0 (names it in passing), the reader's
own judgments, and prints precision at 5 and 10 for the results judged; a
result not judged yet is printed with '?'.  Arguments after -- go to
fahras-search.
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TASHKEEL = re.compile('[\u064b-\u0652\u0640]')
PROCLITICS = ('', 'و', 'ف', 'ب', 'ل', 'ك', 'وب', 'ول', 'فب', 'فل', 'وك')


def fold(text):
    """A rough copy of the searcher's folding, for counting only."""
    text = TASHKEEL.sub('', text)
    for a, b in (('أ', 'ا'), ('إ', 'ا'), ('آ', 'ا'), ('ة', 'ه'), ('ى', 'ي')):
        text = text.replace(a, b)
    return re.findall(r'\w+', text)


def name_at(words, i, name):
    """Whether the words from i on spell the name, its first word after a proclitic or not."""
    if i + len(name) > len(words):
        return False
    first = words[i]
    ok = any(first == p + name[0] for p in PROCLITICS)
    if not ok and name[0].startswith('ال'):  # ل + ال → لل
        ok = first in ('ل' + name[0][1:], 'لل' + name[0][2:], 'ول' + name[0][1:], 'فل' + name[0][1:])
    return ok and words[i + 1:i + len(name)] == name[1:]


def count_name(words, name):
    return sum(name_at(words, i, name) for i in range(len(words)))


def read_archive(corpus):
    articles = {}
    for name in sorted(os.listdir(corpus)):
        if not name.endswith('.jsonl.gz'):
            continue
        with gzip.open(os.path.join(corpus, name), 'rt', encoding='utf-8') as f:
            for line in f:
                a = json.loads(line)
                articles.setdefault(a['url'], (a.get('title') or '', a.get('content') or ''))
    return articles


def search(args, query):
    cmd = [args.search, '--db', args.db, '--json', '--limit', str(args.limit), '--snippet-length', '0'] + args.extra + [query]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()
    return [json.loads(line)['id'] for line in out[:-1]] if out else []


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--db', required=True)
    p.add_argument('--search', default=os.path.join(HERE, '../../build/searcher/fahras-search'))
    p.add_argument('--queries', default=os.path.join(HERE, 'queries.txt'))
    p.add_argument('--corpus', default=os.path.join(HERE, '../../../shared/corpora/saudinewsnet'))
    p.add_argument('--limit', type=int, default=10)
    p.add_argument('--judged', help='TSV: query, url, 1 or 0')
    p.add_argument('--brief', action='store_true', help='only the precision table')
    p.add_argument('extra', nargs='*', help='fahras-search options, after --')
    args = p.parse_args()
    if not os.path.isdir(args.corpus):
        sys.exit(f'top10.py: no archive at {args.corpus}')
    articles = read_archive(args.corpus)
    judged = {}
    if args.judged and os.path.exists(args.judged):
        with open(args.judged, encoding='utf-8') as f:
            for line in f:
                q, url, label = line.rstrip('\n').split('\t')
                judged[(q, url)] = label
    with open(args.queries, encoding='utf-8') as f:
        queries = [l.strip() for l in f if l.strip() and not l.startswith('#')]
    totals = [0, 0, 0]  # P@5 sum, P@10 sum, queries
    for query in queries:
        name = fold(query)
        ids = search(args, query)
        marks = []
        if not args.brief:
            print(f'## {query}')
        for rank, url in enumerate(ids, 1):
            title, body = articles.get(url, ('?', ''))
            words = fold(body)
            label = judged.get((query, url), '?')
            marks.append(label)
            if not args.brief:
                print(f'{rank:2} {label} title:{count_name(fold(title), name)} lead:{count_name(words[:30], name)} '
                      f'body:{count_name(words, name):2} words:{len(words):4} | {title[:90]} | {url}')
        if args.judged:
            p5 = sum(m == '1' for m in marks[:5]) / 5
            p10 = sum(m == '1' for m in marks[:10]) / 10
            totals[0] += p5
            totals[1] += p10
            totals[2] += 1
            unjudged = sum(m == '?' for m in marks)
            print(f'P@5 {p5:.1f}  P@10 {p10:.1f}' + (f'  ({unjudged} not judged)' if unjudged else '') + f'  {query}')
    if args.judged and totals[2]:
        print(f'mean over {totals[2]} queries: P@5 {totals[0] / totals[2]:.3f}  P@10 {totals[1] / totals[2]:.3f}')


if __name__ == '__main__':
    main()
