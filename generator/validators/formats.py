"""`format` as an assertion (opt-in): checkers for the common formats, standard library only.

Each entry: format name -> (helper name, source, helper dependencies). Formats not listed stay
annotations even when assertion is on (`idn-hostname` and `idn-email` are checked loosely).
"""

from __future__ import annotations

_DATE = r"""
import re as _re_date

_DATE_RE = _re_date.compile(r"(\d{4})-(\d{2})-(\d{2})", _re_date.ASCII)


def _f_date(s: Any) -> bool:
    m = _DATE_RE.fullmatch(s)
    if m is None:
        return False
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 1 <= mo <= 12 or d < 1:
        return False
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[mo - 1]
    return d <= days
"""

_TIME = r"""
import re as _re_time

_TIME_RE = _re_time.compile(
    r"(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[zZ]|([+-])(\d{2}):(\d{2}))", _re_time.ASCII
)


def _f_time(s: Any) -> bool:
    m = _TIME_RE.fullmatch(s)
    if m is None:
        return False
    h, mi, sec = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if h > 23 or mi > 59 or sec > 60:
        return False
    if m.group(5):
        oh, om = int(m.group(6)), int(m.group(7))
        if oh > 23 or om > 59:
            return False
        if sec == 60:
            total = h * 60 + mi - (1 if m.group(5) == "+" else -1) * (oh * 60 + om)
            total %= 24 * 60
            return total == 23 * 60 + 59
    elif sec == 60:
        return h == 23 and mi == 59
    return True
"""

_DATE_TIME = r"""
def _f_date_time(s: Any) -> bool:
    i = s.find("T")
    if i < 0:
        i = s.find("t")
    return i == 10 and _f_date(s[:10]) and _f_time(s[11:])
"""

_DURATION = r"""
import re as _re_dur

_DUR_TIME = r"T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)"
_DURATION_RE = _re_dur.compile(
    r"P(?:\d+W|(?:\d+Y(?:\d+M(?:\d+D)?)?|\d+M(?:\d+D)?|\d+D)(?:"
    + _DUR_TIME
    + r")?|"
    + _DUR_TIME
    + r")",
    _re_dur.ASCII,
)


def _f_duration(s: Any) -> bool:
    return _DURATION_RE.fullmatch(s) is not None
"""

_HOSTNAME = r"""
import re as _re_host

_LABEL_RE = _re_host.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", _re_host.ASCII
)


def _f_hostname(s: Any) -> bool:
    if not s or len(s) > 253:
        return False
    for label in s.split("."):
        if _LABEL_RE.fullmatch(label) is None:
            return False
        if label[2:4] == "--":
            if not label.lower().startswith("xn--"):
                return False
            try:
                label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                return False
    return True
"""

_IDN_HOSTNAME = r"""
def _f_idn_hostname(s: Any) -> bool:
    try:
        ascii_form = s.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return False
    return _f_hostname(ascii_form)
"""

_IPV4 = r"""
def _f_ipv4(s):
    parts = s.split(".")
    if len(parts) != 4:
        return False
    for p in parts:
        if (
            not p.isascii()
            or not p.isdigit()
            or (len(p) > 1 and p[0] == "0")
            or int(p) > 255
        ):
            return False
    return True
"""

_IPV6 = r"""
def _f_ipv6(s):
    import ipaddress

    if not s.isascii() or "%" in s or "/" in s:
        return False
    try:
        ipaddress.IPv6Address(s)
    except ValueError:
        return False
    return True
"""

_EMAIL = r"""
import re as _re_mail

_LOCAL_RE = _re_mail.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|\"(?:[^\"\\]|\\.)*\"",
    _re_mail.ASCII,
)


def _f_email(s: Any) -> bool:
    local, at, domain = s.rpartition("@")
    if not at or _LOCAL_RE.fullmatch(local) is None:
        return False
    if domain.startswith("[") and domain.endswith("]"):
        inner = domain[1:-1]
        return (
            _f_ipv6(inner[5:]) if inner.lower().startswith("ipv6:") else _f_ipv4(inner)
        )
    return _f_hostname(domain)
"""

_IDN_EMAIL = r"""
def _f_idn_email(s: Any) -> bool:
    local, at, domain = s.rpartition("@")
    return bool(at) and bool(local) and _f_idn_hostname(domain)
"""

