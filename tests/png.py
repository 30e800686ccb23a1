"""Decode the 8-bit, non-interlaced PNGs Chromium writes into rows of pixel bytes (stdlib only)."""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> bytes per pixel at 8 bits (no palettes)


def read_png(path: Path) -> tuple[int, int, int, list[bytes]]:
    """``(width, height, bytes per pixel, rows)`` of the PNG at ``path``."""
    data = path.read_bytes()
    assert data.startswith(SIGNATURE), "not a PNG"
    position, header, idat = len(SIGNATURE), b"", []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        header = body if kind == b"IHDR" else header
        idat += [body] if kind == b"IDAT" else []
        position += 12 + length  # length, type, body, CRC
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0), "unsupported PNG"
    bpp = CHANNELS[colour]
    return width, height, bpp, unfilter(zlib.decompress(b"".join(idat)), width * bpp, height, bpp)


def unfilter(raw: bytes, stride: int, height: int, bpp: int) -> list[bytes]:
    """Undo the per-row filters of PNG (spec section 9.2)."""
    rows: list[bytes] = []
    prior = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 2 and not any(line):  # a row equal to the one above: most of a white page
            rows.append(prior)
            continue
        for i in range(stride) if kind else ():
            left = line[i - bpp] if i >= bpp else 0
            upper_left = prior[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + predict(kind, left, prior[i], upper_left)) & 0xFF
        prior = bytes(line)
        rows.append(prior)
    return rows


def predict(kind: int, left: int, up: int, upper_left: int) -> int:
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) >> 1
    guess = left + up - upper_left  # 4: Paeth
    distances = (abs(guess - left), abs(guess - up), abs(guess - upper_left))
    return (left, up, upper_left)[distances.index(min(distances))]


def distinct_colours(rows: list[bytes], bpp: int) -> int:
    return len({row[i : i + bpp] for row in rows for i in range(0, len(row), bpp)})
