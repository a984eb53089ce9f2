#!/usr/bin/env python3
"""The comparison fahras-serve is measured against: every query of the mix
as its own `fahras-search --json` process (start, open the database and the
gazetteer, search, print, exit), JOBS processes at a time.

    per_process.py --fahras-search BIN --db DB --jobs N QUERIES OUT

QUERIES is make_queries.py's file (KIND<TAB>ARGS, shell-quoted).  Each
process's output is read through a pipe, as a caller would read it.  OUT
gets one line per query, in order: wall milliseconds (from starting the
process to its exit), exit code, the ids of its hits.  Prints one
tab-separated line for run.sh: jobs, queries, wall seconds, p50 ms, p99 ms,
failures (exit codes other than 0 and 1: 1 is "no results").
"""
import argparse
import concurrent.futures
import json
import math
import shlex
import subprocess
import sys
import time


def nearest_rank(values, p):
    """The smallest value with at least p% of the values at or below it."""
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


def run_one(command):
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    ms = (time.perf_counter() - start) * 1000
    ids = []
    for line in done.stdout.decode('utf-8', 'replace').splitlines():
        record = json.loads(line)
        if record.get('type') == 'hit':
            ids.append(record['id'])
    if done.returncode not in (0, 1):
        print('per_process.py: exit %d: %s\n  %s' % (done.returncode, shlex.join(command[4:]),
                                                     done.stderr.decode('utf-8', 'replace').strip()[:300]), file=sys.stderr)
    return ms, done.returncode, ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--fahras-search', required=True)
    ap.add_argument('--db', required=True)
    ap.add_argument('--jobs', type=int, default=1)
    ap.add_argument('queries')
    ap.add_argument('out')
    args = ap.parse_args()
    with open(args.queries, encoding='utf-8') as f:
        commands = [[args.fahras_search, '--db', args.db, '--json'] + shlex.split(line.rstrip('\n').partition('\t')[2])
                    for line in f if line.strip()]
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(run_one, commands))
    wall = time.perf_counter() - start
    with open(args.out, 'w', encoding='utf-8') as out:
        for ms, code, ids in results:
            out.write('%.3f\t%d\t%s\n' % (ms, code, '\t'.join(ids)))
    times = sorted(ms for ms, _, _ in results)
    failures = sum(1 for _, code, _ in results if code not in (0, 1))
    print('%d\t%d\t%.3f\t%.3f\t%.3f\t%d' % (args.jobs, len(times), wall, nearest_rank(times, 50),
                                           nearest_rank(times, 99), failures))


if __name__ == '__main__':
    main()
