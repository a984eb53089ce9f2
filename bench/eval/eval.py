#!/usr/bin/env python3
"""Retrieval-quality evaluation for Fahras on SaudiNewsNet (known-item tasks).

Builds three query sets from a seed, indexes the archive once per analysis
configuration, runs every query set through each configuration and prints
one table.  Standard library only.  run.sh builds the programs and calls this;
see README.md for the tasks, the configurations and how results are scored.

Nothing derived from the archive is written outside --work: the title-less
copy of the archive, the queries and the databases all live there.  The
query sets are made in query_sets.py.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time

import judged
from query_sets import VARIANT_KINDS, WORD, build_queries, fold, read_archive, write_full, write_title_less

# ---------------------------------------------------------------------------
# Configurations.

class Config:
    def __init__(self, name, engine, stemmer, match_all=False, search_args=(), collapsed=False):
        self.name, self.engine, self.stemmer, self.match_all = name, engine, stemmer, match_all
        # Stories collapsed, as fahras-search does by default: a hit stands
        # for its story, and finds a known item that is one of its versions.
        self.collapsed = collapsed
        self.search_args = list(search_args)  # more fahras-search options
        self.index = f'{engine}-{stemmer}'  # configurations that share a database


# The judged set is searched by this one and the default (on the whole
# archive, titles included).
JUDGED_BASELINE = 'xapian + snowball arabic'

CONFIGS = [
    Config('xapian (no normalization, no stemmer)', 'xapian', 'none'),
    Config('xapian + snowball arabic', 'xapian', 'arabic'),
    Config('fahras normalization, no stemmer', 'fahras', 'none'),
    Config('fahras + snowball', 'fahras', 'snowball'),
    Config('fahras + snowball-conj', 'fahras', 'snowball-conj'),
    Config('fahras + fahras-light', 'fahras', 'fahras-light'),
    Config('fahras + snowball-conj, --all', 'fahras', 'snowball-conj', match_all=True),
    Config('fahras + fahras-light, --all', 'fahras', 'fahras-light', match_all=True),
    Config('fahras + snowball-conj, --stopwords', 'fahras', 'snowball-conj', search_args=['--stopwords']),
    Config('fahras + fahras-light, --stopwords', 'fahras', 'fahras-light', search_args=['--stopwords']),
    Config('fahras + snowball-conj, --no-proximity', 'fahras', 'snowball-conj', search_args=['--no-proximity']),
    Config('fahras + fahras-light, --no-proximity', 'fahras', 'fahras-light', search_args=['--no-proximity']),
    Config('fahras + fahras-light, --no-exact-forms', 'fahras', 'fahras-light', search_args=['--no-exact-forms']),
    Config('fahras + fahras-light, neither boost', 'fahras', 'fahras-light',
           search_args=['--no-exact-forms', '--no-proximity']),
    Config('fahras + fahras-light, --no-verb-forms', 'fahras', 'fahras-light', search_args=['--no-verb-forms']),
    Config('fahras + fahras-light, stories collapsed', 'fahras', 'fahras-light', collapsed=True),
]


# Articles, not stories: a known item is one article and the judged set
# grades articles, so Fahras lists every copy of a story here, as Xapian
# does; the configuration "stories collapsed" measures what collapsing the
# copies does, a hit finding the known item when it is one of its versions.
FAHRAS_ARGS = ['--no-collapse']


def fahras_args(cfg):
    """The fahras-search options every search of @cfg takes."""
    return ([] if cfg.collapsed else FAHRAS_ARGS) + (['--all'] if cfg.match_all else []) + cfg.search_args

def mark_default(configs, build):
    """Name the configuration that is what fahras-index does by default,
    as its --help says; the comparison table measures against it."""
    help_text = subprocess.run([os.path.join(build, 'fahras', 'indexer', 'fahras-index'), '--help'],
                               stdout=subprocess.PIPE, text=True).stdout
    found = re.search(r'\(default\s+([\w-]+)\)', help_text)
    for cfg in configs:
        if found and cfg.engine == 'fahras' and cfg.stemmer == found.group(1) and not cfg.match_all:
            cfg.name += ' (default)'
            return cfg.name
    return None


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def build_index(cfg, build, corpus_jsonl, corpus_tsv, db):
    shutil.rmtree(db, ignore_errors=True)
    os.makedirs(os.path.dirname(db), exist_ok=True)
    start = time.monotonic()
    if cfg.engine == 'xapian':
        with open(corpus_tsv, 'rb') as f:
            run([os.path.join(build, 'fahras-eval-baseline'), 'index', db, cfg.stemmer], stdin=f)
    else:
        out = subprocess.run([os.path.join(build, 'fahras', 'indexer', 'fahras-index'), '--db', db,
                              '--stemmer', cfg.stemmer, '--json', '--no-progress', corpus_jsonl],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        # 65 would mean skipped articles; the title-less copy has none.
        summary = json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else {}
        if out.returncode != 0 or summary.get('failed', 1) != 0:
            sys.exit(f'eval.py: fahras-index failed for {cfg.name} (exit {out.returncode}): {summary}')
    return time.monotonic() - start


class Run:
    """One query set searched by one configuration: the ranked ids per query
    index, the queries refused (a parser error: no results shown) and, for
    Fahras, those searched as plain words with a note (syntax_fallback)."""

    def __init__(self, count):
        self.ranked = [[] for _ in range(count)]
        self.versions = [[] for _ in range(count)]  # per hit: its id and its other versions' ids
        self.failed = set()
        self.fallback = set()
        self.seconds = 0.0


def read_baseline_output(lines, count):
    """fahras-eval-baseline's "index TAB rank TAB id" and "index TAB error TAB what" lines."""
    result = Run(count)
    for line in lines:
        index, rank, rest = line.rstrip('\n').split('\t', 2)
        if rank == 'error':
            result.failed.add(int(index))
        else:
            result.ranked[int(index)].append(rest)
    return result