_URI_COMMON = r"""
import re as _re_uri

_URI_RE = _re_uri.compile(
    r"(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?",
    _re_uri.S,
)
_URI_CHARS = _re_uri.compile(
    r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?\[\]]|%[0-9A-Fa-f]{2})*", _re_uri.ASCII
)


def _uri_ok(s: Any, absolute: bool, iri: bool) -> bool:
    if not iri and not s.isascii():
        return False
    if any(c in s for c in ' <>"{}|\\^`') or any(ord(c) < 32 for c in s):
        return False
    m = _URI_RE.fullmatch(s)
    if m is None:
        return False
    scheme, authority, path = m.group(1), m.group(2), m.group(3)
    if absolute and scheme is None:
        return False
    if scheme is None and ":" in path.split("/", 1)[0]:
        return False
    if authority is not None:
        host = authority.rpartition("@")[2]
        if host.startswith("["):
            if not host.rstrip("0123456789").endswith(":") and not host.endswith("]"):
                return False
            inner = host[1 : host.find("]")]
            if not inner.lower().startswith("v") and not _f_ipv6(inner):
                return False
        elif host.count(":") > 1:
            return False
    if "#" in (m.group(5) or ""):
        return False
    if not iri:
        text = s[len(scheme) + 1 :] if scheme else s
        return _URI_CHARS.fullmatch(text.replace("#", "", 1)) is not None
    return True


def _f_uri(s: Any) -> bool:
    return _uri_ok(s, True, False)


def _f_uri_reference(s: Any) -> bool:
    return _uri_ok(s, False, False)


def _f_iri(s: Any) -> bool:
    return _uri_ok(s, True, True)


def _f_iri_reference(s: Any) -> bool:
    return _uri_ok(s, False, True)
"""

_URI_TEMPLATE = r"""
import re as _re_tpl

_TPL_RE = _re_tpl.compile(
    r"(?:[^{}]|\{[+#./;?&=,!@|]?[A-Za-z0-9_%.]+(?::[1-9]\d{0,3}|\*)?(?:,[A-Za-z0-9_%.]+(?::[1-9]\d{0,3}|\*)?)*\})*"
)


def _f_uri_template(s: Any) -> bool:
    return _TPL_RE.fullmatch(s) is not None
"""

_UUID = r"""
import re as _re_uuid

_UUID_RE = _re_uuid.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def _f_uuid(s: Any) -> bool:
    return _UUID_RE.fullmatch(s) is not None
"""

_REGEX = r'''
def _f_regex(s: Any) -> bool:
    """ECMA-262 syntax, approximately: Python-only constructs are rejected, ECMA-only ones mapped."""
    import re

    if re.search(r"\\[aZAzG]|\(\?#|\(\?P|\(\?[aiLmsux-]+[):]", s):
        return False
    s = re.sub(r"\(\?<(?![=!])", "(?P<", s)
    s = re.sub(r"\\k<([A-Za-z_][A-Za-z0-9_]*)>", r"(?P=\1)", s)
    s = s.replace("[^]", "[\\s\\S]").replace("[]", "(?!)")
    s = re.sub(r"\\c[A-Za-z]", "x", s)
    try:
        re.compile(s)
    except re.error as exc:
        return "look-behind requires fixed-width" in str(exc)
    return True
'''

_JSON_POINTER = r"""
import re as _re_ptr

_PTR_RE = _re_ptr.compile(r"(?:/(?:[^~/]|~[01])*)*", _re_ptr.S)


def _f_json_pointer(s: Any) -> bool:
    return _PTR_RE.fullmatch(s) is not None
"""

_RELATIVE_JSON_POINTER = r"""
import re as _re_rptr

_RPTR_RE = _re_rptr.compile(
    r"(?:0|[1-9][0-9]*)(?:[+-](?:0|[1-9][0-9]*))?(?:#|(?:/(?:[^~/]|~[01])*)*)",
    _re_rptr.S,
)


def _f_relative_json_pointer(s: Any) -> bool:
    return _RPTR_RE.fullmatch(s) is not None
"""

FORMATS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "date": ("_f_date", _DATE, ()),
    "time": ("_f_time", _TIME, ()),
    "date-time": ("_f_date_time", _DATE_TIME, ("date", "time")),
    "duration": ("_f_duration", _DURATION, ()),
    "hostname": ("_f_hostname", _HOSTNAME, ()),
    "idn-hostname": ("_f_idn_hostname", _IDN_HOSTNAME, ("hostname",)),
    "ipv4": ("_f_ipv4", _IPV4, ()),
    "ipv6": ("_f_ipv6", _IPV6, ()),
    "email": ("_f_email", _EMAIL, ("hostname", "ipv4", "ipv6")),
    "idn-email": ("_f_idn_email", _IDN_EMAIL, ("idn-hostname",)),
    "uri": ("_f_uri", _URI_COMMON, ("ipv6",)),
    "uri-reference": ("_f_uri_reference", _URI_COMMON, ("ipv6",)),
    "iri": ("_f_iri", _URI_COMMON, ("ipv6",)),
    "iri-reference": ("_f_iri_reference", _URI_COMMON, ("ipv6",)),
    "uri-template": ("_f_uri_template", _URI_TEMPLATE, ()),
    "uuid": ("_f_uuid", _UUID, ()),
    "regex": ("_f_regex", _REGEX, ()),
    "json-pointer": ("_f_json_pointer", _JSON_POINTER, ()),
    "relative-json-pointer": ("_f_relative_json_pointer", _RELATIVE_JSON_POINTER, ()),
}


def sources_for(names: set[str]) -> list[str]:
    """The helper sources for these formats and what they depend on, deduplicated, in a fixed order."""
    wanted: set[str] = set()

    def add(name: str) -> None:
        if name in wanted:
            return
        wanted.add(name)
        for dep in FORMATS[name][2]:
            add(dep)

    for name in names:
        add(name)
    out: list[str] = []
    for name, (_, source, _) in FORMATS.items():
        if name in wanted and source not in out:
            out.append(source)
    return out
