"""`qa serve`'s JSON API through Starlette's TestClient: the CLI's report, and every way a
request can be wrong answered with a 4xx JSON error (issue 16, items 2 and 5).

Lexical mode (`no_model`) keeps these fast; tests/test_serve_browser.py runs the models.
"""

from __future__ import annotations

import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from seed_article import SEED
from starlette.routing import Route
from starlette.testclient import TestClient
from typer.testing import CliRunner

from qa.cli import app as cli_app
from qa.config import Config
from qa.document import Document, Text
from qa.pipeline import check_documents
from qa.report.json import JsonRenderer
from qa.rules import RULES
from qa.serve import check_bind, is_loopback
from qa.serve import service as service_module
from qa.serve.app import PAGE_CSP, build_app
from qa.serve.payload import MAX_BATCH_DOCUMENTS, MAX_TEXT_BYTES
from qa.serve.service import CheckService

SCHEMA = json.loads((Path(__file__).parents[1] / "qa" / "data" / "qa-report-1.schema.json").read_text())
HYP = (SEED / "kaspersky-2017.hyp.txt").read_text(encoding="utf-8")
SRC = (SEED / "kaspersky-2017.src.ru.txt").read_text(encoding="utf-8")
REF = (SEED / "kaspersky-2017.ref.txt").read_text(encoding="utf-8")
TOKEN = "t0ken-for-the-tests-only"
LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def service() -> CheckService:
    return CheckService(Config(no_model=True))


@pytest.fixture(scope="module")
def client(service: CheckService):
    with TestClient(build_app(service), base_url=LOCAL, raise_server_exceptions=False) as test_client:
        yield test_client


