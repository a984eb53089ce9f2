#!/usr/bin/env python3
"""Send every request target of a file once, in order, on one kept-alive
connection: run.sh's warm-up pass, and its check that every query of the
mix is answered 200.

    one_pass.py --port P TARGETS OUT

OUT gets one line per target: milliseconds (round trip, client included),
status, and the ids of the hits in order (tab-separated), for comparing with
the same queries run by fahras-search (per_process.py --ids).  Prints a
summary; exits 1 when any answer was not 200, naming the first few.
"""
import argparse
import http.client
import json
import math
import sys
import time


def nearest_rank(values, p):
    """The smallest value with at least p% of the values at or below it."""
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('targets')
    ap.add_argument('out')
    args = ap.parse_args()
    with open(args.targets, encoding='ascii') as f:
        targets = [line.strip() for line in f if line.strip()]
    connection = http.client.HTTPConnection('127.0.0.1', args.port, timeout=60)
    failed = []
    times = []
    with open(args.out, 'w', encoding='utf-8') as out:
        for number, target in enumerate(targets, 1):
            start = time.perf_counter()
            connection.request('GET', target)
            response = connection.getresponse()
            body = response.read()
            ms = (time.perf_counter() - start) * 1000
            times.append(ms)
            ids = [hit['id'] for hit in json.loads(body).get('hits', [])] if response.status == 200 else []
            out.write('%.3f\t%d\t%s\n' % (ms, response.status, '\t'.join(ids)))
            if response.status != 200:
                failed.append('line %d: %d %s' % (number, response.status, body[:200].decode('utf-8', 'replace')))
    times.sort()
    print('one_pass.py: %d requests in %.1f s, p50 %.2f ms, p99 %.2f ms, %d not 200'
          % (len(times), sum(times) / 1000, nearest_rank(times, 50), nearest_rank(times, 99),
             len(failed)), file=sys.stderr)
    for failure in failed[:5]:
        print('  ' + failure, file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
