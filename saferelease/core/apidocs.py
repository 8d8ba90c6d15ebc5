"""The API reference page: the OpenAPI schema (drf-spectacular, also served raw at
/api/schema/) laid out as a GOV.UK page. It replaces Swagger UI, whose markup nests
interactive controls and fails accessibility checks that a service page must pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    description: str
    kind: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    description: str
    parameters: list[Parameter]
    body: str
    responses: list[tuple[str, str]]


@dataclass
class Section:
    title: str
    operations: list[Operation] = field(default_factory=list)


def _ref_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref") or (schema.get("items") or {}).get("$ref") or ""
    name = ref.rsplit("/", 1)[-1]
    return f"list of {name}" if schema.get("type") == "array" and name else name


def _kind(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = str(schema.get("type", "") or _ref_name(schema) or "value")
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def _body(operation: dict[str, Any]) -> str:
    content = (operation.get("requestBody") or {}).get("content") or {}
    return ", ".join(
        f"{media}: {_ref_name(spec.get('schema') or {}) or 'file'}"
        for media, spec in content.items()
    )


@cache
def api_sections() -> list[Section]:
    """Operations grouped by the first part of their path after /api/v1/. The schema is
    the same for everyone (access is decided per request, not per endpoint), so it is
    built once a process."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    sections: dict[str, Section] = {}
    for path, item in sorted(schema["paths"].items()):
        resource = path.removeprefix("/api/v1/").split("/", 1)[0] or "api"
        section = sections.setdefault(resource, Section(resource.replace("-", " ").capitalize()))
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            section.operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=operation.get("operationId", f"{method}-{path}"),
                    description=operation.get("description") or operation.get("summary", ""),
                    parameters=[
                        Parameter(
                            name=p["name"],
                            where=p["in"],
                            required=bool(p.get("required")),
                            description=p.get("description", ""),
                            kind=_kind(p.get("schema") or {}),
                        )
                        for p in operation.get("parameters", [])
                    ],
                    body=_body(operation),
                    responses=[
                        (code, spec.get("description") or _response_name(spec))
                        for code, spec in sorted(operation.get("responses", {}).items())
                    ],
                )
            )
    return list(sections.values())


def _response_name(spec: dict[str, Any]) -> str:
    content = spec.get("content") or {}
    for media in content.values():
        name = _ref_name(media.get("schema") or {})
        if name:
            return name
    return ""
