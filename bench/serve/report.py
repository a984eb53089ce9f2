#!/usr/bin/env python3
"""bench/serve's tables, for run.sh.

    report.py WORK        the tables of WORK/serve-results, on stdout and in
                          WORK/serve-results.md

WORK/serve-results, as run.sh leaves it:
  meta.tsv                  key<TAB>value: date, machine, commit, wrk, seed, duration, load
  NAME/meta.tsv             database, articles
  NAME/load.tsv             per wrk run: connections, requests, duration us, p50 us,
                            p99 us, max us, connect, read, write, status and timeout
                            errors, server CPU ticks, wrk wall s, user s, system s,
                            the machine's busy CPU ticks (all processes)
  NAME/memory-runs.out      wrk's output of the memory runs (their result lines)
  NAME/memory.tsv           point, search requests served, VmRSS KiB, VmHWM KiB
  NAME/processes.tsv        per run of per_process.py: jobs, queries, wall s, p50 ms,
                            p99 ms, failures
  NAME/warm.tsv, NAME/processes-1.tsv
                            per query: ms, status or exit code, hit ids
NAME is saudinewsnet or synthetic-COUNT.
"""
import os
import sys

TICKS = os.sysconf('SC_CLK_TCK')
TARGET_RATIO = 5
TARGET_CONNECTIONS = 8
TARGET_P99_MS = {'saudinewsnet': 50, 'synthetic-1000000': 100}


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        return [line.rstrip('\n').split('\t') for line in f if line.strip()]


def label(name, meta):
    articles = int(meta.get('articles', 0) or 0)
    what = 'SaudiNewsNet' if name == 'saudinewsnet' else 'synthetic'
    return '%s, %s articles' % (what, format(articles, ','))


def wrk_errors(fields):
    """connect + read + write + status (not 2xx/3xx) + timeout errors of a result line."""
    return sum(int(x) for x in fields[5:10])


def same_hits(directory):
    """Queries whose hit ids (in order) were the same through the server and fahras-search."""
    served = read_tsv(os.path.join(directory, 'warm.tsv'))
    run = read_tsv(os.path.join(directory, 'processes-1.tsv'))
    if not served or len(served) != len(run):
        return None
    return sum(1 for a, b in zip(served, run) if a[2:] == b[2:]), len(served)


class Archive:
    def __init__(self, work, name):
        self.name = name
        self.dir = os.path.join(work, 'serve-results', name)
        self.meta = dict(row[:2] for row in read_tsv(os.path.join(self.dir, 'meta.tsv')) if len(row) >= 2)
        self.label = label(name, self.meta)
        self.load = [[float(x) for x in row] for row in read_tsv(os.path.join(self.dir, 'load.tsv'))]
        self.processes = [[float(x) for x in row] for row in read_tsv(os.path.join(self.dir, 'processes.tsv'))]
        self.memory = read_tsv(os.path.join(self.dir, 'memory.tsv'))
        self.memory_runs = [row[1:] for row in read_tsv(os.path.join(self.dir, 'memory-runs.out')) if row[0] == 'result']

    def qps(self, row):
        return row[1] / (row[2] / 1e6)

    def at(self, connections):
        return next((row for row in self.load if int(row[0]) == connections), None)

    def best_processes_qps(self):
        return max((row[1] / row[2] for row in self.processes), default=None)

    def errors(self):
        load = sum(wrk_errors(row[1:]) for row in self.load)
        return load + sum(wrk_errors([float(x) for x in row]) for row in self.memory_runs)


