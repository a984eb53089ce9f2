#!/usr/bin/env python3
"""Retrieval-quality evaluation for Fahras on SaudiNewsNet (known-item tasks).

Builds three query sets from a seed, indexes the archive once per analysis
configuration, runs every query set through each configuration and prints
one table.  Standard library only.  run.sh builds the programs and calls this;
see README.md for the tasks, the configurations and how results are scored.

Nothing derived from the archive is written outside --work: the title-less
copy of the archive, the queries and the databases all live there.
"""

import argparse
import collections
import concurrent.futures
import datetime
import gzip
import hashlib
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata

# ---------------------------------------------------------------------------
# Text helpers (the harness's own, used only to choose query words; the
# engines under test never see this folding).

TASHKEEL_AND_TATWEEL = re.compile('[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]')
FOLD = str.maketrans({'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه'})
WORD = re.compile(r'\w+')


def fold(word):
    """Spelling-insensitive key of a word: no marks, one alef, ي, ه, lower case."""
    return TASHKEEL_AND_TATWEEL.sub('', word).translate(FOLD).lower()


def sanitize(text):
    """Keep letters, marks and digits; everything else (query syntax such as
    quotes, + - : ( ), and punctuation) becomes a space.  Both engines then
    see plain words, as a search box user would type them.  Lower case, so
    that a Latin AND/OR in a headline is never read as an operator."""
    kept = ''.join(ch if unicodedata.category(ch)[0] in 'LMN' else ' ' for ch in text)
    return ' '.join(kept.lower().split())


# Function words left out of keyword queries (folded spelling).  Written for
# this harness; very common content words are left out by document
# frequency instead (--max-df).
STOPWORDS = set('''
في من الي علي عن مع بعد قبل عند منذ خلال حول ضد عبر نحو لدي دون بين حتي امام فوق تحت
هذا هذه ذلك تلك هؤلاء التي الذي الذين اللذين اللتين اللواتي ما ماذا متي اين كيف لماذا هل
ان او ام ثم بل لا لم لن لو قد كان كانت يكون تكون كل بعض غير اي اذا اذ الا كما ليس ليست
هو هي هم هن نحن انت انتم انا له لها لهم به بها بهم فيه فيها منه منها عليه عليها اليه
و ف ب ل وفي ومن وعلي وان وقد ولا وهو وهي فقد فان فيما بينما ايضا اليوم امس غدا جدا
عام عاما سنه يوم ضمن وفق لدي عدم
'''.split())

# ---------------------------------------------------------------------------
# Spelling variants, the way people type or paste Arabic.

HARAKAT = ['\u064e', '\u064f', '\u0650', '\u0652', '\u0651']  # fatha damma kasra sukun shadda
TANWEEN = ['\u064b', '\u064c', '\u064d']
TATWEEL = '\u0640'


def is_arabic_letter(ch):
    return '\u0621' <= ch <= '\u064a' and ch != TATWEEL


def presentation_tables():
    """From Unicode's own decompositions: base letter → {form: code point},
    and lam+alef → {form: ligature}."""
    forms, ligatures = collections.defaultdict(dict), collections.defaultdict(dict)
    for cp in range(0xFE70, 0xFEFD):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) < 2 or not parts[0].startswith('<'):
            continue
        kind = parts[0].strip('<>')
        letters = ''.join(chr(int(p, 16)) for p in parts[1:])
        if len(letters) == 1 and is_arabic_letter(letters):
            forms[letters][kind] = chr(cp)
        elif len(letters) == 2 and letters[0] == 'ل':
            ligatures[letters][kind] = chr(cp)
    return forms, ligatures


FORMS, LIGATURES = presentation_tables()


def joins_forward(ch):
    """Dual-joining letters (they have an initial form) and tatweel connect
    to the letter after them."""
    return ch == TATWEEL or 'initial' in FORMS.get(ch, {})


def joinable(ch):
    """Every letter but hamza accepts a join from the letter before it."""
    return ch == TATWEEL or 'final' in FORMS.get(ch, {})


