"""The JSON Schema (draft 2020-12) of an exported record, and its derivation from ``Article``.

``article.schema.json`` beside this module is the published contract. :func:`build_schema` derives
it from :class:`newscrawl.items.Article` (names and order, types, nullability, attribute docstrings
as descriptions) plus :data:`FORMATS`, and a test keeps the two equal. After a change to
``Article``, run ``newscrawl schema --write`` and review the diff.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import textwrap
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints, is_typeddict

from jsonschema import Draft202012Validator

from newscrawl.items import COMPATIBLE_VERSIONS, Article, Image
from newscrawl.pipelines.validate import REQUIRED_FIELDS

if TYPE_CHECKING:
    import argparse

SCHEMA_PATH = Path(__file__).with_name("article.schema.json")

NEVER_NULL = (*REQUIRED_FIELDS, "crawled_at")
"""``Article`` fields typed optional that an export never leaves null: the validation pipeline
drops articles without the required ones, and every page stamps ``crawled_at``."""

_DIGITS = "[0-9]"  # not \d: Python's re (which jsonschema uses) lets \d match Persian digits too
_DATE = f"{_DIGITS}{{4}}-{_DIGITS}{{2}}-{_DIGITS}{{2}}"
_HOUR_MINUTE = f"{_DIGITS}{{2}}:{_DIGITS}{{2}}"

FORMATS: dict[type, dict[str, dict[str, Any]]] = {
    Article: {
        "schema_version": {"enum": list(COMPATIBLE_VERSIONS)},
        # a registry key or, for the generic spider, the host's first label ("127" for 127.0.0.1)
        "site": {"pattern": "^[a-z0-9][a-z0-9-]*$"},
        "news_id": {"minimum": 1},
        # percent-encoded, so printable ASCII only; the host may carry a port (local mirrors)
        "url": {"pattern": f"^https?://[A-Za-z0-9.-]+(:{_DIGITS}+)?/[!-~]*$"},
        # Tehran wall time to the minute with the offset of that day: seconds are always :00
        "published_at": {"pattern": f"^{_DATE}T{_HOUR_MINUTE}:00[+-]{_HOUR_MINUTE}$"},
        "tags": {"uniqueItems": True},
        "language": {"const": "fa"},
        "crawled_at": {"pattern": f"^{_DATE}T{_HOUR_MINUTE}:{_DIGITS}{{2}}Z$"},
    },
    Image: {
        "url": {"pattern": "^https?://[!-~]+$"},
    },
}
"""Value formats the Python types cannot say, per class and field (JSON Schema keywords)."""

_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string", "minLength": 1},  # the contract says null, never "", for empty text
    int: {"type": "integer"},
}


def build_schema() -> dict[str, Any]:
    """The schema of one exported record, derived from ``Article`` and :data:`FORMATS`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Article",
        "description": _first_paragraph(inspect.getdoc(Article) or ""),
        **_object_schema(Article, never_null=NEVER_NULL),
    }


@functools.cache
def load_schema() -> dict[str, Any]:
    """The committed schema, ``article.schema.json``."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@functools.cache
def validator() -> Draft202012Validator:
    """A validator for the committed schema."""
    return Draft202012Validator(load_schema())


def dump_schema(schema: dict[str, Any]) -> str:
    """The schema as committed: UTF-8 text, Persian unescaped, indent 2, trailing newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _object_schema(cls: type, never_null: tuple[str, ...] = ()) -> dict[str, Any]:
    hints = get_type_hints(cls)
    docs = _attribute_docs(cls)
    properties = {
        name: {
            "description": docs.get(name, ""),
            **_value_schema(hint, nullable=name not in never_null),
            **FORMATS.get(cls, {}).get(name, {}),
        }
        for name, hint in hints.items()
    }
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _value_schema(hint: Any, *, nullable: bool) -> dict[str, Any]:
    args = get_args(hint)
    if get_origin(hint) in (Union, types.UnionType):
        (inner,) = (arg for arg in args if arg is not type(None))
        schema = _value_schema(inner, nullable=nullable)
        return {**schema, "type": [schema["type"], "null"]} if nullable else schema
    if get_origin(hint) is list:
        return {"type": "array", "items": _value_schema(args[0], nullable=False)}
    if is_typeddict(hint):
        return _object_schema(hint)
    return dict(_SCALARS[hint])


def _attribute_docs(cls: type) -> dict[str, str]:
    """The first paragraph of each attribute's docstring (the string right after its annotation)."""
    body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
    assert isinstance(body, ast.ClassDef)
    docs: dict[str, str] = {}
    for node, following in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.target.id] = _first_paragraph(following.value.value)
    return docs


def _first_paragraph(docstring: str) -> str:
    return " ".join(inspect.cleandoc(docstring).split("\n\n")[0].split())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--write",
        action="store_true",
        help="regenerate the committed schema from newscrawl.items.Article (for developers)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the committed schema, or with ``--write`` regenerate it from ``Article``."""
    if args.write:
        SCHEMA_PATH.write_text(dump_schema(build_schema()), encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
    else:
        print(SCHEMA_PATH.read_text(encoding="utf-8"), end="")
    return 0
