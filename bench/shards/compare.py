#!/usr/bin/env python3
"""Compare the top results of one query set on two layouts of the same articles.

    compare.py REFERENCE.ids OTHER.ids [--top 10] [--show 5]

Each file is what `fahras-bench-latency DB QUERIES --ids FILE` writes: a line a
query, `index<TAB>kind`, then `<TAB>id score` a hit in rank order.  A query is
"identical" when both pages list the same ids in the same order; "ties only"
when they differ only in the order of hits of equal score (the order of equal
scores follows docids, which differ between one database and its shards);
"same scores" when every rank has the same score but some rank shows another
article (with stories collapsed: another copy of the same story stands for it,
also chosen by docid); anything else is a difference and is listed (with stories
collapsed, a story grouped differently; searched with --no-collapse there should
be none).  Exits 1 when there is a difference, so a script can stop on it.
"""
import argparse
import sys


def read_ids(path):
    pages = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            fields = line.rstrip('\n').split('\t')
            hits = []
            for field in fields[2:]:
                doc_id, score = field.rsplit(' ', 1)
                hits.append((doc_id, float(score)))
            pages[int(fields[0])] = (fields[1], hits)
    return pages


def equal_scores(x, y):
    return abs(x - y) <= 1e-9 * max(1.0, abs(x))


def same_but_ties(a, b):
    """Whether pages a and b have the same score at every rank and the same
    ids in every run of equal scores but the last (which the page's end may
    cut at different members of the run)."""
    if len(a) != len(b) or not all(equal_scores(x[1], y[1]) for x, y in zip(a, b)):
        return False
    start = 0
    for end in range(1, len(a) + 1):
        if end == len(a) or not equal_scores(a[end][1], a[start][1]):
            if end < len(a) and {d for d, _ in a[start:end]} != {d for d, _ in b[start:end]}:
                return False
            start = end
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('reference')
    ap.add_argument('other')
    ap.add_argument('--top', type=int, default=10)
    ap.add_argument('--show', type=int, default=5, help='real differences to print')
    args = ap.parse_args()
    ref, other = read_ids(args.reference), read_ids(args.other)
    identical = ties = same_scores = missing = 0
    different = []
    for i, (kind, hits) in sorted(ref.items()):
        if i not in other:
            missing += 1
            continue
        a, b = hits[:args.top], other[i][1][:args.top]
        if [d for d, _ in a] == [d for d, _ in b]:
            identical += 1
        elif same_but_ties(a, b):
            ties += 1
        elif len(a) == len(b) and all(equal_scores(x[1], y[1]) for x, y in zip(a, b)):
            same_scores += 1
        else:
            different.append((i, kind, a, b))
    total = len(ref) - missing
    print(f'queries {total}: identical top {args.top} {identical}, '
          f'differing only among equal scores {ties}, same scores with another article {same_scores}, '
          f'different {len(different)}'
          + (f' ({missing} more not run on {args.other})' if missing else ''))
    for i, kind, a, b in different[:args.show]:
        print(f'  query {i} ({kind}):')
        print('    ' + ' '.join(f'{d}:{s:.4f}' for d, s in a))
        print('    ' + ' '.join(f'{d}:{s:.4f}' for d, s in b))
    return 1 if different else 0


if __name__ == '__main__':
    sys.exit(main())