def to_presentation_forms(word):
    """The word as a PDF or an old web page stores it: one presentation-form
    code point per shaped letter, lam-alef ligatures included.  Marks are
    transparent for joining and stay where they are."""
    letters = [i for i, ch in enumerate(word) if is_arabic_letter(ch) or ch == TATWEEL]
    out = list(word)
    for n, i in enumerate(letters):
        ch = word[i]
        if ch == TATWEEL or out[i] == '':
            continue
        prev = word[letters[n - 1]] if n > 0 else None
        nxt = word[letters[n + 1]] if n + 1 < len(letters) else None
        joined_before = prev is not None and joins_forward(prev) and joinable(ch)
        if ch == 'ل' and letters[n + 1:n + 2] == [i + 1] and nxt in 'اأإآ':
            ligature = LIGATURES.get(ch + nxt, {}).get('final' if joined_before else 'isolated')
            if ligature:
                out[i], out[i + 1] = ligature, ''
                continue
        joins_after = nxt is not None and joins_forward(ch) and joinable(nxt)
        form = {(False, False): 'isolated', (True, False): 'final',
                (False, True): 'initial', (True, True): 'medial'}[(joined_before, joins_after)]
        table = FORMS.get(ch, {})
        out[i] = table.get(form, table.get('isolated', ch))
    return ''.join(out)


def v_tashkeel(word, rng):
    if not any(is_arabic_letter(c) for c in word):
        return None
    out = []
    for i, ch in enumerate(word):
        out.append(ch)
        if is_arabic_letter(ch) and rng.random() < 0.6:
            last = i == len(word) - 1
            out.append(rng.choice(TANWEEN if last and rng.random() < 0.3 else HARAKAT))
    return ''.join(out)


def v_hamza_drop(word, rng):
    return word.translate(str.maketrans('أإآ', 'ااا')) if any(c in 'أإآ' for c in word) else None


def v_hamza_add(word, rng):
    hamza = rng.choice('أإ')
    if word.startswith('الا') and len(word) > 4:
        return 'ال' + hamza + word[3:]
    if word.startswith('ا') and not word.startswith('ال') and len(word) > 2:
        return hamza + word[1:]
    return None


def v_teh_marbuta(word, rng):
    if len(word) > 2 and word.endswith('ة'):
        return word[:-1] + 'ه'
    if len(word) > 2 and word.endswith('ه'):
        return word[:-1] + 'ة'
    return None


def v_alef_maksura(word, rng):
    if len(word) > 2 and word.endswith('ى'):
        return word[:-1] + 'ي'
    if len(word) > 2 and word.endswith('ي'):
        return word[:-1] + 'ى'
    return None


def v_tatweel(word, rng):
    spots = [i for i in range(1, len(word)) if joins_forward(word[i - 1]) and is_arabic_letter(word[i])]
    if not spots:
        return None
    i = rng.choice(spots)
    return word[:i] + TATWEEL * rng.randint(1, 3) + word[i:]


def v_digits(word, rng):
    if not any(c.isascii() and c.isdigit() for c in word):
        return None
    base = 0x0660 if rng.random() < 0.7 else 0x06F0  # Arabic-Indic, or Persian
    return ''.join(chr(base + int(c)) if c.isascii() and c.isdigit() else c for c in word)


def v_presentation(word, rng):
    return to_presentation_forms(word) if any(c in FORMS for c in word) else None


def v_persian(word, rng):
    return word.translate(str.maketrans('يك', 'یک')) if any(c in 'يك' for c in word) else None


# Applied in this order, so marks and shaping come last, as they would.
VARIANT_KINDS = [
    ('hamza_drop', v_hamza_drop), ('hamza_add', v_hamza_add), ('teh_marbuta', v_teh_marbuta),
    ('alef_maksura', v_alef_maksura), ('persian', v_persian), ('digits', v_digits),
    ('tatweel', v_tatweel), ('tashkeel', v_tashkeel), ('presentation', v_presentation),
]


