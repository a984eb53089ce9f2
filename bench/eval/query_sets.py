"""The known-item query sets of the retrieval evaluation (eval.py): the
archive read, its title-less copy written, articles sampled as known items
and three aligned query sets made from their headlines: the title as typed,
a few of its rarer words, the title with the spelling variants people
type or paste, and the headline pasted as printed (punctuation and all),
clean and with variants.  Standard library only.
"""

import collections
import gzip
import hashlib
import json
import os
import random
import re
import sys
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


def pasted_headline(title):
    """The headline as printed and pasted into a search box: punctuation,
    quotes, `..`, colons, brackets, dashes and capitals all kept.  Only runs
    of white space (a line break inside a headline) become one space, as a
    one-line search box makes them, and as the one-query-per-line files
    need."""
    return ' '.join(title.split())


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


def write_full(articles, work):
    """The archive as a reader searches it, titles included, for the judged
    set: JSON Lines for fahras-index (the url as the id, as in the title-less
    copy) and "url TAB title and body" for the baseline."""
    os.makedirs(os.path.join(work, 'corpus'), exist_ok=True)
    jsonl = os.path.join(work, 'corpus', 'full.jsonl')
    tsv = os.path.join(work, 'corpus', 'full.tsv')
    with open(jsonl, 'w', encoding='utf-8') as fj, open(tsv, 'w', encoding='utf-8') as ft:
        for a in articles:
            fj.write(json.dumps({'id': a['url'], 'source': a.get('source', ''), 'title': a.get('title', ''),
                                 'date': a.get('date_extracted', ''), 'author': a.get('author', ''),
                                 'content': a.get('content', '')}, ensure_ascii=False) + '\n')
            ft.write(a['url'] + '\t' + ' '.join((a.get('title', '') + '\n' + a.get('content', '')).split()) + '\n')
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

    title_q, keyword_q, variant_q, pasted_q, pasted_variant_q = [], [], [], [], []
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
        # The pasted sets draw from a generator of their own, so that the
        # three sets above stay what they were before these existed.
        pasted = pasted_headline(a['title'])
        pasted_q.append({'query': pasted, 'relevant': relevant})
        text, kinds = make_variant(pasted, random.Random(f'{seed}:{a["url"]}:pasted'))
        pasted_variant_q.append({'query': text, 'relevant': relevant, 'kinds': kinds,
                                 'clean_index': len(pasted_q) - 1})
    return {'title': title_q, 'keywords': keyword_q, 'variants': variant_q,
            'pasted': pasted_q, 'pasted_variants': pasted_variant_q}, len(eligible)
