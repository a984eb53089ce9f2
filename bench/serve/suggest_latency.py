#!/usr/bin/env python3
"""Time /api/suggest as a search box calls it: once per keystroke.

Takes the first TITLES titles of a JSON Lines archive (gzip or not), and
types the first two words of each one letter at a time against a running
fahras-serve, over one kept-alive connection; prints the number of requests
and the median, 90th and 99th percentile of the round trip in milliseconds
(client and server on this machine: the figure includes both sides).

    bench/serve/suggest_latency.py --port 8080 ../shared/corpora/saudinewsnet
"""
import argparse
import gzip
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse


def titles(path, count):
    files = sorted(os.path.join(path, f) for f in os.listdir(path)) if os.path.isdir(path) else [path]
    found = []
    for name in files:
        opener = gzip.open if name.endswith(".gz") else open
        with opener(name, "rt", encoding="utf-8") as lines:
            for line in lines:
                title = json.loads(line).get("title") or ""
                if title.strip():
                    found.append(title)
                    if len(found) == count:
                        return found
    return found


def keystrokes(title):
    typed = " ".join(title.split()[:2])
    return [typed[:i] for i in range(1, len(typed) + 1) if not typed[:i].endswith(" ")]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--titles", type=int, default=200)
    parser.add_argument("archive")
    args = parser.parse_args()
    connection = http.client.HTTPConnection("127.0.0.1", args.port)
    # The first request reads the vocabulary into memory: timed apart.
    start = time.perf_counter()
    connection.request("GET", "/api/suggest?q=" + urllib.parse.quote("ا"))
    connection.getresponse().read()
    first_ms = (time.perf_counter() - start) * 1000
    times = []
    for title in titles(args.archive, args.titles):
        for typed in keystrokes(title):
            start = time.perf_counter()
            connection.request("GET", "/api/suggest?q=" + urllib.parse.quote(typed))
            response = connection.getresponse()
            response.read()
            times.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                sys.exit(f"status {response.status} for {typed!r}")
    times.sort()
    pick = lambda p: times[min(len(times) - 1, int(p * len(times)))]
    print(f"first request (vocabulary read): {first_ms:.1f} ms")
    print(f"{len(times)} requests: median {statistics.median(times):.2f} ms, p90 {pick(0.9):.2f} ms, p99 {pick(0.99):.2f} ms")


if __name__ == "__main__":
    main()