def make_variant(query, rng):
    """Rewrite 1–3 kinds of spelling variation into about half of the words
    each applies to (at least one).  Returns (text, kinds applied)."""
    words = query.split()
    applicable = [(name, fn) for name, fn in VARIANT_KINDS
                  if any(fn(w, random.Random(0)) is not None for w in words)]
    if not applicable:
        return query, []
    chosen = set(name for name, _ in rng.sample(applicable, min(len(applicable), rng.randint(1, 3))))
    applied = []
    for name, fn in VARIANT_KINDS:
        if name not in chosen:
            continue
        spots = [i for i, w in enumerate(words) if fn(w, random.Random(0)) is not None]
        if not spots:
            continue  # an earlier kind took its letters away
        picked = [i for i in spots if rng.random() < 0.5] or [rng.choice(spots)]
        for i in picked:
            words[i] = fn(words[i], rng)
        applied.append(name)
    return ' '.join(words), applied


# ---------------------------------------------------------------------------
# The archive, the title-less copy, the query sets.

def read_archive(path):
    files = [path] if os.path.isfile(path) else sorted(
        os.path.join(path, f) for f in os.listdir(path) if f.endswith(('.jsonl', '.jsonl.gz')))
    articles = []
    for name in files:
        opener = gzip.open if name.endswith('.gz') else open
        with opener(name, 'rt', encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    articles.append(json.loads(line))
    if not articles:
        sys.exit(f'eval.py: no articles in {path}')
    return articles


def content_key(text):
    return hashlib.sha1(' '.join(text.split()).encode()).hexdigest()


def write_title_less(articles, work):
    """Every article without its title: the headline is the query, so it must
    not be in the index.  The url becomes the id and is not stored as a url,
    because fahras-index indexes the url's words when an article has no
    text at all (and SaudiNewsNet urls hold the headline)."""
    os.makedirs(os.path.join(work, 'corpus'), exist_ok=True)
    jsonl = os.path.join(work, 'corpus', 'title-less.jsonl')
    tsv = os.path.join(work, 'corpus', 'title-less.tsv')
    with open(jsonl, 'w', encoding='utf-8') as fj, open(tsv, 'w', encoding='utf-8') as ft:
        for a in articles:
            fj.write(json.dumps({'id': a['url'], 'source': a.get('source', ''),
                                 'date': a.get('date_extracted', ''), 'author': a.get('author', ''),
                                 'content': a.get('content', '')}, ensure_ascii=False) + '\n')
            ft.write(a['url'] + '\t' + ' '.join(a.get('content', '').split()) + '\n')
    return jsonl, tsv


def build_queries(articles, seed, count, max_df, min_content):
    """Three aligned query sets over one seeded sample of articles."""
    titles = collections.Counter(' '.join(a.get('title', '').split()) for a in articles)
    by_content = collections.defaultdict(set)
    for a in articles:
        by_content[content_key(a.get('content', ''))].add(a['url'])
    # Known items: a unique headline (two articles under one headline are two
    # answers), enough text to find, at least two words to search with.
    eligible = sorted((a for a in articles
                       if titles[' '.join(a.get('title', '').split())] == 1
                       and len(a.get('content', '').strip()) >= min_content
                       and len(sanitize(a.get('title', '')).split()) >= 2),
                      key=lambda a: a['url'])
    sample = random.Random(seed).sample(eligible, min(count, len(eligible)))

    # Document frequency of the folded title words, over the bodies.
    wanted = {fold(w) for a in sample for w in sanitize(a['title']).split()}
    df = collections.Counter()
    for a in articles:
        seen = {w for w in WORD.findall(fold(a.get('content', ''))) if w in wanted}
        df.update(seen)
    df_limit = max_df * len(articles)

    title_q, keyword_q, variant_q = [], [], []
    for a in sample:
        # Every choice for an article comes from its own generator, so an
        # article's queries do not change when --queries changes.
        rng = random.Random(f'{seed}:{a["url"]}')
        relevant = sorted(by_content[content_key(a.get('content', ''))])
        query = sanitize(a['title'])
        title_q.append({'query': query, 'relevant': relevant})
        words = query.split()
        candidates = [i for i, w in enumerate(words)
                      if len(fold(w)) >= 3 and fold(w) not in STOPWORDS and not fold(w).isdigit()
                      and df[fold(w)] <= df_limit]
        if len(candidates) >= 2:
            k = min(len(candidates), rng.choice((2, 3)))
            keyword_q.append({'query': ' '.join(words[i] for i in sorted(rng.sample(candidates, k))),
                              'relevant': relevant})
        text, kinds = make_variant(query, rng)
        variant_q.append({'query': text, 'relevant': relevant, 'kinds': kinds, 'clean_index': len(title_q) - 1})
    return {'title': title_q, 'keywords': keyword_q, 'variants': variant_q}, len(eligible)


# ---------------------------------------------------------------------------
# Configurations.

class Config:
    def __init__(self, name, engine, stemmer, match_all=False, search_args=()):
        self.name, self.engine, self.stemmer, self.match_all = name, engine, stemmer, match_all
        self.search_args = list(search_args)  # more fahras-search options
        self.index = f'{engine}-{stemmer}'  # configurations that share a database


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
]


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


