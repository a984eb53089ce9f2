"""The judged set of the retrieval evaluation (eval.py): queries of the kinds
people type (names of people, organisations, places, events; without hamza,
in Latin letters, pasted with punctuation), articles graded 0–3 by reading
them, and nDCG@10 over those grades.  Standard library only.

judged/queries.tsv   id TAB kind TAB typed TAB query TAB also pooled
judged/qrels.tsv     id TAB article url TAB grade

"also pooled" holds other spellings of the query (separated by " | ")
whose top 10 were graded too: the Arabic name of a query typed in Latin
letters, the hamza of one typed without, so that a system that learns to
read those finds judged articles.  Grades: 0 not relevant, 1 mentions it,
2 partly about it, 3 about it.  An article no one graded counts as 0.
"""

import collections
import math
import os

KINDS = ('person', 'organisation', 'place', 'event')
TYPED = ('plain', 'no-hamza', 'latin', 'punctuation')


class JudgedQuery:
    def __init__(self, qid, kind, typed, query, also):
        self.id, self.kind, self.typed, self.query, self.also = qid, kind, typed, query, also


def tsv_rows(path):
    """(line number, tab-separated cells) of each line of @path that is
    neither empty nor a # comment."""
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if line and not line.startswith('#'):
                yield number, line.split('\t')


def read_queries(path):
    """The judged queries, checked: a bad line stops the run with its number."""
    queries, seen = [], set()
    for number, cells in tsv_rows(path):
        if len(cells) not in (4, 5):
            raise ValueError(f'{path}:{number}: expected 4 or 5 tab-separated cells, got {len(cells)}')
        qid, kind, typed, query = cells[:4]
        also = [a.strip() for a in cells[4].split('|') if a.strip()] if len(cells) == 5 else []
        if kind not in KINDS or typed not in TYPED:
            raise ValueError(f'{path}:{number}: kind must be one of {KINDS}, typed one of {TYPED}')
        if qid in seen or not query.strip():
            raise ValueError(f'{path}:{number}: duplicate id or empty query')
        seen.add(qid)
        queries.append(JudgedQuery(qid, kind, typed, query, also))
    return queries


def read_qrels(path):
    """{query id: {article url: grade}}; a missing file is no grades yet."""
    qrels = collections.defaultdict(dict)
    if not os.path.exists(path):
        return qrels
    for number, cells in tsv_rows(path):
        if len(cells) != 3 or cells[2] not in ('0', '1', '2', '3'):
            raise ValueError(f'{path}:{number}: expected "id TAB url TAB grade 0-3"')
        qrels[cells[0]][cells[1]] = int(cells[2])
    return qrels


def dcg(grades):
    """Discounted cumulative gain of grades in rank order: (2^g − 1) / log2(rank + 1)."""
    return sum((2 ** g - 1) / math.log2(rank + 1) for rank, g in enumerate(grades, 1))


def ndcg(ranked, grades, k=10):
    """nDCG@k of a ranked list of ids against {id: grade}; unjudged ids count
    as 0.  None when no article of the query is graded above 0 (nothing to
    find: the query is left out of the mean, and the report says so)."""
    ideal = dcg(sorted((g for g in grades.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return None
    return dcg([grades.get(doc_id, 0) for doc_id in ranked[:k]]) / ideal


def unjudged(ranked, grades, k=10):
    """Ids in the top k that nobody graded."""
    return [doc_id for doc_id in ranked[:k] if doc_id not in grades]


def summarize(queries, ranked_by_query, qrels, k=10):
    """Mean nDCG@k overall, by kind and by how the query was typed, the
    queries left out (no relevant article), and the unjudged articles in the
    top k.  ranked_by_query maps query id to its ranked ids."""
    per_query, skipped, missing = {}, [], 0
    for q in queries:
        ranked = ranked_by_query.get(q.id, [])
        value = ndcg(ranked, qrels.get(q.id, {}), k)
        missing += len(unjudged(ranked, qrels.get(q.id, {}), k))
        if value is None:
            skipped.append(q.id)
        else:
            per_query[q.id] = value

    def mean(ids):
        values = [per_query[i] for i in ids if i in per_query]
        return (sum(values) / len(values), len(values)) if values else (None, 0)

    return {'all': mean([q.id for q in queries]),
            'kind': {kind: mean([q.id for q in queries if q.kind == kind]) for kind in KINDS},
            'typed': {typed: mean([q.id for q in queries if q.typed == typed]) for typed in TYPED},
            'per_query': per_query, 'skipped': skipped, 'unjudged': missing}


def pool(queries, runs, qrels, k=10):
    """What is left to grade: for each query, the ids in the top k of any run
    (runs: a list of {query text: ranked ids}, over the query and its other
    spellings) not graded yet, in the order first seen."""
    todo = collections.OrderedDict()
    for q in queries:
        for text in [q.query] + q.also:
            for run in runs:
                for doc_id in run.get(text, [])[:k]:
                    if doc_id not in qrels.get(q.id, {}):
                        todo.setdefault(q.id, [])
                        if doc_id not in todo[q.id]:
                            todo[q.id].append(doc_id)
    return todo
