"""The web service, served for real by uvicorn on 127.0.0.1 and called over HTTP.

The analyzer injected here is a small deterministic stand-in (capitalised words looked up in the
real gazetteer) so the HTTP behaviour is tested independently of the pipeline heuristics; one
test runs the real pipeline when it is installed.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from contextlib import contextmanager

import httpx
import pytest

from geo_events.service import create_app
from tests.conftest import toy_report

pytestmark = pytest.mark.slow  # starts real servers

ARTICLE = "Shelling hit Ramadi overnight, and aid convoys left Baghdad for Fallujah."


def toy_analyzer(payload: dict, gazetteer) -> dict:
    text = payload["text"]
    if "SLEEP" in text:
        time.sleep(1.0)
    if "BOOM" in text:
        raise RuntimeError("toy analyzer fails on purpose")
    return toy_report(payload, gazetteer)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(app):
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def base(gazetteer):
    app = create_app(gazetteer=gazetteer, analyzer=toy_analyzer, max_body_bytes=20_000,
                     timeout_s=30, max_concurrency=2)
    with running(app) as url:
        yield url


@pytest.fixture
def client(base):
    with httpx.Client(base_url=base, timeout=30) as c:
        yield c


def test_analyze_returns_the_report(client):
    r = client.post("/analyze", json={"text": ARTICLE, "published": "2016-04-10",
                                      "id": "a1", "title": "T"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["document"] == {"id": "a1", "title": "T", "published": "2016-04-10",
                                "chars": len(ARTICLE)}
    assert [m["text"] for m in body["places"]] == ["Ramadi", "Baghdad", "Fallujah"]


def test_analyze_html_is_reduced_to_text(client):
    r = client.post("/analyze", json={"html": f"<html><head><title>H</title></head><body>"
                                              f"<p>{ARTICLE}</p><script>x()</script></body>"
                                              f"</html>"})
    assert r.status_code == 200
    assert r.json()["document"]["title"] == "H"
    assert "Ramadi" in [m["text"] for m in r.json()["places"]]


BAD_REQUESTS = [
    # (case id, JSON body, status, detail fragment)
    ("no-body-field", {"published": "2016-04-10"}, 422, "exactly one of 'text' or 'html'"),
    ("both-fields", {"text": "a", "html": "<p>a</p>"}, 422, "exactly one"),
    ("empty-text", {"text": "   "}, 422, "empty input"),
    ("binary-text", {"text": "\x00\x01\x02" * 20}, 422, "binary"),
    ("bad-date", {"text": ARTICLE, "published": "2016-02-30"}, 422, "YYYY-MM-DD"),
    ("unknown-field", {"text": ARTICLE, "colour": "red"}, 422, "Extra inputs"),
    ("wrong-type", {"text": 5}, 422, "string"),
    ("pipeline-bug", {"text": "BOOM in Mosul"}, 500, "analysis failed (RuntimeError)"),
]


@pytest.mark.parametrize("body,status,detail", [c[1:] for c in BAD_REQUESTS],
                         ids=[c[0] for c in BAD_REQUESTS])
def test_bad_requests_get_clear_json_errors(client, body, status, detail):
    r = client.post("/analyze", json=body)
    assert r.status_code == status and r.headers["content-type"] == "application/json"
    assert detail in str(r.json()["detail"])


def test_body_limit_answers_413_before_reading_the_body(base):
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        # announce 50 MB and send none of it: the answer must come anyway
        s.sendall(b"POST /analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 50000000\r\n\r\n")
        data = b""
        while chunk := s.recv(4096):  # the server closes the connection after the answer
            data += chunk
        reply = data.decode()
    assert reply.startswith("HTTP/1.1 413")
    assert "larger than the 20,000-byte limit" in reply


def test_body_limit_also_counts_chunked_bodies(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(30):
            yield b"x" * 1000
        yield b'"}'

    r = client.post("/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "20,000-byte limit" in r.json()["detail"]


def test_timeout_and_concurrency_limits(gazetteer):
    app = create_app(gazetteer=gazetteer, analyzer=toy_analyzer, timeout_s=0.5,
                     max_concurrency=1, max_queue=1)

    async def go(url):
        async with httpx.AsyncClient(base_url=url, timeout=30) as c:
            return await asyncio.gather(*[c.post("/analyze", json={"text": f"SLEEP {i}"})
                                          for i in range(3)])

    with running(app) as url:
        replies = asyncio.run(go(url))
        time.sleep(1.0)  # the slow analysis ends; its slot is free again
        after = httpx.post(f"{url}/analyze", json={"text": ARTICLE}, timeout=30)
    # one slot, one queue place: the first request runs past the 0.5 s limit (504), the
    # second waits for a slot in vain (503), the third finds the queue full (503 at once)
    assert sorted(r.status_code for r in replies) == [503, 503, 504]
    for r in replies:
        assert r.headers["content-type"] == "application/json"
        if r.status_code == 504:
            assert "longer than the 0.5 s limit" in r.json()["detail"]
        else:
            assert r.headers["retry-after"] == "1" and "busy" in r.json()["detail"]
    assert after.status_code == 200


def test_map_returns_escaped_html(client):
    title = '<img src=x onerror="alert(1)">'
    r = client.post("/map", json={"text": ARTICLE, "title": title, "offline": True})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert title not in r.text and "Ramadi" in r.text


def test_gazetteer_search(client):
    r = client.get("/gazetteer/search", params={"q": "Heet", "country": "iq", "limit": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "Heet" and 0 < len(body["candidates"]) <= 3
    assert body["candidates"][0]["country_code"] == "IQ"
    assert client.get("/gazetteer/search", params={"q": "Heet", "country": "IRQ"}
                      ).status_code == 422
    assert client.get("/gazetteer/search", params={"q": ""}).status_code == 422


def test_healthz_docs_and_openapi(client):
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/analyze", "/map", "/gazetteer/search", "/healthz"} <= set(paths)


def test_schemathesis_finds_no_server_errors(base):
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:
        @settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call(base_url=base, timeout=30)
            case.validate_response(response, checks=[not_a_server_error])

        check()


def test_real_pipeline(gazetteer, heet_text):
    app = create_app(gazetteer=gazetteer, max_concurrency=1, timeout_s=60)
    with running(app) as url, httpx.Client(base_url=url, timeout=60) as c:
        r = c.post("/analyze", json={"text": heet_text, "published": "2016-04-10"})
    assert r.status_code == 200, r.text
    assert {"Heet", "Baghdad"} <= {m["text"] for m in r.json()["places"]}