def read_fahras_output(lines, count):
    """fahras-eval-search's JSON Lines: hits, errors and summaries by query index."""
    result = Run(count)
    for line in lines:
        record = json.loads(line)
        kind, index = record.get('type'), record['query_index']
        if kind == 'hit':
            result.ranked[index].append(record['id'])
            result.versions[index].append({record['id']} | {v['id'] for v in record.get('other_versions', [])})
        elif kind == 'error':
            result.failed.add(index)
        elif kind == 'summary' and record.get('syntax_fallback'):
            result.fallback.add(index)
    return result


def search(cfg, build, db, queries, limit, out_path):
    """Each query (a dict with 'query') searched: a Run."""
    start = time.monotonic()
    with open(out_path + '.queries', 'w', encoding='utf-8') as f:
        f.writelines(q['query'] + '\n' for q in queries)
    if cfg.engine == 'xapian':
        with open(out_path + '.queries', 'rb') as f, open(out_path, 'wb') as out:
            run([os.path.join(build, 'fahras-eval-baseline'), 'search', db, cfg.stemmer,
                 'and' if cfg.match_all else 'or', str(limit)], stdin=f, stdout=out, stderr=subprocess.DEVNULL)
        with open(out_path, encoding='utf-8') as f:
            result = read_baseline_output(f, len(queries))
    else:
        cmd = [os.path.join(build, 'fahras-eval-search'), '--queries', out_path + '.queries', '--db', db,
               '--limit', str(limit), '--snippet-length', '0'] + fahras_args(cfg)
        with open(out_path, 'wb') as out:
            run(cmd, stdout=out, stderr=subprocess.DEVNULL)
        with open(out_path, encoding='utf-8') as f:
            result = read_fahras_output(f, len(queries))
    result.seconds = time.monotonic() - start
    return result


def first_relevant_rank(ids, relevant):
    relevant = set(relevant)
    for rank, doc_id in enumerate(ids, 1):
        if doc_id in relevant:
            return rank
    return None


def first_story_rank(versions, relevant):
    """Rank of the first hit whose story holds a relevant article (@versions:
    per hit, the set of its id and its other versions' ids)."""
    relevant = set(relevant)
    for rank, ids in enumerate(versions, 1):
        if ids & relevant:
            return rank
    return None


def score(ranks):
    n = len(ranks) or 1
    return {'mrr10': sum(1 / r for r in ranks if r and r <= 10) / n,
            'r10': sum(1 for r in ranks if r and r <= 10) / n,
            'r100': sum(1 for r in ranks if r and r <= 100) / n,
            'n': len(ranks)}


