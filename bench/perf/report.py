#!/usr/bin/env python3
"""The performance benchmark's arithmetic and tables, for run.sh.

    report.py stats ARCHIVE        prints "ARTICLES BYTES": records and their
                                   uncompressed JSON Lines bytes
    report.py markdown WORK        the tables of whatever WORK/results holds,
                                   on stdout and in WORK/results.md

WORK/results, as run.sh leaves it:
  meta.tsv                 key<TAB>value: date, machine, commit, archive, runs
  input.tsv                articles<TAB>bytes of the full archive
  index.tsv                tool<TAB>run<TAB>exit<TAB>db bytes<TAB>compacted bytes (last run only)
  index/TOOL-RUN.time      /usr/bin/time -v of each indexing run
  latency/fahras.tsv       per query: index, kind, microseconds, estimated matches, hits
  latency/plain.tsv        the same for fahras-bench-plain search
  scale.tsv                articles<TAB>input bytes<TAB>exit<TAB>db bytes
  scale/N.time, scale/N.gen.time, scale/N.latency.tsv

Medians over runs; percentiles by nearest rank (the smallest value with at
least p% of the values at or below it), as fahras-bench-latency computes them.
"""
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from archive_io import archive_files, open_text  # noqa: E402
from make_queries import KINDS, PLAIN_NOTE  # noqa: E402

TOOLS = [('fahras', 'fahras-index'), ('plain', 'fahras-bench-plain'),
         ('plain-sharded', 'fahras-bench-plain index-sharded'), ('scriptindex', 'scriptindex')]
MB = 1e6
MIB = 1 << 20


def stats(archive):
    articles = size = 0
    for name in archive_files(archive):
        with open_text(name) as f:
            for line in f:
                if line.strip():
                    articles += 1
                    size += len(line.encode('utf-8'))
    print(articles, size)


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        return [line.rstrip('\n').split('\t') for line in f if line.strip()]


def read_time(path):
    """wall s, cpu s (user + system), peak RSS KiB from /usr/bin/time -v."""
    wall = cpu = rss = None
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            key, _, value = line.strip().rpartition(': ')
            if key.startswith('Elapsed (wall clock) time'):
                wall = 0.0
                for part in value.split(':'):
                    wall = wall * 60 + float(part)
            elif key in ('User time (seconds)', 'System time (seconds)'):
                cpu = (cpu or 0) + float(value)
            elif key == 'Maximum resident set size (kbytes)':
                rss = int(value)
    return wall, cpu, rss


def percentile(values, p):
    values = sorted(values)
    return values[max(1, math.ceil(p / 100 * len(values))) - 1] if values else float('nan')


def latencies(path):
    """{kind: [ms]} with 'all', from a per-query file."""
    by_kind = {'all': []}
    for row in read_tsv(path):
        ms = int(row[2]) / 1000
        by_kind.setdefault(row[1], []).append(ms)
        by_kind['all'].append(ms)
    return by_kind


def fmt(x, digits=1):
    return '–' if x is None or (isinstance(x, float) and math.isnan(x)) else f'{x:,.{digits}f}'


def ratio(a, b):
    if a is None or not b:
        return '–'
    return f'{a / b:.2f}×' if a / b < 10 else f'{a / b:.0f}×'


def table(header, rows, text_columns=(0,)):
    """A markdown table: numbers right-aligned, the text_columns left."""
    lines = ['| ' + ' | '.join(header) + ' |',
             '|' + '|'.join('---' if i in text_columns else '---:' for i in range(len(header))) + '|']
    lines += ['| ' + ' | '.join(str(c) for c in row) + ' |' for row in rows]
    return '\n'.join(lines)


