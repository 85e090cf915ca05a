"""The OpenAPI 3 description of /api/v1/, written by hand.

It is served at /api/v1/openapi.json, rendered as the docs page, and the test suite fuzzes the
API from it (schemathesis), so a drift between this file and the views fails a test.
Descriptions are English: the description is for programmers, like the field names.
"""

from __future__ import annotations

from typing import Any

from awaaz.stats.api import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE

VERSION = "1.0.0"

_ERROR_REF = {"$ref": "#/components/responses/Error"}

_PAGE_PARAMS: list[dict[str, Any]] = [
    {
        "name": "page",
        "in": "query",
        "description": "Page number, from 1.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    {
        "name": "page_size",
        "in": "query",
        "description": f"Items per page, at most {MAX_PAGE_SIZE}.",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PAGE_SIZE,
            "default": DEFAULT_PAGE_SIZE,
        },
    },
]

_VERSION_PARAM = {
    "name": "version",
    "in": "path",
    "required": True,
    "description": 'A release version, or "latest" for the newest published release.',
    "schema": {"type": "string", "minLength": 1, "maxLength": 40, "pattern": "^[A-Za-z0-9._-]+$"},
}
_SLUG_PARAM = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The table's identifier, as listed by the release.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "^[a-z0-9_-]+$"},
}


def _paginated(item: dict[str, Any], key: str = "results") -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["count", "page", "page_size", "pages", "next", "previous", key],
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "pages": {"type": "integer", "minimum": 1},
            "next": {"type": "string", "nullable": True},
            "previous": {"type": "string", "nullable": True},
            key: {"type": "array", "items": item},
        },
    }


def _ok(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {
            "ETag": {"schema": {"type": "string"}, "description": "Strong validator."},
            "Cache-Control": {"schema": {"type": "string"}},
        },
        "content": {"application/json": {"schema": schema}},
    }


def _operation(
    op_id: str,
    summary: str,
    ok: dict[str, Any],
    parameters: list[dict[str, Any]],
    *,
    not_found: bool = False,
) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": ok,
        "304": {"description": "Not modified: the ETag given in If-None-Match is current."},
        "400": _ERROR_REF,
        "429": _ERROR_REF,
    }
    if not_found or any(p["name"] == "page" for p in parameters):
        responses["404"] = _ERROR_REF
    return {
        "operationId": op_id,
        "summary": summary,
        "parameters": parameters,
        "responses": responses,
    }


