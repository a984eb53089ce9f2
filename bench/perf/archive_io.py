"""Reading a JSON Lines news archive, shared by the benchmark's scripts.

Only what the scripts need: the files of an archive in the order
fahras-index reads them, and the first non-empty value among a field's usual
key names (a subset of what common/src/json_lines.cpp recognizes).
"""
import gzip
import json
import os

SUFFIXES = ('.jsonl', '.ndjson', '.json', '.jsonl.gz', '.ndjson.gz', '.json.gz')

KEYS = {
    'title': ('title', 'headline'),
    'body': ('body', 'content', 'text', 'article'),
    'date': ('date', 'published', 'date_extracted'),
    'source': ('source',),
    'url': ('url', 'link'),
}


def archive_files(path):
    """The archive's JSON Lines files, recursively, in name order."""
    if os.path.isfile(path):
        return [path]
    found = []
    for root, dirs, files in os.walk(path):
        dirs.sort()
        found.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(SUFFIXES))
    return sorted(found)


def open_text(path):
    return gzip.open(path, 'rt', encoding='utf-8') if path.endswith('.gz') else open(path, encoding='utf-8')


def records(path):
    """Every article of the archive as a dict; lines that are not JSON objects are skipped."""
    for name in archive_files(path):
        with open_text(name) as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    yield record


def field(record, name):
    for key in KEYS[name]:
        value = record.get(key)
        if isinstance(value, list):
            value = '\n'.join(v for v in value if isinstance(v, str))
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ''
