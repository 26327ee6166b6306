"""drf-spectacular post-processing: what the ADR asks of every operation, added in one place.

- ``API-Version`` on every 2xx/3xx response (/core/version-header);
- problem+json 400/401/403/404/429 responses (/core/error-handling), a 400 on every operation
  with parameters or a body (/core/error-handling/invalid-input), a 404 where a path has an id.
"""

from __future__ import annotations

from typing import Any

from api.v1.problems import PROBLEM_TYPE

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}
VERSION_HEADER = {
    "description": "De volledige versie van de API (semver).",
    "schema": {"type": "string", "example": "1.0.0"},
    "required": True,
}
ERRORS = {
    "400": "Ongeldige invoer (zie invalidParams).",
    "401": "Geen, een onbekende, ingetrokken of verlopen sleutel.",
    "403": "De sleutel mag dit niet (scope).",
    "404": "Bestaat niet, of is niet zichtbaar voor het netwerk van de sleutel.",
    "413": "Het document is te groot.",
    "415": "Alleen application/json.",
    "429": "Te veel verzoeken voor deze sleutel; zie Retry-After.",
}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"API-Version": VERSION_HEADER},
        "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def add_adr_requirements(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {})["API-Version"] = VERSION_HEADER
            wanted = ["401", "403", "429"]
            if operation.get("parameters") or operation.get("requestBody") or method in {"post", "put", "patch"}:
                wanted.append("400")
            if "{" in path:
                wanted.append("404")
            if method in {"post", "put", "patch"}:
                wanted += ["413", "415"]
            for code in wanted:
                responses.setdefault(code, _problem(ERRORS[code]))
            operation["responses"] = dict(sorted(responses.items()))
    return result
