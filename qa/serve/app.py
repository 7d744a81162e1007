"""The `qa serve` web app: the editor's page and the JSON API, on Starlette.

Routes (schema at `/openapi.json`):
    GET  /                 the page (form, report, accept/reject, downloads)
    GET  /static/<name>    its script and styles (a fixed list: no path from a request is opened)
    GET  /openapi.json     this API's description; /schemas/qa-report-1.json the report's schema
    GET  /healthz          liveness and warm-up time
    GET  /v1/rules         the rule catalogue
    POST /v1/check         one document -> the report (`qa-report/1` JSON, or ?format=sarif|html|...)
    POST /v1/batch         several documents -> one report (cross-document checks included)
    POST /v1/decode        a file's bytes -> its text, decoded as `qa check` decodes files
    POST /ui/check         the page's call: report, the rendered document, fixes, downloads

Safety (issue 16): every response carries a content security policy (the page's allows only
its own script and styles, as the HTML report's does), `nosniff` and no referrer; with a
token every request must carry it (`Authorization: Bearer`, or the cookie the page gets from
`/?token=`); without one the server answers only requests addressed to a loopback name (so a
web page that rebinds its DNS name to 127.0.0.1 is refused); bodies are size-limited and must
be JSON where JSON is expected (so a cross-site form cannot post one); any refused request
gets a 4xx JSON error, any bug a 500 JSON error, never a traceback.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa import __version__
from qa.config import Config
from qa.document import Report
from qa.serve.payload import MAX_TEXT_BYTES, RequestProblem, parse_batch, parse_check
from qa.serve.service import Busy, CheckService, OverBudget

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parents[1] / "report" / "templates"
REPORT_SCHEMA = Path(__file__).parents[1] / "data" / "qa-report-1.schema.json"
# Four texts at the input limit each, and the JSON around them.
DEFAULT_MAX_BODY = 4 * MAX_TEXT_BYTES + 65_536
LOOPBACK_NAMES = frozenset(["127.0.0.1", "localhost", "::1", "[::1]"])
TOKEN_COOKIE = "qa_token"

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"
MEDIA_TYPES = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "sarif": "application/sarif+json",
    "html": "text/html; charset=utf-8",
    "junit": "application/xml",
    "markdown": "text/markdown; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "github": "text/plain; charset=utf-8",
}
# The page's own files, by name: the only files a request can make the server read.
STATIC_FILES = {
    "page.js": (STATIC / "page.js", "text/javascript; charset=utf-8"),
    "page.css": (STATIC / "page.css", "text/css; charset=utf-8"),
    "report.css": (TEMPLATES / "report.css", "text/css; charset=utf-8"),
}


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "message": message}}, status_code=status, headers=headers
    )


class Guard:
    """Host, token and body-size checks before any route runs; security headers on every response."""

    def __init__(self, app: ASGIApp, token: str | None, max_body: int) -> None:
        self.app, self.token, self.max_body = app, token, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = scope.get("path", "")

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"
                ]
                csp = PAGE_CSP if path == "/" or path.startswith("/static/") else API_CSP
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cache-control", b"no-store"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        refusal = self._refusal(request)
        if refusal is not None:
            await refusal(scope, receive, secured_send)
            return
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await error(413, f"request body larger than {self.max_body} bytes")(scope, receive, secured_send)
            return
        await self.app(scope, self._limited(receive), secured_send)

    def _refusal(self, request: Request) -> Response | None:
        if self.token is None:
            host = (request.headers.get("host") or "").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in LOOPBACK_NAMES:
                return error(
                    421,
                    "this server answers only on a loopback address (start it with --token to serve others)",
                )
            return None
        supplied = ""
        authorization = request.headers.get("authorization", "")
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer":
            supplied = value.strip()
        elif request.url.path == "/" and "token" in request.query_params:
            supplied = request.query_params["token"]
        else:
            supplied = request.cookies.get(TOKEN_COOKIE, "")
        if supplied and hmac.compare_digest(supplied.encode(), self.token.encode()):
            return None
        return error(
            401, "missing or wrong token (send Authorization: Bearer <token>)", {"WWW-Authenticate": "Bearer"}
        )

    def _limited(self, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise RequestProblem(f"request body larger than {limit} bytes", status=413)
            return message

        return limited


async def _json_body(request: Request) -> Any:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise RequestProblem("expected Content-Type: application/json", status=415)
    raw = await request.body()
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise RequestProblem("body: not valid UTF-8") from None
    except RecursionError:
        raise RequestProblem("body: invalid JSON: nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise RequestProblem(
            f"body: invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError as exc:
        raise RequestProblem(f"body: invalid JSON: {exc}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _format(request: Request) -> str:
    from qa.report import RENDERERS

    fmt = request.query_params.get("format", "json")
    if fmt not in RENDERERS:
        raise RequestProblem(f"format {fmt!r}: expected one of {', '.join(sorted(RENDERERS))}")
    return fmt


def _renderer(fmt: str) -> Callable[[Report, Config], str]:
    def render(report: Report, config: Config) -> str:
        from qa.report import get_renderer

        return get_renderer(fmt).render(report, config)

    return render


def _timing(seconds: float) -> dict[str, str]:
    return {"Server-Timing": f"check;dur={seconds * 1000:.1f}"}


def build_app(service: CheckService, token: str | None = None, max_body: int = DEFAULT_MAX_BODY) -> ASGIApp:
    """The ASGI app: routes over `service`, behind the `Guard`."""
    page = (STATIC / "index.html").read_bytes()
    started = time.monotonic()

    async def index(request: Request) -> Response:
        if token is not None and "token" in request.query_params:  # the Guard checked it: keep it as a cookie
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
            return response
        return Response(page, media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        entry = STATIC_FILES.get(request.path_params["name"])
        if entry is None:
            return error(404, "not found")
        return Response(entry[0].read_bytes(), media_type=entry[1])

    async def healthz(request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "warm_seconds": None if service.warm_seconds is None else round(service.warm_seconds, 3),
                "uptime_seconds": round(time.monotonic() - started, 3),
            }
        )

    async def rules(request: Request) -> Response:
        from qa.rules import RULES

        return JSONResponse(
            {
                "rules": [
                    {
                        "code": r.code,
                        "category": r.category,
                        "severity": r.severity.value,
                        "title": r.title,
                        "explanation": r.explanation,
                        "example": r.example,
                    }
                    for r in RULES.values()
                ]
            }
        )

    async def _report(
        request: Request, parse: Callable[[Any, Config], Any], one_document: bool = False
    ) -> Response:
        fmt = _format(request)
        parsed = parse(await _json_body(request), service.config)
        checked = await service.run(parsed, _renderer(fmt), one_document)
        return Response(
            checked.rendered, media_type=MEDIA_TYPES.get(fmt, "text/plain"), headers=_timing(checked.seconds)
        )

    async def check(request: Request) -> Response:
        return await _report(request, parse_check, one_document=True)

    async def batch(request: Request) -> Response:
        return await _report(request, parse_batch)

    async def decode(request: Request) -> Response:
        from qa.errors import QaError
        from qa.io.decode import decode_file

        lang = request.query_params.get("lang") or None
        if lang not in (None, "en", "ru", "zh"):
            raise RequestProblem("lang: expected en, ru or zh")
        data = await request.body()
        if len(data) > MAX_TEXT_BYTES:
            raise RequestProblem(f"file larger than {MAX_TEXT_BYTES} bytes (the input limit)", status=413)
        try:
            text, encoding, _ = await service.call(lambda: decode_file(data, "file", lang))
        except QaError as exc:
            raise RequestProblem(str(exc)) from None
        return JSONResponse({"text": text, "encoding": encoding})

    async def ui_check(request: Request) -> Response:
        from qa.serve.page import page_bundle

        parsed = parse_check(await _json_body(request), service.config)
        checked = await service.run(parsed, page_bundle, one_document=True)
        return JSONResponse(
            {**checked.rendered, "seconds": round(checked.seconds, 3)}, headers=_timing(checked.seconds)
        )

    async def openapi(request: Request) -> Response:
        from qa.serve.openapi import schema

        return JSONResponse(schema())

    async def report_schema(request: Request) -> Response:
        return Response(REPORT_SCHEMA.read_bytes(), media_type="application/schema+json")

    async def problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestProblem)
        return error(exc.status, str(exc))

    async def http_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error(exc.status_code, exc.detail, dict(exc.headers or {}))

    async def busy(request: Request, exc: Exception) -> Response:
        return error(503, "too many requests waiting; try again shortly", {"Retry-After": "1"})

    async def over_budget(request: Request, exc: Exception) -> Response:
        # 422: the request is well formed but this document cannot be checked within the
        # budget, and sending it again would fail the same way (not a 503/504: nothing
        # transient), nor is the server broken (not a 500).
        return error(422, f"document {exc}")

    async def internal(request: Request, exc: Exception) -> Response:
        return error(500, f"internal error: {type(exc).__name__}")

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        RequestProblem: problem,
        HTTPException: http_problem,
        Busy: busy,
        OverBudget: over_budget,
        Exception: internal,
    }
    app = Starlette(
        routes=[
            Route("/", index, methods=["GET"]),
            Route("/static/{name}", static, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/openapi.json", openapi, methods=["GET"]),
            Route("/schemas/qa-report-1.json", report_schema, methods=["GET"]),
            Route("/v1/rules", rules, methods=["GET"]),
            Route("/v1/check", check, methods=["POST"]),
            Route("/v1/batch", batch, methods=["POST"]),
            Route("/v1/decode", decode, methods=["POST"]),
            Route("/ui/check", ui_check, methods=["POST"]),
        ],
        exception_handlers=handlers,
    )
    return Guard(app, token, max_body)
