"""Bytes to text: refuse what is not a readable text document, decode what is.

Kept apart from the format readers because every format shares it, and because the
encoding decision is the one place a wrong guess would silently corrupt the graph.

Encoding decision: UTF-8 (with or without BOM), and UTF-16 and UTF-32 with a BOM, are read
as such.
Windows-1252 is accepted only when it is unmistakable: the file holds no valid UTF-8
multi-byte sequence at all (so it is not damaged UTF-8), every byte is defined in
cp1252 and at most 10 % of the bytes are non-ASCII (smart quotes, dashes, accented
letters). Anything else is refused with the offset of the first invalid byte, because a
guessed encoding silently turns "café" into "cafÃ©" in the graph.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from orthokg.errors import DocumentError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
CONTROL_SHARE = 0.1
CP1252_NON_ASCII_SHARE = 0.1


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of a readable, non-empty regular file of at most ``max_bytes``.

    Raises :class:`DocumentError` naming the file and what is wrong with it.
    """
    if not path.exists():
        raise DocumentError(path, "no such file")
    if path.is_dir():
        raise DocumentError(path, "is a directory, not a file")
    if not path.is_file():
        raise DocumentError(path, "not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(path, f"too large ({size} bytes; the limit is {max_bytes})")
    if size == 0:
        raise DocumentError(path, "empty file")
    try:
        return path.read_bytes()
    except OSError as err:
        raise DocumentError(path, f"cannot be read ({err.strerror})") from err


# UTF-32 first: its little-endian mark begins with UTF-16's (FF FE).
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_KEPT_CONTROLS = frozenset("\t\n\r\f\v")


def decode(data: bytes, path: Path) -> str:
    """Text of a file's bytes (see the module docstring for the encodings accepted).

    Raises :class:`DocumentError` for binary data, undecodable bytes or blank text.

    >>> decode("Hüfte".encode("utf-16"), Path("x.txt"))
    'Hüfte'
    >>> decode("Hüfte".encode("utf-32"), Path("x.txt"))
    'Hüfte'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked_text(data.decode(codec), path)
            except UnicodeDecodeError as err:
                raise DocumentError(path, f"not {codec} text despite its byte-order mark "
                                          f"(invalid data at offset {err.start})") from None
    if b"\x00" in data:
        bomless = _bomless_utf16(data)
        if bomless is not None:
            raise DocumentError(path, f"{bomless} text without a byte-order mark; save it as "
                                      "UTF-8, or as UTF-16 with its byte-order mark")
        raise DocumentError(path, "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        fallback = _unmistakable_cp1252(data)
        if fallback is None:
            raise DocumentError(path, f"not UTF-8 text (invalid byte 0x{data[err.start]:02x} "
                                      f"at offset {err.start})") from None
        text = fallback
    return _checked_text(text, path)


def _bomless_utf16(data: bytes) -> str | None:
    """``UTF-16LE``/``UTF-16BE`` when the bytes look like Latin text saved as UTF-16 with
    no mark: nearly every high byte zero, no low byte zero. Named, not guessed: the
    message then says what the file is instead of calling it binary.

    >>> _bomless_utf16("Knee".encode("utf-16-le")), _bomless_utf16(bytes([0, 0, 1, 2]) * 4)
    ('UTF-16LE', None)
    """
    if len(data) < 4 or len(data) % 2:
        return None
    for name, high, low in (("UTF-16LE", data[1::2], data[0::2]),
                            ("UTF-16BE", data[0::2], data[1::2])):
        if high.count(0) >= 0.9 * len(high) and low.count(0) == 0:
            return name
    return None


def _unmistakable_cp1252(data: bytes) -> str | None:
    if _UTF8_MULTIBYTE.search(data):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = sum(byte >= 0x80 for byte in data)
    return text if non_ascii <= CP1252_NON_ASCII_SHARE * len(data) else None


def _checked_text(text: str, path: Path) -> str:
    """Refuse blank or control-character-ridden text; drop stray control characters."""
    if not text.strip():
        raise DocumentError(path, "file contains only white space")
    controls = [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in _KEPT_CONTROLS]
    if len(controls) > CONTROL_SHARE * len(text):
        raise DocumentError(path, f"binary file ({len(controls)} control characters "
                                  f"in {len(text)})")
    return "".join(ch for ch in text if ch not in controls) if controls else text
