#!/usr/bin/env python3
"""Tests of the retrieval evaluation's own code (query_sets.py, judged.py,
eval.py's reading of the programs' output) and of the judged set's files.

    python3 bench/eval/eval_test.py            # ctest runs it (label fast)
    python3 bench/eval/eval_test.py --archive  # the judged urls against the archive

With --archive, every graded url must be an article of the archive; without
the archive (../shared) it prints why and exits 77, which ctest reports as
skipped.
"""

import math
import os
import random
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import eval as harness  # noqa: E402  (bench/eval/eval.py)
import judged  # noqa: E402
import query_sets  # noqa: E402


class NdcgTest(unittest.TestCase):
    def test_hand_worked_table(self):
        # Grades in rank order 3, 0, 2, unjudged, 1; the pool also holds a
        # 2 and a 0 that were not retrieved.
        #   DCG  = 7/log2(2) + 0 + 3/log2(4) + 0 + 1/log2(6)
        #        = 7 + 1.5 + 0.386853 = 8.886853
        #   IDCG = 7/log2(2) + 3/log2(3) + 3/log2(4) + 1/log2(5)
        #        = 7 + 1.892789 + 1.5 + 0.430677 = 10.823466
        grades = {'a': 3, 'b': 0, 'c': 2, 'e': 1, 'f': 2, 'g': 0}
        ranked = ['a', 'b', 'c', 'd', 'e']
        self.assertAlmostEqual(judged.ndcg(ranked, grades), 8.886853 / 10.823466, places=5)
        self.assertEqual(judged.unjudged(ranked, grades), ['d'])

    def test_perfect_and_empty(self):
        grades = {'a': 1, 'b': 3, 'c': 0}
        self.assertAlmostEqual(judged.ndcg(['b', 'a'], grades), 1.0)
        self.assertEqual(judged.ndcg([], grades), 0.0)
        # Nothing relevant to find: left out of the mean, not scored 0 or 1.
        self.assertIsNone(judged.ndcg(['c'], {'c': 0}))

    def test_cutoff_at_ten(self):
        grades = {'x': 3}
        ranked = [f'n{i}' for i in range(10)] + ['x']
        self.assertEqual(judged.ndcg(ranked, grades), 0.0)
        self.assertAlmostEqual(judged.ndcg(ranked[1:], grades), (7 / math.log2(11)) / 7)

    def test_summary_by_kind_and_pool(self):
        queries = [judged.JudgedQuery('q1', 'person', 'plain', 'a', []),
                   judged.JudgedQuery('q2', 'place', 'latin', 'Taif', ['الطائف']),
                   judged.JudgedQuery('q3', 'event', 'plain', 'z', [])]
        qrels = {'q1': {'d1': 3}, 'q2': {'d2': 2}, 'q3': {'d3': 0}}
        summary = judged.summarize(queries, {'q1': ['d1'], 'q2': ['d9'], 'q3': ['d3']}, qrels)
        self.assertEqual(summary['all'], (0.5, 2))
        self.assertEqual(summary['kind']['person'], (1.0, 1))
        self.assertEqual(summary['typed']['latin'], (0.0, 1))
        self.assertEqual(summary['skipped'], ['q3'])
        self.assertEqual(summary['unjudged'], 1)
        # The other spelling's results are pooled too.
        todo = judged.pool(queries, [{'Taif': ['d9'], 'الطائف': ['d2', 'd8']}], qrels)
        self.assertEqual(dict(todo), {'q2': ['d9', 'd8']})


class PastedSetTest(unittest.TestCase):
    def articles(self):
        body = 'نص المقال عن الهلال والعين وعن المدرب الذي رفض العرض المقدم له من النادي. ' * 5
        titles = ['الهلال يلتقي العين اليوم.. ومدربه يرفض', 'وزير: "لن نتراجع" عن القرار (الرسمي)',
                  'AND SO TO BED - عرض\nمسرحي', 'جدة – الطائف: طريق جديد']
        return [{'url': f'http://example.com/{i}', 'title': t, 'content': body + str(i)}
                for i, t in enumerate(titles)]

    def test_pasted_keeps_punctuation_and_title_does_not(self):
        sets, _ = query_sets.build_queries(self.articles(), seed=1, count=10, max_df=1.0, min_content=10)
        pasted = sorted(q['query'] for q in sets['pasted'])
        self.assertEqual(pasted, sorted(['الهلال يلتقي العين اليوم.. ومدربه يرفض',
                                         'وزير: "لن نتراجع" عن القرار (الرسمي)',
                                         'AND SO TO BED - عرض مسرحي', 'جدة – الطائف: طريق جديد']))
        for q in sets['title']:
            self.assertFalse(set(q['query']) & set('."():–-'), q['query'])
        self.assertIn('and so to bed عرض مسرحي', [q['query'] for q in sets['title']])

    def test_pasted_variants_keep_punctuation(self):
        sets, _ = query_sets.build_queries(self.articles(), seed=3, count=10, max_df=1.0, min_content=10)
        for q in sets['pasted_variants']:
            clean = sets['pasted'][q['clean_index']]
            self.assertEqual(q['relevant'], clean['relevant'])
            for mark in ('..', '"', '(', ':'):
                self.assertEqual(q['query'].count(mark), clean['query'].count(mark), q['query'])

    def test_older_sets_unchanged_by_the_pasted_ones(self):
        # The pasted sets draw from their own generator: the title, keyword
        # and variant queries are those of the harness before them.
        articles = self.articles()
        sets, _ = query_sets.build_queries(articles, seed=5, count=10, max_df=1.0, min_content=10)
        for q in sets['variants']:
            rng = random.Random(f"5:{q['relevant'][0]}")
            title = sets['title'][q['clean_index']]['query']
            words = title.split()
            candidates = [i for i, w in enumerate(words)
                          if len(query_sets.fold(w)) >= 3 and query_sets.fold(w) not in query_sets.STOPWORDS
                          and not query_sets.fold(w).isdigit()]
            if len(candidates) >= 2:
                rng.sample(candidates, min(len(candidates), rng.choice((2, 3))))
            self.assertEqual(query_sets.make_variant(title, rng)[0], q['query'])


