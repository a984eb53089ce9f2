#!/usr/bin/env python3
"""Turn bench/perf's query set into /api/search request targets.

    queries_to_urls.py QUERIES OUT

QUERIES is make_queries.py's file (KIND<TAB>ARGS, ARGS fahras-search
arguments quoted for a POSIX shell); OUT gets one request target a line, in
the same order, the parameters percent-encoded:

    WORDS [title:W] [source:S] ["PHRASE"]   q (the words as one string)
    --from D --to D                         from, to
    --place NAME                            place
    --snippet-length N                      snippet_length

Everything else keeps the server's defaults, which are fahras-search's (10
hits, snippets of 200 characters), so a target asks the server what its
line asks one fahras-search process.  An option this script does not know
stops it: the two sides would not do the same work.
"""
import shlex
import sys
import urllib.parse

PARAMS = {'--from': 'from', '--to': 'to', '--place': 'place', '--snippet-length': 'snippet_length'}


def target(args):
    words, params = [], []
    tokens = iter(shlex.split(args))
    for token in tokens:
        if token in PARAMS:
            value = next(tokens, None)
            if value is None:
                raise ValueError(token + ' without a value')
            params.append((PARAMS[token], value))
        elif token.startswith('--'):
            raise ValueError('no /api/search parameter for ' + token)
        else:
            words.append(token)
    if words:
        params.insert(0, ('q', ' '.join(words)))
    return '/api/search?' + urllib.parse.urlencode(params, quote_via=urllib.parse.quote, safe='')


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().split('\n\n')[1])
    count = 0
    with open(sys.argv[1], encoding='utf-8') as queries, open(sys.argv[2], 'w', encoding='ascii') as out:
        for number, line in enumerate(queries, 1):
            kind, _, args = line.rstrip('\n').partition('\t')
            try:
                out.write(target(args) + '\n')
            except ValueError as e:
                sys.exit('queries_to_urls.py: %s line %d (%s): %s' % (sys.argv[1], number, kind, e))
            count += 1
    print('queries_to_urls.py: %d request targets -> %s' % (count, sys.argv[2]), file=sys.stderr)


if __name__ == '__main__':
    main()