def check_cli(cfg, build, db, queries, ranked, limit, count):
    """Run the first queries through the real fahras-search, one process
    each, and compare with the batch results."""
    same = 0
    for index, q in enumerate(queries[:count]):
        out = subprocess.run([os.path.join(build, 'fahras', 'searcher', 'fahras-search'), '--db', db, '--json',
                              '--limit', str(limit), '--snippet-length', '0', q['query']] + fahras_args(cfg),
                             stdout=subprocess.PIPE, text=True)
        ids = [json.loads(line)['id'] for line in out.stdout.splitlines()
               if line.startswith('{"type":"hit"')]
        same += ids == ranked[index]
    return same, min(count, len(queries))


def reciprocal_ranks(ranks, cutoff=10):
    return [1 / r if r and r <= cutoff else 0.0 for r in ranks]


def paired_bootstrap(base, other, seed, rounds=2000):
    """Mean of other − base over the same queries, with a 95% interval from
    resampling the queries (paired, so both see the same draw)."""
    diffs = [b - a for a, b in zip(base, other)]
    n = len(diffs)
    if not n:
        return 0.0, 0.0, 0.0
    rng = random.Random(seed)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(rounds))
    return sum(diffs) / n, means[int(rounds * 0.025)], means[int(rounds * 0.975) - 1]


class NearCopies:
    """Whether two articles' bodies are near-copies: at least half of their
    distinct (folded) words shared.  Other papers often run the same agency
    story with small edits; a title query cannot tell them apart."""

    def __init__(self, articles, threshold=0.5):
        self.content = {a['url']: a.get('content', '') for a in articles}
        self.threshold = threshold
        self.words = {}

    def _words(self, doc_id):
        if doc_id not in self.words:
            self.words[doc_id] = set(WORD.findall(fold(self.content.get(doc_id, ''))))
        return self.words[doc_id]

    def same(self, a, b):
        wa, wb = self._words(a), self._words(b)
        return bool(wa or wb) and len(wa & wb) / len(wa | wb) >= self.threshold

    def lenient_rank(self, ids, relevant):
        """Rank of the first hit that is the article or a near-copy of it."""
        for rank, doc_id in enumerate(ids, 1):
            if doc_id in relevant or any(self.same(doc_id, r) for r in relevant):
                return rank
        return None


def title_loss(ranked, queries, near, limit):
    """Where the title queries' MRR@10 goes: for each article not ranked
    first, where it is and what stands above it.  Rows of (what, queries,
    MRR@10 lost)."""
    rows = {'ranked 2–10, only near-copies above it': [0, 0.0],
            'ranked 2–10, near-copies and other articles above it': [0, 0.0],
            'ranked 2–10, only other articles above it': [0, 0.0],
            f'ranked 11–{limit}': [0, 0.0],
            f'not in the top {limit}': [0, 0.0]}
    keys = list(rows)
    n = len(queries) or 1
    for ids, q in zip(ranked, queries):
        rank = first_relevant_rank(ids, q['relevant'])
        if rank == 1:
            continue
        if rank is None:
            key = keys[4]
        elif rank > 10:
            key = keys[3]
        else:
            copies = [any(near.same(doc_id, r) for r in q['relevant']) for doc_id in ids[:rank - 1]]
            key = keys[0] if all(copies) else keys[1] if any(copies) else keys[2]
        rows[key][0] += 1
        rows[key][1] += (1 - 1 / rank if rank and rank <= 10 else 1) / n
    return [(key, count, lost) for key, (count, lost) in rows.items()]


# ---------------------------------------------------------------------------

def pct(x):
    return f'{x:.3f}'


