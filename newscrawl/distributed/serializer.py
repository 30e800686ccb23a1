"""Requests in the shared Redis queue as JSON: writing to Redis cannot run code on a worker.

scrapy-redis pickles requests by default, so anyone who can write to the queue can make every
worker run code of their choosing. This module is the queue's serializer instead
(``SCHEDULER_SERIALIZER``, set by the add-on): the dict of ``Request.to_dict()`` (callbacks by
name) as JSON, with what JSON lacks tagged: bytes as ``{"$b": base64}``, a dict whose keys are
not all plain strings (headers have bytes keys) as ``{"$d": [[key, value], …]}``. Anything else
that is not JSON (an object in ``meta``) is refused when the request is queued, not pickled.
Pickle stays available by explicit opt-in: ``-s NEWSCRAWL_REDIS_PICKLE=1``.
"""

from __future__ import annotations

import base64
import json
from typing import Any


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith("$") for key in value):
            return {key: _encode(item) for key, item in value.items()}
        return {"$d": [[_encode(key), _encode(item)] for key, item in value.items()]}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} cannot cross the shared queue as JSON: {value!r}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if value.keys() == {"$b"}:
            return base64.b64decode(value["$b"], validate=True)
        if value.keys() == {"$d"}:
            return {_decode(key): _decode(item) for key, item in value["$d"]}
        return {key: _decode(item) for key, item in value.items()}
    return value


def dumps(request: dict[str, Any]) -> str:
    """A request dict as JSON text.

    >>> dumps({"body": b"", "headers": {b"Accept": [b"*/*"]}})
    '{"body": {"$b": ""}, "headers": {"$d": [[{"$b": "QWNjZXB0"}, [{"$b": "Ki8q"}]]]}}'
    """
    return json.dumps(_encode(request), ensure_ascii=False)


def loads(text: str | bytes) -> dict[str, Any]:
    """A request dict from :func:`dumps`'s JSON; ``ValueError`` for anything else (a pickle).

    >>> loads(dumps({"body": b"x", "cb_kwargs": {"news_id": 7}}))
    {'body': b'x', 'cb_kwargs': {'news_id': 7}}
    """
    decoded = _decode(json.loads(text))
    if not isinstance(decoded, dict):
        raise ValueError("a queued request is a JSON object")
    return decoded