def description() -> dict[str, Any]:
    """The OpenAPI document, as a dict ready for JSON."""
    meta = {
        "type": "object",
        "required": ["table", "title", "release", "licence", "attribution"],
        "properties": {
            "table": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "release": {"type": "string"},
            "licence": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
            },
            "attribution": {"type": "string"},
            "source": {"type": "string"},
            "notes": {"type": "array", "items": {"type": "string"}},
            "demonstration": {
                "type": "boolean",
                "description": "True for a release of invented demonstration incidents.",
            },
            "suppression": {"type": "string"},
        },
    }
    column = {
        "type": "object",
        "required": ["column", "label", "kind", "description", "codes"],
        "properties": {
            "column": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string", "enum": ["dimension", "measure", "flag", "text"]},
            "description": {"type": "string"},
            "codes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"code": {"type": "string"}, "meaning": {"type": "string"}},
                },
            },
        },
    }
    row = {
        "type": "object",
        "description": "One row: column name to value. A suppressed count is null, and the "
        "row's flag column says why.",
        "additionalProperties": True,
    }
    release = {
        "type": "object",
        "required": ["version", "title", "published_at", "url", "tables_url"],
        "properties": {
            "version": {"type": "string"},
            "title": {"type": "string"},
            "published_at": {"type": "string", "format": "date-time", "nullable": True},
            "notes": {"type": "string"},
            "demonstration": {
                "type": "boolean",
                "description": "True when the release counts invented demonstration incidents "
                "(a local try-out, never production); `notes` then says so in English and Urdu.",
            },
            "checksum": {"type": "string", "description": "SHA-256 of the release's tables."},
            "url": {"type": "string"},
            "tables_url": {"type": "string"},
        },
    }
    table_summary = {
        "type": "object",
        "required": ["slug", "title", "release", "rows", "dimensions", "url"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "release": {"type": "string"},
            "rows": {"type": "integer", "minimum": 0},
            "dimensions": {"type": "array", "items": {"type": "string"}},
            "url": {"type": "string"},
        },
    }
    release_detail = {
        "allOf": [
            release,
            {
                "type": "object",
                "required": ["tables"],
                "properties": {"tables": {"type": "array", "items": table_summary}},
            },
        ]
    }
    table_detail = {
        "allOf": [
            _paginated(row, key="rows"),
            {
                "type": "object",
                "required": ["meta", "dictionary", "filters"],
                "properties": {
                    "meta": meta,
                    "dictionary": {"type": "array", "items": column},
                    "filters": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        ]
    }
    figures = {
        "allOf": [
            _paginated(row, key="rows"),
            {
                "type": "object",
                "required": ["meta", "filters"],
                "properties": {
                    "meta": meta,
                    "filters": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        ]
    }
    figure_filters = [
        {
            "name": name,
            "in": "query",
            "description": text,
            "schema": {"type": "string", "minLength": 1, "maxLength": 100},
        }
        for name, text in (
            ("publisher", "Only figures from this publisher, e.g. Sahil."),
            ("area_level", "national or province."),
            ("province", "A province's ISO 3166-2 code, e.g. PK-PB."),
            ("unit", "cases, victims, percent or per_100k."),
        )
    ] + [
        {
            "name": "year",
            "in": "query",
            "description": "Only figures whose period starts in this year.",
            "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
        }
    ]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Awaaz open data API",
            "version": VERSION,
            "description": (
                "Published statistics on sexual violence in Pakistan: versioned releases of "
                "tables that have passed disclosure control, and official figures from other "
                "publishers exactly as published. Public and free to reuse under CC BY 4.0 "
                "(attribution: the `attribution` field of each table). No token is needed; "
                "each client may make a limited number of requests per minute (429 beyond it). "
                "Every response carries an ETag: send it back in If-None-Match to get a 304. "
                'Errors are JSON: {"error": {"code": "...", "message": "..."}}.'
            ),
            "license": {"name": "CC BY 4.0 (the data)"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/": {
                "get": _operation(
                    "index",
                    "Links to the parts of the API.",
                    _ok({"type": "object"}, "Links."),
                    [],
                )
            },
            "/releases/": {
                "get": _operation(
                    "releaseList",
                    "Published releases, newest first.",
                    _ok(_paginated(release), "A page of releases."),
                    _PAGE_PARAMS,
                )
            },
            "/releases/{version}/": {
                "get": _operation(
                    "releaseDetail",
                    "One release and its tables.",
                    _ok(release_detail, "The release."),
                    [_VERSION_PARAM],
                    not_found=True,
                )
            },
            "/releases/{version}/tables/": {
                "get": _operation(
                    "tableList",
                    "The tables of a release.",
                    _ok(_paginated(table_summary), "A page of tables."),
                    [_VERSION_PARAM, *_PAGE_PARAMS],
                    not_found=True,
                )
            },
            "/releases/{version}/tables/{slug}/": {
                "get": _operation(
                    "tableDetail",
                    "A table with its data dictionary and a page of its rows. Filter on any "
                    "dimension by naming it as a query parameter with one of its codes, e.g. "
                    "?province=PK-PB&year=2023; an unknown dimension or code is a 400.",
                    _ok(table_detail, "The table."),
                    [_VERSION_PARAM, _SLUG_PARAM, *_PAGE_PARAMS],
                    not_found=True,
                )
            },
            "/official-figures/": {
                "get": _operation(
                    "officialFigures",
                    "Figures published by others, each with its source and definition.",
                    _ok(figures, "A page of figures."),
                    [*_PAGE_PARAMS, *figure_filters],
                )
            },
            "/openapi.json": {
                "get": _operation(
                    "openapi",
                    "This description.",
                    _ok({"type": "object"}, "The OpenAPI document."),
                    [],
                )
            },
        },
        "components": {
            "responses": {
                "Error": {
                    "description": "A refusal, explained.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["error"],
                                "properties": {
                                    "error": {
                                        "type": "object",
                                        "required": ["code", "message"],
                                        "properties": {
                                            "code": {"type": "string"},
                                            "message": {"type": "string"},
                                        },
                                    }
                                },
                            }
                        }
                    },
                }
            }
        },
    }


def _schema_text(schema: dict[str, Any]) -> str:
    parts = [str(schema.get("type", ""))]
    if "minimum" in schema or "maximum" in schema:
        parts.append(f"{schema.get('minimum', '')}…{schema.get('maximum', '')}")
    if "pattern" in schema:
        parts.append(str(schema["pattern"]))
    if "default" in schema:
        parts.append(f"= {schema['default']}")
    return " ".join(p for p in parts if p)


def docs_outline() -> dict[str, Any]:
    """The description flattened for the docs page: one entry per operation."""
    spec = description()
    base = spec["servers"][0]["url"]
    operations = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            operations.append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": base + path,
                    "summary": op["summary"],
                    "parameters": [
                        {
                            "name": p["name"],
                            "location": p["in"],
                            "required": p.get("required", False),
                            "schema": _schema_text(p["schema"]),
                            "description": p.get("description", ""),
                        }
                        for p in op["parameters"]
                    ],
                    "responses": sorted(op["responses"]),
                }
            )
    return {
        "title": spec["info"]["title"],
        "version": spec["info"]["version"],
        "description": spec["info"]["description"],
        "operations": operations,
    }