def markdown_tables(results, sets, meta, default_name):
    lines = []
    lines.append('| configuration | title MRR@10 | title R@10 | title R@100 | keywords MRR@10 | keywords R@10 '
                 '| keywords R@100 | variants MRR@10 | variants vs clean | variants R@100 | index s |')
    lines.append('|---|---|---|---|---|---|---|---|---|---|---|')
    for r in results:
        t, k, v = r['scores']['title'], r['scores']['keywords'], r['scores']['variants']
        loss = (v['mrr10'] - t['mrr10']) / t['mrr10'] * 100 if t['mrr10'] else 0.0
        index_s = r['index_seconds']
        lines.append(f"| {r['name']} | {pct(t['mrr10'])} | {pct(t['r10'])} | {pct(t['r100'])} | {pct(k['mrr10'])} "
                     f"| {pct(k['r10'])} | {pct(k['r100'])} | {pct(v['mrr10'])} | {loss:+.1f}% | {pct(v['r100'])} "
                     f"| {index_s} |")
    lines.append('')
    lines.extend(pasted_table(results))
    kinds = [name for name, _ in VARIANT_KINDS if any(name in q['kinds'] for q in sets['variants'])]
    lines.append('Variant queries by kind of variation: MRR@10 of the variant queries that contain it,\n'
                 'relative to the same queries typed clean (a query may mix up to three kinds).')
    lines.append('')
    lines.append('| configuration | ' + ' | '.join(f"{k} (n={sum(k in q['kinds'] for q in sets['variants'])})"
                                                   for k in kinds) + ' |')
    lines.append('|---|' + '---|' * len(kinds))
    for r in results:
        cells = []
        for k in kinds:
            idx = [i for i, q in enumerate(sets['variants']) if k in q['kinds']]
            clean = sum(1 / x for x in (r['ranks']['title'][sets['variants'][i]['clean_index']] for i in idx)
                        if x and x <= 10)
            var = sum(1 / x for x in (r['ranks']['variants'][i] for i in idx) if x and x <= 10)
            cells.append(f'{(var - clean) / clean * 100:+.1f}%' if clean else 'n/a')
        lines.append(f"| {r['name']} | " + ' | '.join(cells) + ' |')
    lines.append('')
    base = next((r for r in results if r['name'] == default_name), None)
    if base:
        lines.append('Against the default: difference of MRR@10 on the same queries,\n'
                     'with a 95% paired-bootstrap interval; and, for the title queries, MRR@10 if a near-copy of\n'
                     'the article (another paper\'s version of the same story, ≥ 50% of body words shared)\n'
                     'counted as found.')
        lines.append('')
        lines.append('| configuration | Δ title MRR@10 [95% CI] | Δ keywords MRR@10 [95% CI] '
                     '| title MRR@10, near-copies count |')
        lines.append('|---|---|---|---|')
        for r in results:
            cells = []
            for set_name in ('title', 'keywords'):
                if r is base:
                    cells.append('—')
                    continue
                d, lo, hi = paired_bootstrap(reciprocal_ranks(base['ranks'][set_name]),
                                             reciprocal_ranks(r['ranks'][set_name]), seed=len(r['name']))
                cells.append(f'{d:+.3f} [{lo:+.3f}, {hi:+.3f}]')
            cells.append(pct(r['scores']['title_lenient']['mrr10']))
            lines.append(f"| {r['name']} | " + ' | '.join(cells) + ' |')
        lines.append('')
    if base and 'title_loss' in base:
        first = sum(1 for x in base['ranks']['title'] if x == 1)
        lines.append(f"Where the default's title MRR@10 is lost: {first} of {len(sets['title'])} articles are ranked "
                     f"first; for the others, where the article is and what stands above it (near-copies as above).")
        lines.append('')
        lines.append('| the article | queries | MRR@10 lost |')
        lines.append('|---|---|---|')
        for what, count, lost in base['title_loss']:
            lines.append(f'| {what} | {count} | {lost:.3f} |')
        lines.append('')
    lines.append(meta)
    return '\n'.join(lines)


def pasted_table(results):
    """The headlines pasted as printed, beside the same headlines as plain
    words: MRR@10, R@10 and the queries that failed (refused: no results)."""
    lines = ['Headlines pasted as printed (punctuation, quotes, `..`, brackets, capitals kept), clean and with '
             'spelling variants; "failed" is a query refused with an error (no results at all), "plain words" '
             'one Fahras searched without its syntax, with a note.', '',
             '| configuration | title MRR@10 | pasted MRR@10 | pasted R@10 | pasted failed | pasted plain words '
             '| pasted variants MRR@10 | pasted variants R@10 | pasted variants failed |',
             '|---|---|---|---|---|---|---|---|---|']
    for r in results:
        s, failed, fallback = r['scores'], r['failed'], r['fallback']
        lines.append(f"| {r['name']} | {pct(s['title']['mrr10'])} | {pct(s['pasted']['mrr10'])} "
                     f"| {pct(s['pasted']['r10'])} | {failed['pasted']} | {fallback['pasted']} "
                     f"| {pct(s['pasted_variants']['mrr10'])} | {pct(s['pasted_variants']['r10'])} "
                     f"| {failed['pasted_variants']} |")
    lines.append('')
    return lines


