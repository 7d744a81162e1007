"""The OpenAPI 3.1 description of the `qa serve` API, written by hand beside the routes.

Hand-written rather than generated: the API is six routes, and the report it returns is
already described by the `qa-report/1` JSON Schema the CLI's JSON output follows, which is
served as is at /schemas/qa-report-1.json and referenced from here. tests/test_serve_api.py
checks that every route of the app is described and every described route exists.
"""

from __future__ import annotations

from typing import Any

from qa import __version__
from qa.serve.payload import MAX_BATCH_DOCUMENTS, MAX_TEXT_BYTES, OPTION_KEYS

REPORT_SCHEMA_PATH = "/schemas/qa-report-1.json"
FORMATS = ["json", "jsonl", "sarif", "html", "junit", "markdown", "text", "github"]


def _text(description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": 1,
        "description": f"{description} (at most {MAX_TEXT_BYTES} bytes)",
    }


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _report_responses() -> dict[str, Any]:
    return {
        "200": {
            "description": "The report: `qa-report/1` JSON by default, or the format asked for. The "
            "status is 200 whatever the verdict; the verdict is in the report.",
            "content": {
                "application/json": {"schema": {"$ref": REPORT_SCHEMA_PATH}},
                "application/sarif+json": {"schema": {"type": "object"}},
                "text/html": {"schema": {"type": "string"}},
            },
        },
        "400": _error("Malformed request: invalid JSON, an unknown key, an empty text, a wrong language"),
        "401": _error("Missing or wrong token (servers started with --token)"),
        "413": _error("Body or one text over the size limit"),
        "415": _error("Body not sent as application/json"),
        "422": _error(
            "A check request's document ran over the time budget (document-timeout); "
            "in a batch request such a document is an error entry instead"
        ),
        "503": _error("Too many requests waiting"),
    }


_FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": FORMATS, "default": "json"},
    "description": "Report format, as `qa check --format`.",
}


def schema() -> dict[str, Any]:
    options_properties: dict[str, Any] = {
        "fail_on": {"type": "string", "enum": ["error", "warning", "never"]},
        "select": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "ignore": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "no_model": {"type": "boolean"},
        "metrics": {
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"enum": ["bleu", "chrf", "ter"]}}]
        },
        "min_scores": {"type": "object", "additionalProperties": {"type": "number"}},
        "max_scores": {"type": "object", "additionalProperties": {"type": "number"}},
        "severity": {"type": "object", "additionalProperties": {"enum": ["error", "warning", "info"]}},
    }
    assert {key.replace("_", "-") for key in options_properties} == OPTION_KEYS
    document = {
        "type": "object",
        "required": ["hyp"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "minLength": 1, "maxLength": 200},
            "hyp": _text("The English translation to check"),
            "ref": {
                "oneOf": [_text("A reference translation"), {"type": "array", "items": _text("A reference")}],
            },
            "src": _text("The source text; its language from src_lang, else from its script"),
            "src_lang": {"type": "string", "enum": ["ru", "zh"]},
            "pivot": _text("The text the translation went through"),
            "pivot_lang": {"type": "string", "enum": ["ru", "zh"], "default": "zh"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "qa serve",
            "version": __version__,
            "description": "Translation-quality checks for news on a warm server: the same report "
            "as `qa check --format json`. Texts only: the server reads no file a request names.",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Document": document,
                "CheckRequest": {
                    "allOf": [{"$ref": "#/components/schemas/Document"}],
                    "properties": {"options": {"$ref": "#/components/schemas/Options"}},
                },
                "BatchRequest": {
                    "type": "object",
                    "required": ["documents"],
                    "additionalProperties": False,
                    "properties": {
                        "documents": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": MAX_BATCH_DOCUMENTS,
                            "items": {"$ref": "#/components/schemas/Document"},
                        },
                        "options": {"$ref": "#/components/schemas/Options"},
                    },
                },
                "Options": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": options_properties,
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "message"],
                            "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
                        }
                    },
                },
            },
        },
        "security": [{}, {"bearer": []}],
        "paths": {
            "/v1/check": {
                "post": {
                    "summary": "Check one translation",
                    "parameters": [_FORMAT_PARAMETER],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/CheckRequest"}}
                        },
                    },
                    "responses": _report_responses(),
                }
            },
            "/v1/batch": {
                "post": {
                    "summary": "Check several translations in one report (cross-document checks included)",
                    "parameters": [_FORMAT_PARAMETER],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}}
                        },
                    },
                    "responses": _report_responses(),
                }
            },
            "/v1/rules": {
                "get": {
                    "summary": "The rule catalogue (as `qa rules` and `qa explain`)",
                    "responses": {"200": {"description": "Every rule", "content": {"application/json": {}}}},
                }
            },
            "/v1/decode": {
                "post": {
                    "summary": "Decode a text file's bytes as `qa check` does (any common encoding)",
                    "parameters": [
                        {
                            "name": "lang",
                            "in": "query",
                            "required": False,
                            "schema": {"enum": ["en", "ru", "zh"]},
                        }
                    ],
                    "requestBody": {"required": True, "content": {"application/octet-stream": {}}},
                    "responses": {
                        "200": {
                            "description": "The text and the encoding found",
                            "content": {"application/json": {}},
                        },
                        "400": _error("Not text (binary, empty, undecodable)"),
                        "413": _error("Over the input limit"),
                    },
                }
            },
            "/ui/check": {
                "post": {
                    "summary": "The page's check: the report, the rendered document, its fixes and downloads",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/CheckRequest"}}
                        },
                    },
                    "responses": {"200": {"description": "Page bundle", "content": {"application/json": {}}}},
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Liveness; answers once the models are loaded",
                    "responses": {"200": {"description": "ok", "content": {"application/json": {}}}},
                }
            },
            "/openapi.json": {
                "get": {"summary": "This description", "responses": {"200": {"description": "ok"}}}
            },
            REPORT_SCHEMA_PATH: {
                "get": {"summary": "The qa-report/1 JSON Schema", "responses": {"200": {"description": "ok"}}}
            },
            "/": {"get": {"summary": "The editor's page", "responses": {"200": {"description": "HTML"}}}},
            "/static/{name}": {
                "get": {
                    "summary": "The page's script and styles",
                    "parameters": [
                        {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok"}, "404": _error("No such file")},
                }
            },
        },
    }
