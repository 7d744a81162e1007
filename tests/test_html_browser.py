"""The HTML report in real headless Chromium: loads cleanly, highlights where the spans say.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: commands
in on fd 3, replies and events out on fd 4, each a NUL-terminated JSON message), so the test
needs no network port, no WebDriver and no extra Python package. Debian's `chromium` package
provides the browser; without it the test is skipped.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import HYP, REF, SEED_FINDINGS, SRC, checked_result, clean_result, config, errored_result

from qa.document import Report
from qa.report.html import HtmlRenderer

pytestmark = pytest.mark.slow

BROWSER = os.environ.get("QA_CHROMIUM") or next(
    (path for name in ("chromium", "chromium-browser", "google-chrome") if (path := shutil.which(name))), None
)
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="headless Chromium not found (Debian: apt-get install -y chromium)"
)
TIMEOUT = 60.0


class DevTools:
    """A minimal Chrome DevTools Protocol client over --remote-debugging-pipe."""

    def __init__(self, browser: str, profile: Path) -> None:
        to_chrome_read, to_chrome_write = os.pipe()
        from_chrome_read, from_chrome_write = os.pipe()
        # Move Chromium's ends above fd 10 so that dup2 onto 3 and 4 cannot clobber one another.
        child_in = fcntl.fcntl(to_chrome_read, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_chrome_write, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_chrome_read)
        os.close(from_chrome_write)

        def wire_pipe() -> None:  # in the child, before exec: fd 3 = commands, fd 4 = replies
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        args = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            "about:blank",
        ]
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire_pipe,
        )
        os.close(child_in)
        os.close(child_out)
        self.write_fd, self.read_fd = to_chrome_write, from_chrome_read
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the browser may already be gone
            self.call("Browser.close", session=False, timeout=10)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.write_fd)
        os.close(self.read_fd)

    def _send(self, message: dict[str, Any]) -> None:
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.read_fd], [], [], left)[0]:
                raise TimeoutError("no message from Chromium")
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                raise ConnectionError("Chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message = json.loads(raw)
        if message.get("method") == "Page.javascriptDialogOpening":
            # Record the dialog (an alert ran) and dismiss it so the page does not hang.
            self._send(
                {
                    "id": -1,
                    "method": "Page.handleJavaScriptDialog",
                    "params": {"accept": True},
                    "sessionId": message.get("sessionId"),
                }
            )
        return message

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: bool = True,
        timeout: float = TIMEOUT,
    ) -> Any:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, event: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for seen in self.events:
            if seen["method"] == event:
                return seen
        while True:
            message = self._receive(deadline)
            if "method" in message:
                self.events.append(message)
                if message["method"] == event:
                    return message

    def open(self, url: str, width: int = 1280, height: int = 2000) -> None:
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.call(
            "Target.attachToTarget", {"targetId": target, "flatten": True}, session=False
        )["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.call(domain)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, error log entries (CSP, failed loads) and dialogs."""
        self.evaluate("1")  # let pending events arrive
        found = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                found.append(f"log: {params['entry'].get('text')}")
            elif method == "Page.javascriptDialogOpening":
                found.append(f"dialog: {params.get('type')} {params.get('message')}")
        return found


@pytest.fixture
def browser(tmp_path: Path):
    assert BROWSER is not None
    client = DevTools(BROWSER, tmp_path / "profile")
    try:
        yield client
    finally:
        client.close()


MARKS_JS = """
(() => {
  const out = {};
  document.querySelectorAll("article.document").forEach((article) => {
    let offset = 0;
    const body = article.querySelector("table.aligned tbody");
    if (!body) return;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const cell = node.parentElement.closest("td");
      if (!cell || !cell.classList.contains("hyp")) continue;
      const enclosing = (element) => element.closest("mark[data-f]");
      for (let m = enclosing(node.parentElement); m; m = enclosing(m.parentElement)) {
        const entry = out[m.dataset.f] || (out[m.dataset.f] = {start: offset, text: "", pieces: 0});
        entry.text += node.data;
      }
      offset += node.data.length;
    }
    article.querySelectorAll("mark[data-f]").forEach((m) => {
      const entry = out[m.dataset.f] || (out[m.dataset.f] = {start: offset, text: "", pieces: 0});
      entry.pieces += 1;
      const box = m.getBoundingClientRect();
      entry.visible = (entry.visible || false) || (box.width > 0 && box.height > 0);
    });
  });
  return out;
})()
"""


def utf16_offset(text: str, code_points: int) -> int:
    return len(text[:code_points].encode("utf-16-le")) // 2


def browser_report() -> Report:
    hyp = "🗞️ " + HYP  # astral character first: JavaScript counts it as two units
    article = checked_result(
        "article", hyp, [REF], SEED_FINDINGS, src_content=SRC, hyp_path="corpora/demo/a.hyp.txt"
    )
    return Report([article, clean_result(), errored_result()], "0.1.0")


@needs_browser
def test_report_loads_without_errors_and_marks_are_where_the_spans_say(
    browser: DevTools, tmp_path: Path
) -> None:
    report = browser_report()
    page = tmp_path / "report.html"
    page.write_text(HtmlRenderer().render(report, config()), encoding="utf-8")
    browser.open(page.as_uri())
    assert browser.evaluate("document.documentElement.dataset.ready") == "1"  # our script ran under the CSP

    marks = browser.evaluate(MARKS_JS)
    article = report.documents[0]
    assert article.document is not None
    content = article.document.hyp.content
    findings = sorted(article.findings, key=lambda f: f.sort_key())
    expected = {}
    for k, finding in enumerate(findings):
        assert finding.span is not None
        expected[f"0-{k}"] = (
            utf16_offset(content, finding.span.start),
            content[finding.span.start : finding.span.end],
        )
    assert {key: (m["start"], m["text"]) for key, m in marks.items()} == expected
    assert all(m["visible"] for m in marks.values())
    assert (
        browser.evaluate("document.querySelectorAll('mark[data-f]').length") == len(findings) + 1
    )  # advert: 2 rows
    # The <script> in the news text is text, shown as such, not an element.
    assert browser.evaluate("document.scripts.length") == 1
    assert "<script>alert(1)</script>" in browser.evaluate("document.body.textContent")

    # Filters: unticking a rule turns its marks off and hides its notes; ticking restores them.
    toggle = """(() => { const box = document.querySelector('input[data-filter="rule"][value="N101"]');
        box.checked = !box.checked; box.dispatchEvent(new Event("change")); })()"""
    browser.evaluate(toggle)
    off = browser.evaluate("Array.from(document.querySelectorAll('mark.off')).map(m => m.dataset.rule)")
    assert off == ["N101", "N101"]
    assert browser.evaluate("getComputedStyle(document.getElementById('note-0-0')).display") == "none"
    browser.evaluate(toggle)
    assert browser.evaluate("document.querySelectorAll('.off').length") == 0

    shot = browser.call("Page.captureScreenshot", {"format": "png"})
    png = base64.b64decode(shot["data"])
    (tmp_path / "page.png").write_bytes(png)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1280, 2000)
    assert len(png) > 20_000  # a rendered page, not a blank image

    assert browser.problems() == []


@needs_browser
def test_the_harness_does_catch_alerts_and_console_errors(browser: DevTools, tmp_path: Path) -> None:
    """Guard against a vacuous pass: a page that does alert and log errors is caught."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><p>x</p><script>alert(1); console.error('boom');</script>", encoding="utf-8"
    )
    browser.open(page.as_uri())
    problems = browser.problems()
    assert any(p.startswith("dialog: alert") for p in problems)
    assert any(p.startswith("console.error") for p in problems)