def judged_tables(scores):
    """nDCG@10 of the judged set per configuration: overall, by kind of
    query and by how it was typed."""
    def cell(value_n):
        value, n = value_n
        return f'{value:.3f} ({n})' if value is not None else '—'

    lines = ['Judged set: nDCG@10 over the graded articles (grades 0–3, gain 2^g − 1; an article nobody '
             'graded counts as 0), queries in brackets.', '',
             '| configuration | all | ' + ' | '.join(judged.KINDS) + ' | ' + ' | '.join(judged.TYPED)
             + ' | failed | plain words | unjudged in top 10 |',
             '|---|---|' + '---|' * (len(judged.KINDS) + len(judged.TYPED)) + '---|---|---|']
    for name, summary in scores:
        lines.append(f"| {name} | {cell(summary['all'])} | "
                     + ' | '.join(cell(summary['kind'][k]) for k in judged.KINDS) + ' | '
                     + ' | '.join(cell(summary['typed'][t]) for t in judged.TYPED)
                     + f" | {summary['failed']} | {summary['fallback']} | {summary['unjudged']} |")
    skipped = sorted({q for _, summary in scores for q in summary['skipped']})
    if skipped:
        lines.append('')
        lines.append(f'Left out, no article graded above 0: {", ".join(skipped)}.')
    lines.append('')
    return lines


def run_judged(args, build, articles, default_name):
    """The judged queries (and their other spellings) searched on the whole
    archive, titles included, by Xapian + Snowball and the default; nDCG@10
    from judged/qrels.tsv, and what is left to grade written to
    WORK/judged/pool.tsv (with each article's title and lead, to read: it
    stays in WORK, never in the repository)."""
    queries = judged.read_queries(os.path.join(args.judged, 'queries.tsv'))
    qrels = judged.read_qrels(os.path.join(args.judged, 'qrels.tsv'))
    texts = sorted({t for q in queries for t in [q.query] + q.also})
    corpus = write_full(articles, args.work)
    out_dir = os.path.join(args.work, 'judged')
    os.makedirs(out_dir, exist_ok=True)
    scores, runs, built = [], [], {}
    for cfg in CONFIGS:
        if cfg.name not in (JUDGED_BASELINE, default_name):
            continue
        db = os.path.join(args.work, 'db-full', cfg.index)
        if cfg.index not in built and not (args.reuse and os.path.isdir(db)):
            seconds = build_index(cfg, build, *corpus, db)
            print(f'indexed the whole archive for {cfg.index} in {seconds:.0f} s', file=sys.stderr)
        built[cfg.index] = True
        slug = re.sub(r'[^a-z0-9]+', '-', cfg.name.lower()).strip('-')
        done = search(cfg, build, db, [{'query': t} for t in texts], 10, os.path.join(out_dir, slug + '.out'))
        by_text = dict(zip(texts, done.ranked))
        runs.append(by_text)
        summary = judged.summarize(queries, {q.id: by_text[q.query] for q in queries}, qrels)
        own = [texts.index(q.query) for q in queries]  # the queries as typed, not their other spellings
        summary['failed'] = sum(1 for i in own if i in done.failed)
        summary['fallback'] = sum(1 for i in own if i in done.fallback)
        scores.append((cfg.name, summary))
        print(f"{cfg.name}: judged nDCG@10 {summary['all'][0] or 0:.3f}, {summary['unjudged']} unjudged in the "
              f"top 10", file=sys.stderr)
    todo = judged.pool(queries, runs, qrels)
    by_url = {a['url']: a for a in articles}
    with open(os.path.join(out_dir, 'pool.tsv'), 'w', encoding='utf-8') as f:
        for qid, ids in todo.items():
            for doc_id in ids:
                a = by_url.get(doc_id, {})
                f.write('\t'.join([qid, doc_id, ' '.join(a.get('title', '').split()),
                                   ' '.join(a.get('content', '').split())[:400]]) + '\n')
    print(f"judged set: {len(queries)} queries, {sum(len(v) for v in todo.values())} articles in the top 10 not "
          f"graded yet (listed in {os.path.join(out_dir, 'pool.tsv')})", file=sys.stderr)
    return scores, sum(len(v) for v in todo.values())