def post(client: TestClient, path: str, body: Any) -> Any:
    return client.post(path, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def test_check_gives_the_clis_json_report_byte_for_byte(client: TestClient) -> None:
    response = post(client, "/v1/check", {"id": "seed", "hyp": HYP, "src": SRC, "src_lang": "ru", "ref": REF})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    report = response.json()
    jsonschema.validate(report, SCHEMA)
    findings = report["documents"][0]["findings"]
    assert ("N101", "Nikifrov", "Nikiforov") in {(f["rule"], f["text"], f["suggestion"]) for f in findings}
    config = Config(no_model=True)
    document = Document(
        "seed",
        Text(HYP.replace("\r\n", "\n"), "en", encoding="utf-8"),
        [Text(REF, "en", encoding="utf-8")],
        Text(SRC, "ru", encoding="utf-8", lang_from="given"),
    )
    expected = JsonRenderer().render(check_documents([document], config), config)
    assert response.text == expected
    assert response.headers["server-timing"].startswith("check;dur=")


def test_other_formats_and_an_unknown_one(client: TestClient) -> None:
    body = {"hyp": "Minister Nikolai Nikifrov spoke.", "ref": "Minister Nikolai Nikiforov spoke."}
    sarif = post(client, "/v1/check?format=sarif", body)
    assert sarif.status_code == 200 and sarif.headers["content-type"] == "application/sarif+json"
    assert sarif.json()["runs"][0]["results"][0]["ruleId"] == "N101"
    html = post(client, "/v1/check?format=html", body)
    assert html.status_code == 200 and "Nikifrov" in html.text
    wrong = post(client, "/v1/check?format=pdf", body)
    assert wrong.status_code == 400 and "format 'pdf'" in wrong.json()["error"]["message"]


def test_batch_checks_every_document_in_order_with_cross_document_checks(client: TestClient) -> None:
    documents = [
        {
            "id": "a",
            "hyp": "Minister Nikolai Nikiforov spoke on Monday.",
            "ref": "Minister Nikolai Nikiforov spoke.",
        },
        {
            "id": "b",
            "hyp": "Minister Nikolai Nikifrov spoke on Tuesday.",
            "ref": "Minister Nikolai Nikiforov spoke.",
        },
    ]
    response = post(client, "/v1/batch", {"documents": documents, "options": {"fail_on": "never"}})
    assert response.status_code == 200
    report = response.json()
    jsonschema.validate(report, SCHEMA)
    assert [d["id"] for d in report["documents"]] == ["a", "b"]
    assert report["summary"]["documents"] == 2 and report["summary"]["failed"] == 0
    assert "N101" in {f["rule"] for f in report["documents"][1]["findings"]}
    unnamed = post(client, "/v1/batch", {"documents": [{"hyp": "One text."}, {"hyp": "Another text."}]})
    assert [d["id"] for d in unnamed.json()["documents"]] == ["document-1", "document-2"]


def test_rules_health_and_the_served_schemas(client: TestClient) -> None:
    rules = client.get("/v1/rules").json()["rules"]
    assert [r["code"] for r in rules] == list(RULES)
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert client.get("/schemas/qa-report-1.json").json() == SCHEMA
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    app = client.app.app  # the Starlette app behind the Guard
    served = {route.path for route in app.routes if isinstance(route, Route)}
    assert served == set(spec["paths"])


MALFORMED: list[tuple[bytes, int, str]] = [
    (b"{", 400, "invalid JSON"),
    (b"\xff\xfe{}", 400, "not valid UTF-8"),
    (b"[]", 400, "expected a JSON object"),
    (b"{}", 400, "hyp: missing"),
    (b'{"hyp": 3}', 400, "hyp: expected a string"),
    (b'{"hyp": "   "}', 400, "hyp: empty text"),
    (b'{"hyp": "a\\u0000b"}', 400, "hyp: not text"),
    (b'{"hyp": "\\ud800 x"}', 400, "surrogate"),
    (b'{"hyp": "x", "hyp_path": "/etc/passwd"}', 400, "reads no files"),
    (b'{"hyp": "x", "ref_path": "../../etc/passwd"}', 400, "reads no files"),
    (b'{"hyp": "x", "extra": 1}', 400, "extra: unknown key"),
    (b'{"hyp": "x", "id": "a\\nb"}', 400, "id: expected a one-line string"),
    (b'{"hyp": "x", "ref": [1]}', 400, "ref[0]: expected a string"),
    (b'{"hyp": "x", "src": "hello there"}', 400, "cannot tell its language"),
    (b'{"hyp": "x", "src": "\\u043f\\u0440\\u0438\\u0432\\u0435\\u0442", "src_lang": "zh"}', 400, "Cyrillic"),
    (b'{"hyp": "x", "src": "x", "src_lang": "fr"}', 400, "src_lang: expected"),
    (b'{"hyp": "x", "options": {"glossary": "/etc/passwd"}}', 400, "unknown key 'glossary'"),
    (b'{"hyp": "x", "options": {"baseline": "b.json"}}', 400, "unknown key 'baseline'"),
    (b'{"hyp": "x", "options": {"fail_on": "sometimes"}}', 400, "fail-on"),
    (b'{"hyp": "x", "options": {"select": "N1O1"}}', 400, "unknown rule code"),
    (b'{"hyp": "x", "options": {"min_scores": {"chrf": NaN}}}', 400, "NaN is not a JSON number"),
    (b'{"hyp": "x", "options": []}', 400, "options: expected a JSON object"),
    (b"[" * 100_000 + b"]" * 100_000, 400, "invalid JSON"),
]


@pytest.mark.parametrize(("body", "status", "message"), MALFORMED)
def test_a_malformed_check_request_gets_a_4xx_json_error(
    client: TestClient, body: bytes, status: int, message: str
) -> None:
    response = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["status"] == status and message in error["message"]
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"documents": []}, "non-empty array"),
        ({"documents": [{"id": "a", "hyp": "x"}, {"id": "a", "hyp": "y"}]}, "duplicate id 'a'"),
        ({"documents": [{"hyp": "x", "options": {}}]}, "options apply to the whole batch"),
        ({"documents": [{"hyp": "x"}], "manifest": "m.jsonl"}, "manifest: unknown key"),
        ({"documents": [{"hyp_path": "a.txt"}]}, "documents[0].hyp_path"),
    ],
)
def test_a_malformed_batch_request_gets_a_400(client: TestClient, body: Any, message: str) -> None:
    response = post(client, "/v1/batch", body)
    assert response.status_code == 400 and message in response.json()["error"]["message"]