def index_section(results, meta):
    rows = read_tsv(os.path.join(results, 'index.tsv'))
    if not rows:
        return None
    articles, size = (int(x) for x in read_tsv(os.path.join(results, 'input.tsv'))[0])
    med = {}
    for tool, _ in TOOLS:
        runs = [r for r in rows if r[0] == tool]
        if not runs:
            continue
        times = [read_time(os.path.join(results, 'index', f'{tool}-{r[1]}.time')) for r in runs]
        compacted = [int(r[4]) for r in runs if len(r) > 4 and r[4]]
        med[tool] = {
            'runs': len(runs), 'walls': [t[0] for t in times],
            'wall': statistics.median(t[0] for t in times), 'cpu': statistics.median(t[1] for t in times),
            'rss': statistics.median(t[2] for t in times) * 1024,
            'size': statistics.median(int(r[3]) for r in runs),
            'compact': compacted[-1] if compacted else None,
            'exits': sorted({r[2] for r in runs}),
        }
    base = med.get('plain')
    runs = max(m['runs'] for m in med.values())
    out = [f'## Indexing: {articles:,} articles, {size / MB:,.1f} MB of JSON Lines '
           f'({"median of %d runs" % runs if runs > 1 else "one run"})', '']
    body = []
    for tool, program in TOOLS:
        if tool not in med:
            continue
        m = med[tool]
        body.append([program, fmt(m['wall']), fmt(articles / m['wall'], 0), fmt(size / MB / m['wall'], 2),
                     fmt(m['cpu']), fmt(m['rss'] / MIB, 0), fmt(m['size'] / MB, 0),
                     fmt(m['compact'] / MB if m['compact'] else None, 0),
                     ratio(m['wall'], base and base['wall']), ratio(m['rss'], base and base['rss']),
                     ratio(m['size'], base and base['size']),
                     ratio(m['compact'], base and base['compact'])])
    out.append(table(['program', 'wall s', 'articles/s', 'MB/s', 'CPU s', 'peak RSS MiB', 'db MB',
                      'compacted MB', 'wall × plain', 'RSS × plain', 'db × plain', 'compacted × plain'], body))
    out.append('')
    for tool, program in TOOLS:
        if tool in med:
            m = med[tool]
            out.append(f'- {program}: wall {", ".join(fmt(w) for w in m["walls"])} s; '
                       f'exit {"/".join(m["exits"])}')
    out.append('- MB/s counts the uncompressed JSON Lines; fahras-index and fahras-bench-plain read the '
               'archive as it is (gzip), scriptindex reads it converted by to_scriptindex.py '
               f'(conversion not timed: {float(meta.get("scriptindex_convert_s", "nan")):.1f} s).')
    if 'plain-sharded' in med:
        out.append('- fahras-bench-plain index-sharded: the same terms as the baseline, written the fastest '
                   'way Xapian allows here (one thread per core, 1,000-article shards, merged by one '
                   'compaction): the floor for any indexer that writes at least these terms through Xapian.')
    return '\n'.join(out)


def latency_section(results, meta):
    fahras = latencies(os.path.join(results, 'latency', 'fahras.tsv'))
    plain = latencies(os.path.join(results, 'latency', 'plain.tsv'))
    if not fahras['all']:
        return None
    out = [f'## Query latency: {len(fahras["all"])} queries, one process, warm, top 10 '
           f'(seed {meta.get("seed", "?")})', '']
    body = []
    for kind in ['all'] + [k for k, _ in KINDS]:
        f, p = fahras.get(kind, []), plain.get(kind, [])
        if not f:
            continue
        fp = [percentile(f, q) for q in (50, 95, 99)]
        pp = [percentile(p, q) for q in (50, 95, 99)] if p else [None] * 3
        body.append([kind, len(f)] + [fmt(x, 2) for x in fp] + [fmt(x, 2) for x in pp]
                    + [ratio(fp[0], pp[0]), ratio(fp[2], pp[2]), PLAIN_NOTE.get(kind, '')])
    out.append(table(['kind', 'queries', 'Fahras p50 ms', 'p95', 'p99', 'plain p50 ms', 'p95', 'p99',
                      'p50 ×', 'p99 ×', 'plain equivalent'], body, text_columns=(0, 10)))
    out.append('')
    out.append('- Fahras: fahras-bench-latency (one fahras::Searcher, database open once; timed: parse, '
               'search, read the hits, build highlighted snippets); plain: fahras-bench-plain search (QueryParser, database open once, '
               'first 200 characters of the body).')
    return '\n'.join(out)


def scale_section(results):
    rows = read_tsv(os.path.join(results, 'scale.tsv'))
    if not rows:
        return None
    body = []
    for articles, size, code, db in rows:
        wall, cpu, rss = read_time(os.path.join(results, 'scale', f'{articles}.time'))
        gen = read_time(os.path.join(results, 'scale', f'{articles}.gen.time'))[0]
        lat = latencies(os.path.join(results, 'scale', f'{articles}.latency.tsv'))['all']
        body.append([f'{int(articles):,}', fmt(int(size) / MB, 0), fmt(gen), fmt(wall), fmt(int(articles) / wall, 0),
                     fmt(cpu), fmt(rss / 1024, 0), fmt(int(db) / MB, 0), fmt(percentile(lat, 50), 2),
                     fmt(percentile(lat, 99), 2), code])
    return '\n'.join(['## Scale: synthetic archives (make_archive.py), fahras-index, one run', '',
                      table(['articles', 'input MB', 'generated in s', 'index wall s', 'articles/s', 'CPU s',
                             'peak RSS MiB', 'db MB', 'p50 ms', 'p99 ms', 'exit'], body)])


def markdown(work):
    results = os.path.join(work, 'results')
    meta = dict(r[:2] for r in read_tsv(os.path.join(results, 'meta.tsv')) if len(r) >= 2)
    parts = ['# Fahras performance benchmark', '',
             f'{meta.get("date", "?")}; {meta.get("machine", "?")}; commit {meta.get("commit", "?")}; '
             f'archive {meta.get("archive", "?")}; Release build.']
    for section in (index_section(results, meta), latency_section(results, meta), scale_section(results)):
        if section:
            parts += ['', section]
    text = '\n'.join(parts) + '\n'
    with open(os.path.join(work, 'results.md'), 'w', encoding='utf-8') as f:
        f.write(text)
    sys.stdout.write(text)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'stats':
        stats(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == 'markdown':
        markdown(sys.argv[2])
    else:
        sys.exit(__doc__.strip().split('\n\n')[1])


if __name__ == '__main__':
    main()