def source_revision(here):
    try:
        return subprocess.run(['git', '-C', here, 'describe', '--always', '--dirty'], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return 'unknown revision'


def parse_arguments(here):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--corpus', default=os.path.normpath(os.path.join(here, '../../../shared/corpora/saudinewsnet')),
                   help='archive directory or one .jsonl[.gz] file')
    p.add_argument('--work', default='/tmp/fahras-eval', help='scratch directory (databases, queries)')
    p.add_argument('--build', default=None, help='build directory of bench/eval (default WORK/build)')
    p.add_argument('--seed', type=int, default=2015)
    p.add_argument('--queries', type=int, default=1500, help='articles sampled as known items')
    p.add_argument('--max-df', type=float, default=0.02,
                   help='keyword queries skip words in more than this fraction of articles')
    p.add_argument('--min-content', type=int, default=200, help='known items have at least this many characters')
    p.add_argument('--limit', type=int, default=100)
    p.add_argument('--jobs', type=int, default=1, help='query sets searched at the same time')
    p.add_argument('--configs', default='all', help='comma-separated indexes into the list (see --list)')
    p.add_argument('--list', action='store_true', help='list the configurations and exit')
    p.add_argument('--reuse', action='store_true', help='reuse databases already in WORK/db')
    p.add_argument('--check-cli', type=int, default=0, metavar='N',
                   help='also run the first N title and pasted queries through fahras-search itself and compare')
    p.add_argument('--markdown', help='also write the tables to this file')
    p.add_argument('--judged', default=os.path.join(here, 'judged'),
                   help='directory of the judged set (queries.tsv, qrels.tsv)')
    p.add_argument('--no-judged', action='store_true', help='leave out the judged set')
    p.add_argument('--judged-only', action='store_true', help='only the judged set (no known-item sets)')
    p.add_argument('--source-rev', help='what to call the sources measured (default: git describe)')
    return p.parse_args()


def write_query_sets(sets, work):
    os.makedirs(os.path.join(work, 'queries'), exist_ok=True)
    for name, queries in sets.items():
        with open(os.path.join(work, 'queries', name + '.jsonl'), 'w', encoding='utf-8') as f:
            f.writelines(json.dumps(q, ensure_ascii=False) + '\n' for q in queries)


def index_once(cfg, args, build, corpus, built):
    """The configuration's database, built unless an earlier configuration
    built it (or --reuse finds it); what the table says about its time."""
    db = os.path.join(args.work, 'db', cfg.index)
    index_time = '(same)'
    if cfg.index not in built:
        built[cfg.index] = True
        if args.reuse and os.path.isdir(db):
            index_time = 'reused'
        else:
            seconds = build_index(cfg, build, *corpus, db)
            index_time = f'{seconds:.0f}'
            print(f'indexed {cfg.index} in {seconds:.0f} s', file=sys.stderr)
    return db, index_time


def evaluate(cfg, args, build, db, index_time, sets, near, default_name):
    """Every query set searched with one configuration, and scored."""
    result = {'name': cfg.name, 'index_seconds': index_time, 'scores': {}, 'ranks': {}, 'search_seconds': {}}
    os.makedirs(os.path.join(args.work, 'runs'), exist_ok=True)
    slug = re.sub(r'[^a-z0-9]+', '-', cfg.name.lower()).strip('-')
    # The three sets are independent searches: --jobs runs them side by side.
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        runs = {set_name: pool.submit(search, cfg, build, db, queries, args.limit,
                                      os.path.join(args.work, 'runs', f'{slug}.{set_name}.out'))
                for set_name, queries in sets.items()}
    result['failed'], result['fallback'] = {}, {}
    for set_name, queries in sets.items():
        done = runs[set_name].result()
        ranked, seconds = done.ranked, done.seconds
        if cfg.collapsed:
            ranks = [first_story_rank(versions, q['relevant']) for versions, q in zip(done.versions, queries)]
        else:
            ranks = [first_relevant_rank(ids, q['relevant']) for ids, q in zip(ranked, queries)]
        result['ranks'][set_name] = ranks
        result['scores'][set_name] = score(ranks)
        result['failed'][set_name] = len(done.failed)
        result['fallback'][set_name] = len(done.fallback)
        if set_name == 'title':
            result['scores']['title_lenient'] = score(
                [near.lenient_rank(ids[:10], q['relevant']) for ids, q in zip(ranked, queries)])
            if cfg.name == default_name:
                result['title_loss'] = title_loss(ranked, queries, near, args.limit)
        result['search_seconds'][set_name] = seconds
        if set_name in ('title', 'pasted') and args.check_cli and cfg.engine == 'fahras':
            same, n = check_cli(cfg, build, db, queries, ranked, args.limit, args.check_cli)
            result.setdefault('cli_check', {})[set_name] = f'{same}/{n}'
            print(f'{cfg.name}: fahras-search itself returned the same ranked ids for {same} of {n} {set_name} '
                  f'queries', file=sys.stderr)
    s = result['scores']
    print(f"{cfg.name}: title {s['title']['mrr10']:.3f}, keywords {s['keywords']['mrr10']:.3f}, "
          f"variants {s['variants']['mrr10']:.3f}, pasted {s['pasted']['mrr10']:.3f} "
          f"({result['failed']['pasted']} failed) (MRR@10)", file=sys.stderr)
    return result


