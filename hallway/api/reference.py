"""A reference page for the API, rendered on the server from its own OpenAPI schema.

Ninja's interactive pages (Swagger UI, Redoc) load their code from a CDN, which Hallway never
does; this page needs no JavaScript at all and cannot drift from the API it documents.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Token:
    """A piece of a type: plain text, or the name of an object the page documents."""

    text: str
    ref: bool = False


@dataclass
class Field:
    name: str
    type: list[Token]
    required: bool
    description: str
    location: str = ""
    limits: str = ""
    choices: list[str] = field(default_factory=list)


@dataclass
class Response:
    status: str
    description: str
    type: list[Token]


@dataclass
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field]
    responses: list[Response]


@dataclass
class ObjectSchema:
    name: str
    description: str
    fields: list[Field]


def type_tokens(schema: dict[str, Any], *, nullable: bool = True) -> list[Token]:
    """``schema``'s type in words, e.g. ``list of SessionOut``, ``string (date) or null``.

    ``nullable=False`` leaves out "or null", which means nothing for a query parameter (one
    leaves it out instead).
    """
    if "$ref" in schema:
        return [Token(schema["$ref"].removeprefix(REF_PREFIX), ref=True)]
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if nullable or o.get("type") != "null"]
        tokens: list[Token] = []
        for index, option in enumerate(options):
            if index:
                tokens.append(Token(_(" or ")))
            tokens += type_tokens(option)
        return tokens
    kind = schema.get("type", "any")
    if kind == "array":
        return [Token(_("list of ")), *type_tokens(schema.get("items", {}))]
    if kind == "object" and "additionalProperties" in schema:
        return [Token(_("map of string to ")), *type_tokens(schema["additionalProperties"])]
    if "format" in schema:
        return [Token(f"{kind} ({schema['format']})")]
    return [Token(str(kind))]


def choices(schema: dict[str, Any]) -> list[str]:
    for option in [schema, *schema.get("anyOf", [])]:
        if "enum" in option:
            return [str(value) for value in option["enum"]]
    return []


def limits(schema: dict[str, Any]) -> str:
    """Limits worth telling a client: bounds, pattern, default."""
    parts = []
    for option in [schema, *schema.get("anyOf", [])]:
        if "minimum" in option and "maximum" in option:
            parts.append(
                _("%(minimum)s to %(maximum)s")
                % {"minimum": option["minimum"], "maximum": option["maximum"]}
            )
        if "pattern" in option:
            parts.append(_("pattern %(pattern)s") % {"pattern": option["pattern"]})
    if "default" in schema:
        parts.append(_("default %(value)s") % {"value": schema["default"]})
    return "; ".join(parts)


def operations(schema: dict[str, Any]) -> list[Operation]:
    result = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                Field(
                    name=parameter["name"],
                    location=parameter["in"],
                    type=type_tokens(parameter["schema"], nullable=False),
                    required=parameter.get("required", False),
                    description=parameter.get("description", ""),
                    limits=limits(parameter["schema"]),
                    choices=choices(parameter["schema"]),
                )
                for parameter in operation.get("parameters", [])
            ]
            responses = [
                Response(
                    status=status,
                    description=response.get("description", ""),
                    type=type_tokens(
                        response.get("content", {}).get("application/json", {}).get("schema", {})
                    )
                    if response.get("content")
                    else [],
                )
                for status, response in operation.get("responses", {}).items()
            ]
            result.append(
                Operation(
                    anchor=operation["operationId"],
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=parameters,
                    responses=responses,
                )
            )
    return result


def objects(schema: dict[str, Any]) -> list[ObjectSchema]:
    result = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        result.append(
            ObjectSchema(
                name=name,
                description=component.get("description", ""),
                fields=[
                    Field(
                        name=field_name,
                        type=type_tokens(field_schema),
                        required=field_name in required,
                        description=field_schema.get("description", ""),
                        choices=choices(field_schema),
                    )
                    for field_name, field_schema in component.get("properties", {}).items()
                ],
            )
        )
    return result


class ReferencePage(DocsBase):
    """Ninja's docs hook, answering with ``api/reference.html``."""

    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "api/reference.html",
            {
                "title": schema["info"]["title"],
                "version": schema["info"]["version"],
                "description": schema["info"].get("description", ""),
                "schema_url": reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs),
                "operations": operations(schema),
                "objects": objects(schema),
            },
        )