def load_table(archives, duration):
    out = ['### Through fahras-serve', '',
           'wrk, one thread, kept-alive connections, %s s per row after a warm-up pass; latency is '
           'wrk\'s, from sending a request to its response; CPU in %% of one core over the run '
           '(the machine has 2), "others" that of every other process of the machine.' % duration, '',
           '| archive | connections | requests | queries/s | p50 ms | p99 ms | max ms | errors | server CPU | wrk CPU | others |',
           '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    for a in archives:
        for row in a.load:
            server, client, wall = row[11] / TICKS, row[13] + row[14], row[12]
            others = max(0.0, row[15] / TICKS - server - client)
            out.append('| %s | %d | %s | %.0f | %.1f | %.1f | %.0f | %d | %.0f%% | %.0f%% | %.0f%% |' % (
                a.label, row[0], format(int(row[1]), ','), a.qps(row), row[3] / 1000, row[4] / 1000, row[5] / 1000,
                wrk_errors(row[1:]), 100 * server / wall, 100 * client / wall, 100 * others / wall))
    return out


def process_table(archives):
    out = ['### One fahras-search process per query', '',
           'The same queries, each `fahras-search --db DB --json ARGS` started, read through a pipe and waited '
           'for (wall time per process); failures are exit codes other than 0 and 1 ("no results").', '',
           '| archive | processes at once | queries | queries/s | p50 ms | p99 ms | failures |',
           '|---|---:|---:|---:|---:|---:|---:|']
    for a in archives:
        for row in a.processes:
            out.append('| %s | %d | %s | %.1f | %.1f | %.1f | %d |' % (
                a.label, row[0], format(int(row[1]), ','), row[1] / row[2], row[3], row[4], row[5]))
    out += ['', '| archive | fahras-serve at %d connections | process per query (best) | ratio | same hits |'
            % TARGET_CONNECTIONS, '|---|---:|---:|---:|---|']
    for a in archives:
        row, best = a.at(TARGET_CONNECTIONS), a.best_processes_qps()
        if row is None or best is None:
            continue
        same = same_hits(a.dir)
        same_text = '%d of %d queries' % same if same else 'not compared'
        out.append('| %s | %.0f q/s | %.1f q/s | %.1f× | %s |' % (a.label, a.qps(row), best, a.qps(row) / best, same_text))
    return out


def memory_table(archives):
    out = ['### Memory of the server', '',
           'From /proc/PID/status; "+N": after N more requests at 8 connections.', '',
           '| archive | when | search requests served | VmRSS MB | VmHWM MB |', '|---|---|---:|---:|---:|']
    for a in archives:
        for point, served, rss, hwm in a.memory:
            if point.startswith('+'):
                point = '+' + format(int(point[1:]), ',')
            out.append('| %s | %s | %s | %.1f | %.1f |' % (a.label, point, format(int(served), ','),
                                                           int(rss) / 1024, int(hwm) / 1024))
    return out


def target_table(archives):
    out = ['### Targets', '', '| archive | target | measured | met |', '|---|---|---|---|']
    for a in archives:
        row = a.at(TARGET_CONNECTIONS)
        if a.name == 'saudinewsnet':
            best = a.best_processes_qps()
            if row is not None and best:
                ratio = a.qps(row) / best
                out.append('| %s | ≥ %d× the throughput of a process per query | %.1f× | %s |'
                           % (a.label, TARGET_RATIO, ratio, 'yes' if ratio >= TARGET_RATIO else '**no**'))
            errors = a.errors()
            out.append('| %s | 0 errors (every wrk run) | %d | %s |' % (a.label, errors, 'yes' if errors == 0 else '**no**'))
        limit = TARGET_P99_MS.get(a.name)
        if limit and row is not None:
            p99 = row[4] / 1000
            out.append('| %s | p99 < %d ms at %d connections | %.1f ms | %s |'
                       % (a.label, limit, TARGET_CONNECTIONS, p99, 'yes' if p99 < limit else '**no**'))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().split('\n\n')[1])
    work = sys.argv[1]
    results = os.path.join(work, 'serve-results')
    meta = dict(row[:2] for row in read_tsv(os.path.join(results, 'meta.tsv')) if len(row) >= 2)
    names = sorted((n for n in os.listdir(results) if os.path.isdir(os.path.join(results, n))),
                   key=lambda n: (n != 'saudinewsnet', len(n), n))
    archives = [Archive(work, n) for n in names]
    lines = ['## fahras-serve under load', '',
             '%s; %s; commit %s; %s; query mix seed %s; load average at the start %s.' % (
                 meta.get('date', '?'), meta.get('machine', '?'), meta.get('commit', '?'), meta.get('wrk', 'wrk'),
                 meta.get('seed', '?'), meta.get('load', '?')), '']
    for table in (load_table(archives, meta.get('duration', '?')), process_table(archives), memory_table(archives),
                  target_table(archives)):
        lines += table + ['']
    text = '\n'.join(lines)
    print(text)
    with open(os.path.join(work, 'serve-results.md'), 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