def describe_run(args, here, articles, sets, results):
    """The line under the tables: what was measured, how, where and when."""
    cpu = ''
    try:
        with open('/proc/cpuinfo') as f:
            cpu = next((line.split(':', 1)[1].strip() for line in f if line.startswith('model name')), '')
    except OSError:
        pass
    meta = (f"Sources: {args.source_rev or source_revision(here)}. {len(articles)} articles; {len(sets['title'])} title, {len(sets['keywords'])} keyword, "
            f"{len(sets['variants'])} variant, {len(sets['pasted'])} pasted and {len(sets['pasted_variants'])} "
            f"pasted variant queries; seed {args.seed}; top {args.limit}; "
            f"{datetime.date.today().isoformat()}, {platform.node()}, {os.cpu_count()} CPUs ({cpu}), "
            f"{platform.platform()}.")
    if any('cli_check' in r for r in results):
        meta += ' fahras-search itself vs the batch runner, first title and pasted queries: ' + ', '.join(
            f"{r['name']} {r['cli_check']['title']} and {r['cli_check']['pasted']}" for r in results
            if 'cli_check' in r) + ' identical.'
    return meta


def write_results(args, results, sets, meta, default_name, judged_scores=()):
    """The tables on stdout (and in --markdown), the scores in WORK/results.json."""
    table = markdown_tables(results, sets, meta, default_name) if results else meta
    if judged_scores:
        table = '\n'.join(judged_tables(judged_scores)) + '\n' + table
    print(table)
    if args.markdown:
        with open(args.markdown, 'w', encoding='utf-8') as f:
            f.write(table + '\n')
    with open(os.path.join(args.work, 'results.json'), 'w', encoding='utf-8') as f:
        json.dump({'meta': meta, 'results': [{k: v for k, v in r.items() if k != 'ranks'} for r in results],
                   'judged': [{'name': name, 'summary': summary} for name, summary in judged_scores]}, f,
                  ensure_ascii=False, indent=1)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    args = parse_arguments(here)
    build = args.build or os.path.join(args.work, 'build')
    default_name = mark_default(CONFIGS, build)
    if args.list:
        for i, c in enumerate(CONFIGS):
            print(i, c.name)
        return 0
    configs = CONFIGS if args.configs == 'all' else [CONFIGS[int(i)] for i in args.configs.split(',')]

    t0 = time.monotonic()
    articles = read_archive(args.corpus)
    corpus = write_title_less(articles, args.work)
    sets, eligible = build_queries(articles, args.seed, args.queries, args.max_df, args.min_content)
    write_query_sets(sets, args.work)
    print(f'{len(articles)} articles, {eligible} eligible known items; queries: '
          + ', '.join(f'{k} {len(v)}' for k, v in sets.items()) + f' (seed {args.seed}, {time.monotonic() - t0:.0f} s)',
          file=sys.stderr)

    judged_scores = []
    if not args.no_judged:
        judged_scores, _ = run_judged(args, build, articles, default_name)
    near = NearCopies(articles)
    results, built = [], {}
    for cfg in ([] if args.judged_only else configs):
        db, index_time = index_once(cfg, args, build, corpus, built)
        results.append(evaluate(cfg, args, build, db, index_time, sets, near, default_name))
    write_results(args, results, sets, describe_run(args, here, articles, sets, results), default_name,
                  judged_scores)
    return 0


if __name__ == '__main__':
    sys.exit(main())
