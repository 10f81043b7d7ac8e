"""Reading article input: every bad input gets a precise error, nothing crashes."""

from __future__ import annotations

import json

import pytest

from geo_events import InputError
from geo_events.textio import decode_article, read_article
from tests.conftest import DATA

BAD = [json.loads(line) for line in (DATA / "bad_inputs.jsonl").read_text("utf-8").splitlines()
       if line.strip()]


@pytest.mark.parametrize("case", BAD, ids=[c["id"] for c in BAD])
def test_bad_inputs_are_rejected_with_the_reason(case, tmp_path):
    path = tmp_path / ("input" + case.get("suffix", ".txt"))
    path.write_bytes(bytes.fromhex(case["bytes_hex"]))
    with pytest.raises(InputError, match=case["error"]):
        read_article(path)


def test_invalid_utf8_is_replaced_and_reported(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Forces entered Hīt near the Euphrates.".encode("utf-8") + b"\xff\xfe caf\xe9")
    art = read_article(path)
    assert "\ufffd" in art.text and art.text.startswith("Forces entered Hīt")
    assert art.warnings and "invalid UTF-8" in art.warnings[0]


def test_size_limit_is_named(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Baghdad. " * 200_000)  # 1.8 MB
    with pytest.raises(InputError, match="1,000,000-byte input limit"):
        read_article(path, max_bytes=1_000_000)


def test_html_main_text_is_extracted_and_title_kept(tmp_path):
    page = ("<html><head><title>Heet &amp; Anbar</title><script>var x='Mosul';</script></head>"
            "<body><nav>Home | World</nav><article><p>Iraqi forces pushed into Heet on "
            "Saturday, the army said, after weeks of fighting west of Ramadi in Anbar "
            "province.</p><p>Officials said thousands of families had left the town.</p>"
            "</article></body></html>")
    path = tmp_path / "a.html"
    path.write_text(page, encoding="utf-8")
    art = read_article(path)
    assert "pushed into Heet" in art.text and "<p>" not in art.text
    assert "var x" not in art.text
    assert art.title == "Heet & Anbar"


@pytest.mark.parametrize("name", ["missing.txt", "."], ids=["missing", "folder"])
def test_unreadable_paths(name, tmp_path):
    with pytest.raises(InputError):
        read_article(tmp_path / name if name != "." else tmp_path)


def test_crlf_and_bom_are_normalised():
    art = decode_article("\ufeffHeet\r\nBaghdad\rMosul".encode("utf-8"))
    assert art.text == "Heet\nBaghdad\nMosul"