def search(cfg, build, db, queries, limit, out_path):
    """Ranked ids per query index."""
    start = time.monotonic()
    with open(out_path + '.queries', 'w', encoding='utf-8') as f:
        f.writelines(q['query'] + '\n' for q in queries)
    ranked = [[] for _ in queries]
    if cfg.engine == 'xapian':
        with open(out_path + '.queries', 'rb') as f, open(out_path, 'wb') as out:
            run([os.path.join(build, 'fahras-eval-baseline'), 'search', db, cfg.stemmer,
                 'and' if cfg.match_all else 'or', str(limit)], stdin=f, stdout=out)
        with open(out_path, encoding='utf-8') as f:
            for line in f:
                index, _, doc_id = line.rstrip('\n').split('\t', 2)
                ranked[int(index)].append(doc_id)
    else:
        cmd = [os.path.join(build, 'fahras-eval-search'), '--queries', out_path + '.queries', '--db', db,
               '--limit', str(limit), '--snippet-length', '0'] + (['--all'] if cfg.match_all else []) + cfg.search_args
        with open(out_path, 'wb') as out:
            run(cmd, stdout=out)
        with open(out_path, encoding='utf-8') as f:
            for line in f:
                record = json.loads(line)
                if record.get('type') == 'hit':
                    ranked[record['query_index']].append(record['id'])
    return ranked, time.monotonic() - start


def first_relevant_rank(ids, relevant):
    relevant = set(relevant)
    for rank, doc_id in enumerate(ids, 1):
        if doc_id in relevant:
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
                              '--limit', str(limit), '--snippet-length', '0', q['query']]
                             + (['--all'] if cfg.match_all else []) + cfg.search_args,
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


