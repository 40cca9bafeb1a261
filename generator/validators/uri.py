"""URI references (RFC 3986 section 5) and JSON pointers (RFC 6901), as `$id` and `$ref` use them.

`urllib.parse.urljoin` only resolves against schemes it knows to be hierarchical, so `urn:`
bases (common in schemas) would be dropped; this module resolves against any scheme.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote

_URI = re.compile(r"^(?:([A-Za-z][A-Za-z0-9+.\-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)


def _split(uri: str) -> tuple[str | None, str | None, str, str | None, str | None]:
    m = _URI.match(uri)
    assert m is not None  # the pattern matches every string
    return m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)


def _unsplit(scheme: str | None, authority: str | None, path: str, query: str | None, fragment: str | None) -> str:
    out = ""
    if scheme is not None:
        out += scheme + ":"
    if authority is not None:
        out += "//" + authority
    out += path
    if query is not None:
        out += "?" + query
    if fragment is not None:
        out += "#" + fragment
    return out


def _remove_dot_segments(path: str) -> str:
    out: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../"):
            path = path[3:]
            if out:
                out.pop()
        elif path == "/..":
            path = "/"
            if out:
                out.pop()
        elif path in (".", ".."):
            path = ""
        else:
            start = 1 if path.startswith("/") else 0
            end = path.find("/", start)
            end = len(path) if end < 0 else end
            out.append(path[:end])
            path = path[end:]
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)  # a schema's refs name the same few targets again and again
def resolve(base: str, ref: str) -> str:
    """`ref` resolved against `base` (RFC 3986 5.2.2)."""
    r_scheme, r_auth, r_path, r_query, r_frag = _split(ref)
    b_scheme, b_auth, b_path, b_query, _ = _split(base)
    if r_scheme is not None:
        return _unsplit(r_scheme, r_auth, _remove_dot_segments(r_path), r_query, r_frag)
    if r_auth is not None:
        return _unsplit(b_scheme, r_auth, _remove_dot_segments(r_path), r_query, r_frag)
    if r_path == "":
        return _unsplit(b_scheme, b_auth, b_path, r_query if r_query is not None else b_query, r_frag)
    if r_path.startswith("/"):
        path = _remove_dot_segments(r_path)
    else:
        if b_auth is not None and b_path == "":
            merged = "/" + r_path
        else:
            merged = b_path[: b_path.rfind("/") + 1] + r_path
        path = (
            _remove_dot_segments(merged)
            if (b_scheme is not None or b_auth is not None or merged.startswith("/"))
            else merged
        )
    return _unsplit(b_scheme, b_auth, path, r_query, r_frag)


def split_fragment(uri: str) -> tuple[str, str]:
    """(`uri` without its fragment, the fragment percent-decoded; '' when absent)."""
    head, _, frag = uri.partition("#")
    return head, unquote(frag)


def pointer_tokens(pointer: str) -> list[str]:
    """The reference tokens of a JSON pointer ('' is the whole document)."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    for token in tokens:
        text = str(token)
        pointer += "/" + (escape_token(text) if "~" in text or "/" in text else text)
    return pointer
