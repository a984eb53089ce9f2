#!/usr/bin/env python3
"""Convert a JSON Lines archive to scriptindex's input format, on stdout.

    to_scriptindex.py ARCHIVE > dump.txt

One record per article (url=, title=, content=), records separated by a
blank line, a newline inside a value continued with "=" as scriptindex
requires.  Titles and bodies go through html.unescape and strip, as
fahras-index's reader decodes HTML character references and trims, so that
scriptindex indexes the same text as fahras-bench-plain.
"""
import html
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from archive_io import field, records  # noqa: E402


def value(text):
    text = html.unescape(text).strip().replace('\r\n', '\n').replace('\r', '\n')
    return text.replace('\n', '\n=')


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().split('\n\n')[1])
    out = sys.stdout
    for record in records(sys.argv[1]):
        url = field(record, 'url')
        if not url:
            continue
        out.write('url=%s\ntitle=%s\ncontent=%s\n\n' % (value(url), value(field(record, 'title')),
                                                         value(field(record, 'body'))))


if __name__ == '__main__':
    main()