def source_revision(here):
    try:
        return subprocess.run(['git', '-C', here, 'describe', '--always', '--dirty'], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return 'unknown revision'


def main():
    here = os.path.dirname(os.path.abspath(__file__))
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
                   help='also run the first N title queries through fahras-search itself and compare')
    p.add_argument('--markdown', help='also write the tables to this file')
    p.add_argument('--source-rev', help='what to call the sources measured (default: git describe)')
    args = p.parse_args()
    build = args.build or os.path.join(args.work, 'build')
    default_name = mark_default(CONFIGS, build)
    if args.list:
        for i, c in enumerate(CONFIGS):
            print(i, c.name)
        return 0
    configs = CONFIGS if args.configs == 'all' else [CONFIGS[int(i)] for i in args.configs.split(',')]

    t0 = time.monotonic()
    articles = read_archive(args.corpus)
    jsonl, tsv = write_title_less(articles, args.work)
    sets, eligible = build_queries(articles, args.seed, args.queries, args.max_df, args.min_content)
    os.makedirs(os.path.join(args.work, 'queries'), exist_ok=True)
    for name, queries in sets.items():
        with open(os.path.join(args.work, 'queries', name + '.jsonl'), 'w', encoding='utf-8') as f:
            f.writelines(json.dumps(q, ensure_ascii=False) + '\n' for q in queries)
    print(f'{len(articles)} articles, {eligible} eligible known items; queries: '
          + ', '.join(f'{k} {len(v)}' for k, v in sets.items()) + f' (seed {args.seed}, {time.monotonic() - t0:.0f} s)',
          file=sys.stderr)

    near = NearCopies(articles)
    results, built = [], {}
    for cfg in configs:
        db = os.path.join(args.work, 'db', cfg.index)
        index_time = '(same)'
        if cfg.index not in built:
            built[cfg.index] = True
            if args.reuse and os.path.isdir(db):
                index_time = 'reused'
            else:
                seconds = build_index(cfg, build, jsonl, tsv, db)
                index_time = f'{seconds:.0f}'
                print(f'indexed {cfg.index} in {seconds:.0f} s', file=sys.stderr)
        result = {'name': cfg.name, 'index_seconds': index_time, 'scores': {}, 'ranks': {}, 'search_seconds': {}}
        os.makedirs(os.path.join(args.work, 'runs'), exist_ok=True)
        slug = re.sub(r'[^a-z0-9]+', '-', cfg.name.lower()).strip('-')
        # The three sets are independent searches: --jobs runs them side by side.
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            runs = {set_name: pool.submit(search, cfg, build, db, queries, args.limit,
                                          os.path.join(args.work, 'runs', f'{slug}.{set_name}.out'))
                    for set_name, queries in sets.items()}
        for set_name, queries in sets.items():
            ranked, seconds = runs[set_name].result()
            ranks = [first_relevant_rank(ids, q['relevant']) for ids, q in zip(ranked, queries)]
            result['ranks'][set_name] = ranks
            result['scores'][set_name] = score(ranks)
            if set_name == 'title':
                result['scores']['title_lenient'] = score(
                    [near.lenient_rank(ids[:10], q['relevant']) for ids, q in zip(ranked, queries)])
                if cfg.name == default_name:
                    result['title_loss'] = title_loss(ranked, queries, near, args.limit)
            result['search_seconds'][set_name] = seconds
            if set_name == 'title' and args.check_cli and cfg.engine == 'fahras':
                same, n = check_cli(cfg, build, db, queries, ranked, args.limit, args.check_cli)
                result['cli_check'] = f'{same}/{n}'
                print(f'{cfg.name}: fahras-search itself returned the same ranked ids for {same} of {n} queries',
                      file=sys.stderr)
        s = result['scores']
        print(f"{cfg.name}: title {s['title']['mrr10']:.3f}, keywords {s['keywords']['mrr10']:.3f}, "
              f"variants {s['variants']['mrr10']:.3f} (MRR@10)", file=sys.stderr)
        results.append(result)

    cpu = ''
    try:
        with open('/proc/cpuinfo') as f:
            cpu = next((line.split(':', 1)[1].strip() for line in f if line.startswith('model name')), '')
    except OSError:
        pass
    meta = (f"Sources: {args.source_rev or source_revision(here)}. {len(articles)} articles; {len(sets['title'])} title, {len(sets['keywords'])} keyword and "
            f"{len(sets['variants'])} variant queries; seed {args.seed}; top {args.limit}; "
            f"{datetime.date.today().isoformat()}, {platform.node()}, {os.cpu_count()} CPUs ({cpu}), "
            f"{platform.platform()}.")
    if any('cli_check' in r for r in results):
        meta += ' fahras-search itself vs the batch runner, first title queries: ' + ', '.join(
            f"{r['name']} {r['cli_check']}" for r in results if 'cli_check' in r) + ' identical.'
    table = markdown_tables(results, sets, meta, default_name)
    print(table)
    if args.markdown:
        with open(args.markdown, 'w', encoding='utf-8') as f:
            f.write(table + '\n')
    with open(os.path.join(args.work, 'results.json'), 'w', encoding='utf-8') as f:
        json.dump({'meta': meta, 'results': [{k: v for k, v in r.items() if k != 'ranks'} for r in results]}, f,
                  ensure_ascii=False, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
