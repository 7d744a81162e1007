"""`qa serve`'s page in headless Chromium against a real, warm server on loopback (issue 16,
item 7): paste the seed article and its source, see Nikifrov marked, accept its fix, download
the corrected translation, check it again; a `<script>` in the text stays text.

The browser is driven as tests/test_html_browser.py drives it (DevTools over a pipe); without
Chromium these tests are skipped. Set QA_SCREENSHOT=docs/serve-page.png to refresh the README's
screenshot from the first test.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from seed_article import SEED
from test_html_browser import BROWSER, DevTools, needs_browser

from qa.config import Config
from qa.serve.app import build_app
from qa.serve.service import CheckService

pytestmark = [pytest.mark.slow, needs_browser]

HYP = (SEED / "kaspersky-2017.hyp.txt").read_text(encoding="utf-8")
SRC = (SEED / "kaspersky-2017.src.ru.txt").read_text(encoding="utf-8")
WAIT = 120.0


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A warm server with the models, on a free loopback port, in a thread of this process."""
    service = CheckService(Config())
    service.warm_up()
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(build_app(service), log_level="warning", access_log=False))
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=15)
        service.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    assert BROWSER is not None
    client = DevTools(BROWSER, tmp_path / "profile")
    try:
        yield client
    finally:
        client.close()