class OutputReadingTest(unittest.TestCase):
    def test_baseline_errors_are_failures(self):
        done = harness.read_baseline_output(['0\t1\tu1\n', '0\t2\tu2\n', '1\terror\tUnknown range operation\n',
                                             '2\t1\tu3\n'], 3)
        self.assertEqual(done.ranked, [['u1', 'u2'], [], ['u3']])
        self.assertEqual(done.failed, {1})

    def test_fahras_errors_and_notes(self):
        lines = ['{"query_index":0,"type":"hit","id":"u1"}',
                 '{"query_index":0,"type":"summary","syntax_fallback":true}',
                 '{"query_index":1,"type":"error","exit":65}',
                 '{"query_index":2,"type":"hit","id":"u2"}',
                 '{"query_index":2,"type":"summary","syntax_fallback":false}']
        done = harness.read_fahras_output(lines, 3)
        self.assertEqual(done.ranked, [['u1'], [], ['u2']])
        self.assertEqual(done.failed, {1})
        self.assertEqual(done.fallback, {0})

    def test_collapsed_hit_finds_its_versions(self):
        # Collapsed, a hit stands for its story: the known item u3, a version
        # of the first hit, is found at rank 1; without the versions, not at all.
        lines = ['{"query_index":0,"type":"hit","id":"u1","other_versions":[{"id":"u3"},{"id":"u4"}]}',
                 '{"query_index":0,"type":"hit","id":"u2","other_versions":[]}']
        done = harness.read_fahras_output(lines, 1)
        self.assertEqual(done.ranked, [['u1', 'u2']])
        self.assertEqual(done.versions, [[{'u1', 'u3', 'u4'}, {'u2'}]])
        self.assertEqual(harness.first_story_rank(done.versions[0], ['u3']), 1)
        self.assertEqual(harness.first_story_rank(done.versions[0], ['u2']), 2)
        self.assertIsNone(harness.first_story_rank(done.versions[0], ['u5']))
        self.assertIsNone(harness.first_relevant_rank(done.ranked[0], ['u3']))

    def test_collapsed_configuration_drops_no_collapse(self):
        collapsed = [c for c in harness.CONFIGS if c.collapsed]
        self.assertEqual(len(collapsed), 1)
        self.assertNotIn('--no-collapse', harness.fahras_args(collapsed[0]))
        default = next(c for c in harness.CONFIGS if c.name == 'fahras + fahras-light')
        self.assertIn('--no-collapse', harness.fahras_args(default))


class JudgedFilesTest(unittest.TestCase):
    """The committed judged set: enough queries of each kind, every grade
    belonging to a query, every query with something to find."""

    def setUp(self):
        self.queries = judged.read_queries(os.path.join(HERE, 'judged', 'queries.tsv'))
        self.qrels = judged.read_qrels(os.path.join(HERE, 'judged', 'qrels.tsv'))

    def test_queries(self):
        self.assertGreaterEqual(len(self.queries), 40)
        for kind in judged.KINDS:
            self.assertGreaterEqual(sum(q.kind == kind for q in self.queries), 5, kind)
        for typed in ('no-hamza', 'latin', 'punctuation'):
            self.assertGreaterEqual(sum(q.typed == typed for q in self.queries), 5, typed)
        for q in self.queries:
            if q.typed == 'latin':
                self.assertTrue(q.also, f'{q.id}: a Latin query needs its Arabic spelling pooled')

    def test_grades(self):
        ids = {q.id for q in self.queries}
        self.assertTrue(set(self.qrels) <= ids, set(self.qrels) - ids)
        for q in self.queries:
            self.assertIn(q.id, self.qrels, f'{q.id} has no grades')
            self.assertTrue(any(g > 0 for g in self.qrels[q.id].values()), f'{q.id}: nothing relevant')

    def test_bad_lines_are_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'q.tsv')
            with open(path, 'w', encoding='utf-8') as f:
                f.write('q1\tanimal\tplain\tقطط\n')
            with self.assertRaisesRegex(ValueError, ':1: kind'):
                judged.read_queries(path)
            with open(path, 'w', encoding='utf-8') as f:
                f.write('q1\thttp://x\t4\n')
            with self.assertRaisesRegex(ValueError, ':1: expected'):
                judged.read_qrels(path)


def check_archive():
    """Every graded url is an article of the archive."""
    archive = os.environ.get('CORPUS', os.path.normpath(os.path.join(HERE, '../../../shared/corpora/saudinewsnet')))
    if not os.path.exists(archive):
        print(f'fahras-test-skipped: no archive at {archive} to check the judged urls against')
        return 77
    urls = {a['url'] for a in query_sets.read_archive(archive)}
    qrels = judged.read_qrels(os.path.join(HERE, 'judged', 'qrels.tsv'))
    missing = sorted((qid, url) for qid, grades in qrels.items() for url in grades if url not in urls)
    for qid, url in missing:
        print(f'{qid}: {url} is not in the archive')
    print(f'{sum(len(g) for g in qrels.values())} graded urls, {len(missing)} not in the archive')
    return 1 if missing else 0


if __name__ == '__main__':
    if sys.argv[1:] == ['--archive']:
        sys.exit(check_archive())
    unittest.main()