def test_size_limits_give_413(client: TestClient) -> None:
    big = "word " * (MAX_TEXT_BYTES // 5 + 1)
    response = post(client, "/v1/check", {"hyp": big})
    assert response.status_code == 413 and "input limit" in response.json()["error"]["message"]
    many = {"documents": [{"hyp": "x"}] * (MAX_BATCH_DOCUMENTS + 1)}
    assert post(client, "/v1/batch", many).status_code == 413
    huge = b'{"hyp": "' + b"x" * 5_000_000 + b'"}'
    response = client.post("/v1/check", content=huge, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "request body larger than" in response.json()["error"]["message"]

    def chunks():  # no Content-Length: the limit is enforced on what arrives
        for _ in range(50):
            yield b"x" * 100_000

    streamed = client.post("/v1/check", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_wrong_method_path_media_type_and_static_names(client: TestClient) -> None:
    assert client.get("/v1/check").status_code == 405
    assert client.get("/v1/nothing").json()["error"]["status"] == 404
    form = client.post(
        "/v1/check", content=b"hyp=x", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert form.status_code == 415  # a cross-site HTML form cannot post a check
    for name in ("..%2fapp.py", "app.py", "%2e%2e/%2e%2e/pyproject.toml", "index.html"):
        assert client.get(f"/static/{name}").status_code == 404
    assert client.get("/static/page.js").headers["content-type"].startswith("text/javascript")


def test_page_and_every_response_carry_the_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert "script-src 'self'" in PAGE_CSP and "unsafe-inline" not in PAGE_CSP
    for response in (page, client.get("/healthz"), client.get("/nowhere")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    api = client.get("/healthz").headers["content-security-policy"]
    assert api.startswith("default-src 'none'") and "sandbox" in api


def test_text_is_escaped_in_the_page_bundle(client: TestClient) -> None:
    hyp = 'Minister Nikolai Nikifrov said "<script>alert(1)</script>" & <img src=x onerror=alert(2)>.'
    bundle = post(client, "/ui/check", {"hyp": hyp, "ref": "Minister Nikolai Nikiforov said nothing."}).json()
    assert "<script" not in bundle["fragment"] and "<img" not in bundle["fragment"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bundle["fragment"]
    assert bundle["text"] == hyp
    fix = next(f for f in bundle["fixes"] if f["rule"] == "N101")
    assert hyp[fix["start"] : fix["end"]] == "Nikifrov" and fix["suggestion"] == "Nikiforov"
    assert f'id="note-{fix["key"]}"' in bundle["fragment"]
    assert json.loads(bundle["downloads"]["json"]) == bundle["report"]
    assert "<script>alert(1)" not in bundle["downloads"]["html"]


def test_decode_reads_legacy_encodings_and_refuses_binary(client: TestClient) -> None:
    response = client.post("/v1/decode?lang=ru", content=SRC.encode("cp1251"))
    assert response.status_code == 200
    assert response.json() == {"text": SRC, "encoding": "cp1251"}
    assert client.post("/v1/decode", content=b"\x00\x01\x02" * 100).status_code == 400
    assert client.post("/v1/decode?lang=fr", content=b"x").status_code == 400


def test_loopback_only_without_a_token(service: CheckService) -> None:
    """A page on another site that rebinds its name to 127.0.0.1 sends its own Host: refused."""
    with TestClient(
        build_app(service), base_url="http://evil.example", raise_server_exceptions=False
    ) as other:
        response = other.get("/healthz")
        assert response.status_code == 421 and "loopback" in response.json()["error"]["message"]
    for base in ("http://localhost:8765", "http://[::1]:8765", "http://127.0.0.1:1234"):
        with TestClient(build_app(service), base_url=base) as local:
            assert local.get("/healthz").status_code == 200


def test_with_a_token_every_request_must_carry_it(service: CheckService) -> None:
    with TestClient(
        build_app(service, TOKEN), base_url="http://10.1.2.3", raise_server_exceptions=False
    ) as c:
        for path in ("/", "/healthz", "/v1/rules", "/static/page.js", "/openapi.json"):
            refused = c.get(path)
            assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        assert (
            c.get("/healthz", headers={"Authorization": "Bearer wrong-token-of-some-length"}).status_code
            == 401
        )
        assert c.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        body = json.dumps({"hyp": "A short text."}).encode()
        headers = {"Content-Type": "application/json"}
        assert c.post("/v1/check", content=body, headers=headers).status_code == 401
        headers["Authorization"] = f"Bearer {TOKEN}"
        assert c.post("/v1/check", content=body, headers=headers).status_code == 200
        # The page: /?token= once sets an HttpOnly, SameSite=Strict cookie, then plain requests pass.
        assert c.get("/?token=wrong", follow_redirects=False).status_code == 401
        entry = c.get(f"/?token={TOKEN}", follow_redirects=False)
        assert entry.status_code == 303 and entry.headers["location"] == "/"
        cookie = entry.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert c.get("/static/page.js").status_code == 200  # the cookie now rides along
        c.cookies.clear()
        assert c.get("/v1/rules").status_code == 401
        assert c.get("/v1/rules?token=" + TOKEN).status_code == 401  # a token in a URL only at the door


def test_binding_beyond_loopback_needs_a_long_enough_token() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", TOKEN)
    runner = CliRunner()
    refused = runner.invoke(cli_app, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "requires --token" in refused.output
    short = runner.invoke(cli_app, ["serve", "--token", "abc"])
    assert short.exit_code == 2 and "at least 16 characters" in short.output
    with socket.create_server(("127.0.0.1", 0)) as taken:  # found before the models load
        port = str(taken.getsockname()[1])
        busy = runner.invoke(cli_app, ["serve", "--port", port])
    assert busy.exit_code == 2 and "cannot listen" in busy.output and "Traceback" not in busy.output


def test_concurrent_requests_get_identical_reports(client: TestClient) -> None:
    body = {"id": "seed", "hyp": HYP, "src": SRC, "ref": REF}
    first = post(client, "/v1/check", body).text
    with ThreadPoolExecutor(max_workers=8) as pool:
        texts = list(pool.map(lambda _: post(client, "/v1/check", body), range(24)))
    assert {r.status_code for r in texts} == {200}
    assert {r.text for r in texts} == {first}


def test_checks_run_on_one_thread_and_requests_do_not_share_config(service: CheckService) -> None:
    threads: set[str] = set()
    original = service.check

    def spy(documents: list[Document], config: Config) -> Any:
        threads.add(threading.current_thread().name)
        return original(documents, config)

    service.check = spy  # type: ignore[method-assign]
    try:
        with TestClient(build_app(service), base_url=LOCAL) as c:
            body = {"hyp": "Minister Nikolai Nikifrov spoke.", "ref": "Minister Nikolai Nikiforov spoke."}
            ignored = post(c, "/v1/check", {**body, "options": {"ignore": "N1"}}).json()
            plain = post(c, "/v1/check", body).json()
    finally:
        del service.check
    assert len(threads) == 1 and next(iter(threads)).startswith("qa-check")
    assert "N101" not in {f["rule"] for f in ignored["documents"][0]["findings"]}
    assert "N101" in {f["rule"] for f in plain["documents"][0]["findings"]}


def test_a_bug_is_a_500_json_error_and_a_flood_a_503(
    service: CheckService, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TestClient(build_app(service), base_url=LOCAL, raise_server_exceptions=False) as c:
        monkeypatch.setattr(service, "check", lambda documents, config: 1 / 0)
        broken = post(c, "/v1/check", {"hyp": "A text."})
        assert broken.status_code == 500
        assert broken.json() == {"error": {"status": 500, "message": "internal error: ZeroDivisionError"}}
        monkeypatch.undo()
        monkeypatch.setattr(service_module, "MAX_PENDING", 0)
        busy = post(c, "/v1/check", {"hyp": "A text."})
        assert busy.status_code == 503 and busy.headers["retry-after"] == "1"


def test_a_document_over_its_time_budget_is_a_422_and_batch_neighbours_are_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The checking thread is not the main one: the budget still stops the document there."""
    from qa import pipeline

    original = pipeline.Checker.check

    def check(self: pipeline.Checker, doc: Document):  # type: ignore[no-untyped-def]
        while "HANG" in doc.hyp.content:  # a hang in Python code
            pass
        return original(self, doc)

    # The lexicons loaded before any budget runs (cold, they take seconds to build).
    pipeline.Checker(Config(no_model=True)).check(
        Document(id="warm", hyp=Text("A text about Moscow.\n", "en"))
    )
    monkeypatch.setattr(pipeline.Checker, "check", check)
    service = CheckService(Config(no_model=True, document_timeout=5))
    with TestClient(build_app(service), base_url=LOCAL, raise_server_exceptions=False) as c:
        slow = post(c, "/v1/check", {"hyp": "HANG on this text."})
        assert slow.status_code == 422
        message = slow.json()["error"]["message"]
        assert "time budget of 5 s" in message and "Traceback" not in slow.text
        batch = post(
            c, "/v1/batch", {"documents": [{"id": "a", "hyp": "HANG here."}, {"id": "b", "hyp": "Fine."}]}
        )
        assert batch.status_code == 200
        statuses = {d["id"]: d["status"] for d in batch.json()["documents"]}
        assert statuses == {"a": "error", "b": "checked"}
        assert post(c, "/v1/check", {"hyp": "The thread is free again."}).status_code == 200
    service.close()
