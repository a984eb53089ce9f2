#!/usr/bin/env python3
"""The query set of bench/same_output: make_queries.py's mix, widened.

    mixed_queries.py --archive DIR --count 500 --seed N --out FILE

Takes bench/perf/make_queries.py's queries (words, phrases, title:, source:,
dates, --place, no snippet) and adds, in turn, the options a restructuring
must not change: --facets, --explain, --sort date, --all, --country, the
place: syntax, an offset, a boolean operator and a stopword-laden query.
Writes one line per query: fahras-search arguments quoted for a POSIX shell.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'perf'))
from make_queries import sh_quote  # noqa: E402

# (every Nth query, extra arguments); a query may take several.
EXTRAS = [
    (3, ['--facets']),
    (5, ['--explain']),
    (7, ['--sort', 'date']),
    (11, ['--all']),
    (13, ['--country', 'SA']),
    (17, ['--offset', '10']),
    (19, ['--limit', '3', '--snippet-length', '60']),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--archive', required=True)
    ap.add_argument('--count', type=int, default=500)
    ap.add_argument('--seed', type=int, default=2015)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, 'queries.tsv')
        subprocess.run([sys.executable, os.path.join(HERE, '..', 'perf', 'make_queries.py'),
                        '--archive', args.archive, '--seed', str(args.seed), '--count', str(args.count),
                        '--out', base], check=True, stdout=subprocess.DEVNULL)
        with open(base, encoding='utf-8') as f:
            lines = [line.rstrip('\n').split('\t', 1)[1] for line in f if '\t' in line]
    out = []
    for n, line in enumerate(lines, start=1):
        extra = [arg for every, more in EXTRAS if n % every == 0 for arg in more]
        # Syntax the mix lacks: place: in the query, OR, and function words.
        if n % 23 == 0:
            line += ' place:' + sh_quote('الرياض')
        elif n % 29 == 0:
            line += ' OR ' + sh_quote('الوزير')
        elif n % 31 == 0:
            line = sh_quote('في') + ' ' + line + ' ' + sh_quote('من')
        out.append(' '.join([line] + [sh_quote(a) for a in extra]))
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
