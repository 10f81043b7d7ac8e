"""Reading batch corpora: folders, JSONL and CSV, with a precise reject for every bad record."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from geo_events.exceptions import InputError
from geo_events.inputs import Record, Reject, count_records, iter_records, safe_name

GOOD = "Fighting was reported near Ramadi and Fallujah on Tuesday, officials said."

# (case id, file name, raw bytes, expected reason fragment or None for a record)
FOLDER_CASES = [
    ("plain-text", "a.txt", GOOD.encode(), None),
    ("html", "b.html", f"<html><head><title>T1</title></head><body><p>{GOOD}</p></body></html>"
     .encode(), None),
    ("empty", "c.txt", b"", "empty input"),
    ("whitespace-only", "d.txt", b" \n\t\n", "empty input"),
    ("binary", "e.txt", bytes(range(256)) * 4, "binary"),
    ("too-big", "f.txt", b"x" * 2001, "2,000-byte input limit"),
    ("ignored-suffix", "g.pdf", b"%PDF-1.4", "not read"),
]


@pytest.fixture
def folder(tmp_path):
    for _, name, data, _ in FOLDER_CASES:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "z.txt").write_bytes(b"Caf\xe9 in Mosul reopened, residents said.")
    return tmp_path


def test_folder_records_and_rejects_in_order(folder):
    items = list(iter_records(folder, max_bytes=2000))
    by_source = {i.source: i for i in items}
    assert [i.index for i in items] == list(range(len(items)))
    assert [i.source for i in items] == sorted(i.source for i in items)
    for case, name, _, reason in FOLDER_CASES:
        if reason == "not read":
            assert name not in by_source, case
        elif reason is None:
            assert isinstance(by_source[name], Record), case
            assert "Ramadi" in by_source[name].text, case
        else:
            assert isinstance(by_source[name], Reject), case
            assert reason in by_source[name].reason and name in by_source[name].reason, case
    html = by_source["b.html"]
    assert html.title == "T1" and "<p>" not in html.text
    latin1 = by_source["sub/z.txt"]
    assert isinstance(latin1, Record) and "\ufffd" in latin1.text
    assert any("invalid UTF-8" in w for w in latin1.warnings)


def test_huge_file_is_rejected_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # 100 MB sparse file: cheap to make, costly to read
        fh.truncate(100_000_000)
    tracemalloc.start()
    items = list(iter_records(tmp_path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(items) == 1 and isinstance(items[0], Reject)
    assert "100,000,000 bytes" in items[0].reason and "20,000,000-byte" in items[0].reason
    assert peak < 5_000_000


JSONL_LINES = [
    # (case id, line, expected reason fragment or None)
    ("text", json.dumps({"id": "n1", "text": GOOD, "published": "2016-04-10",
                         "url": "https://example.org/1", "title": "One"}), None),
    ("html", json.dumps({"html": f"<p>{GOOD}</p>"}), None),
    ("broken-json", '{"id": "n3", "text": "unterminated', "not valid JSON"),
    ("not-object", json.dumps([GOOD]), "expected a JSON object"),
    ("no-text", json.dumps({"id": "n5", "body": GOOD}), "no 'text' or 'html' field"),
    ("text-not-string", json.dumps({"text": 42}), "must be a string"),
    ("bad-date", json.dumps({"text": GOOD, "published": "10/04/2016"}), "YYYY-MM-DD"),
    ("empty-text", json.dumps({"text": "   "}), "empty input"),
    ("too-long", json.dumps({"text": "y" * 3000}), "2,000-byte input limit"),
    ("duplicate-id", json.dumps({"id": "n1", "text": GOOD}), None),
]


def test_jsonl_lines(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(line for _, line, _ in JSONL_LINES[:5]) + "\n\n"
                    + "\n".join(line for _, line, _ in JSONL_LINES[5:]) + "\n", "utf-8")
    items = list(iter_records(path, max_bytes=2000))
    assert len(items) == len(JSONL_LINES)
    for (case, _, reason), item in zip(JSONL_LINES, items):
        if reason is None:
            assert isinstance(item, Record), (case, item)
        else:
            assert isinstance(item, Reject) and reason in item.reason, (case, item)
            assert item.source.startswith("corpus.jsonl:"), case
    first = items[0]
    assert (first.id, first.published, first.url, first.title) == (
        "n1", "2016-04-10", "https://example.org/1", "One")
    assert items[1].id == "corpus-2"  # default id: file stem and line number
    assert items[-1].id == "n1#2"  # duplicate ids never overwrite each other's report
    assert items[7].source == "corpus.jsonl:9"  # the blank line still counts as a line


def test_jsonl_invalid_utf8_is_replaced_and_said(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"text": "Talks in Erbil \xff continued."}\n')
    (item,) = iter_records(path)
    assert isinstance(item, Record) and "\ufffd" in item.text
    assert "invalid UTF-8" in item.warnings[0]


CSV_CASES = [
    # (case id, file text, text column, expected: list of record/reject reasons)
    ("text-column", f'id,text,published\na1,"{GOOD}",2016-04-10\na2,,\n', "text",
     [None, "no 'text' or 'html' field"]),
    ("other-column", f'body,title\n"{GOOD}",Headline\n', "body", [None]),
    ("ragged-row", f'id,text\nb1,"{GOOD}",extra\n', "text", ["3 fields"]),
]


@pytest.mark.parametrize("case,content,column,expected", CSV_CASES,
                         ids=[c[0] for c in CSV_CASES])
def test_csv(tmp_path, case, content, column, expected):
    path = tmp_path / "t.csv"
    path.write_text(content, "utf-8")
    items = list(iter_records(path, text_column=column, max_bytes=2000))
    assert len(items) == len(expected)
    for item, reason in zip(items, expected):
        if reason is None:
            assert isinstance(item, Record) and item.text == GOOD
        else:
            assert isinstance(item, Reject) and reason in item.reason


def test_csv_field_over_limit_is_rejected(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(f'text\n"{"z" * 5000}"\n"{GOOD}"\n', "utf-8")
    items = list(iter_records(path, max_bytes=2000))
    assert isinstance(items[0], Reject) and "2,000-byte input limit" in items[0].reason
    assert any(isinstance(i, Record) and i.text == GOOD for i in items[1:])


UNUSABLE = [
    # (case id, file name, content or None for missing, message)
    ("csv-without-text-column", "t.csv", "id,body\n1,hello\n",
     "no 'text' column (columns: id, body)"),
    ("empty-csv", "t.csv", "", "empty CSV file"),
    ("unknown-format", "t.pdf", "%PDF", "give a folder of .txt/.html files"),
    ("missing", "missing.jsonl", None, "no such file or folder"),
]


@pytest.mark.parametrize("name,content,message", [c[1:] for c in UNUSABLE],
                         ids=[c[0] for c in UNUSABLE])
def test_unusable_input_raises_before_reading(tmp_path, name, content, message):
    if content is not None:
        (tmp_path / name).write_text(content)
    with pytest.raises(InputError) as err:
        iter_records(tmp_path / name)
    assert message in str(err.value)


@pytest.mark.parametrize("doc_id,expected", [
    ("plain-id_1.v2", "plain-id_1.v2"),
    ("a/b c", "a_b_c-"),
    ("../../etc/passwd", "etc_passwd-"),
    ("", "doc-"),
])
def test_safe_name(doc_id, expected):
    name = safe_name(doc_id)
    assert name.startswith(expected) and "/" not in name and not name.startswith(".")
    if expected.endswith("-"):
        assert len(name) == len(expected) + 8  # a hash keeps distinct ids apart


def test_count_records(tmp_path, folder):
    assert count_records(folder) == 7
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "a"}\n{"text": "b"}\n')
    assert count_records(path) == 2  # an estimate (blank lines count): used for the ETA
    path.write_text('{"text": "a"}\n{"text": "b"}')
    assert count_records(path) == 2