def wait_until(browser: DevTools, expression: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    raise TimeoutError(expression)


def paste(browser: DevTools, element: str, text: str) -> None:
    """Focus a field and insert text as a paste does (an input event, no key presses)."""
    browser.evaluate(f"document.getElementById({json.dumps(element)}).focus()")
    browser.call("Input.insertText", {"text": text})


def check_and_wait(browser: DevTools, count: int, button: str = "check") -> None:
    browser.evaluate(f"document.getElementById({json.dumps(button)}).click()")
    wait_until(browser, f"document.documentElement.dataset.checks === '{count}'")
    assert browser.evaluate("document.getElementById('status').classList.contains('problem')") is False


MARKS = """Array.from(document.querySelectorAll('#report mark[data-f]'))
    .map((m) => [m.dataset.f, m.dataset.rule, m.textContent])"""


def api_findings(base: str, hyp: str) -> list[dict[str, Any]]:
    body = json.dumps({"id": "recheck", "hyp": hyp, "src": SRC, "src_lang": "ru"}).encode()
    request = urllib.request.Request(f"{base}/v1/check", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        findings: list[dict[str, Any]] = json.load(response)["documents"][0]["findings"]
    return findings


def test_paste_see_nikifrov_accept_its_fix_download_and_recheck(
    server: str, browser: DevTools, tmp_path: Path
) -> None:
    browser.open(server + "/", height=1400)
    assert browser.evaluate("document.documentElement.dataset.ready") == "1"  # page.js ran under the CSP
    paste(browser, "hyp", HYP)
    paste(browser, "src", SRC)
    browser.evaluate("document.getElementById('src-lang').value = 'ru'")
    check_and_wait(browser, 1)

    marks = browser.evaluate(MARKS)
    nikifrov = [key for key, rule, text in marks if rule == "N101" and text == "Nikifrov"]
    assert len(nikifrov) == 1, marks
    key = nikifrov[0]
    note = f"document.getElementById('note-{key}')"
    assert "Nikiforov" in browser.evaluate(f"{note}.textContent")
    browser.evaluate(f"{note}.querySelector('button[data-act=accept]').click()")
    assert browser.evaluate(f"{note}.classList.contains('accepted')") is True
    assert browser.evaluate("document.getElementById('accepted-count').textContent") == "1"

    if os.environ.get("QA_SCREENSHOT"):
        browser.evaluate("window.scrollTo(0, 0)")
        shot = browser.call(
            "Page.captureScreenshot",
            {"format": "png", "clip": {"x": 0, "y": 0, "width": 1280, "height": 1400, "scale": 0.7}},
        )
        Path(os.environ["QA_SCREENSHOT"]).write_bytes(base64.b64decode(shot["data"]))

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.call(
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True},
        session=False,
    )
    browser.evaluate("document.getElementById('download-text').click()")
    deadline = time.monotonic() + WAIT
    while not any(
        e["method"] == "Browser.downloadProgress" and e["params"].get("state") == "completed"
        for e in browser.events
    ):
        browser.wait_for("Browser.downloadProgress", timeout=max(0.1, deadline - time.monotonic()))
        browser.events = [
            e
            for e in browser.events
            if e["method"] != "Browser.downloadProgress" or e["params"]["state"] == "completed"
        ]
    corrected = (downloads / "article.corrected.txt").read_text(encoding="utf-8")
    assert "Nikifrov" not in corrected
    assert corrected == HYP.replace("\r\n", "\n").replace("Nikifrov", "Nikiforov", 1)

    # Checked again by the API: no N101 on the name any more.
    assert not [f for f in api_findings(server, corrected) if f["rule"] == "N101" and "Nikif" in f["text"]]
    # And by the page itself.
    check_and_wait(browser, 2, button="recheck")
    assert not [m for m in browser.evaluate(MARKS) if "Nikif" in m[2]]
    assert browser.evaluate("document.getElementById('hyp').value") == corrected
    assert browser.problems() == []


def test_a_script_in_the_text_stays_text(server: str, browser: DevTools) -> None:
    browser.open(server + "/")
    hyp = 'Minister Nikolai Nikifrov said "<script>alert(1)</script>" and <img src=x onerror=alert(2)>.'
    paste(browser, "hyp", hyp)
    paste(browser, "ref", "Minister Nikolai Nikiforov said nothing of the kind.")
    check_and_wait(browser, 1)
    assert browser.evaluate("document.scripts.length") == 1  # page.js only
    assert browser.evaluate("document.querySelectorAll('#report img').length") == 0
    shown = browser.evaluate("document.getElementById('report').textContent")
    assert "<script>alert(1)</script>" in shown and "<img src=x onerror=alert(2)>" in shown
    browser.evaluate("document.getElementById('accept-all').click()")
    assert browser.evaluate("document.getElementById('corrected').value") == hyp.replace(
        "Nikifrov", "Nikiforov"
    )
    assert browser.problems() == []  # no alert, no CSP violation, no console error


def test_a_refused_request_is_shown_not_thrown(server: str, browser: DevTools) -> None:
    browser.open(server + "/")
    paste(browser, "hyp", "A short text.")
    paste(browser, "src", "no Cyrillic here")
    browser.evaluate("document.getElementById('check').click()")
    message = wait_until(
        browser,
        "document.getElementById('status').classList.contains('problem') && "
        "document.getElementById('status').textContent",
    )
    assert "cannot tell its language" in message
    # Chromium logs the 400 itself; nothing else (no exception, no dialog) may happen.
    assert browser.problems() == [
        "log: Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]


def test_a_chosen_file_in_a_legacy_encoding_is_decoded_by_the_server(
    server: str, browser: DevTools, tmp_path: Path
) -> None:
    """A source file in cp1251 (not UTF-8): the page sends its bytes to /v1/decode and shows
    the text as `qa check` would read the file."""
    source = tmp_path / "article.src.ru.txt"
    source.write_bytes(SRC.encode("cp1251"))
    browser.open(server + "/")
    browser.evaluate("document.getElementById('src-lang').value = 'ru'")
    root = browser.call("DOM.getDocument")["root"]["nodeId"]
    node = browser.call("DOM.querySelector", {"nodeId": root, "selector": 'input.file[data-for="src"]'})[
        "nodeId"
    ]
    browser.call("DOM.setFileInputFiles", {"files": [str(source)], "nodeId": node})
    shown = wait_until(browser, "document.getElementById('src').value")
    assert shown == SRC
    assert "cp1251" in browser.evaluate("document.getElementById('status').textContent")
    assert browser.problems() == []
