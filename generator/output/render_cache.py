"""A render cache that a hostile checkout cannot exploit (issue 23 item 4, issue 20 item 1).

Rendering is deterministic: a target's files are a function of shapegen's own code and
templates (and the target's module, which may come from elsewhere on generator.targets' path),
the settings, and the bytes of every schema document it read. An entry is keyed by the sha256 of
exactly those (`key`, with `pipeline._cache_name`), and holds that target's files.

Where it lives and why it can be trusted:
- outside the checkout: in `$SHAPEGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/shapegen`, else
  `~/.cache/shapegen`; a folder inside the project (where a pull request could plant entries)
  disables the cache, as does a folder that is a symlink, is not the user's own, or that others
  may write to;
- every entry is authenticated: an HMAC-SHA256, with a random key made on first use and kept
  beside the entries (mode 0600, never in a project), over the entry's key and its bytes, and
  checked before anything in the entry is parsed. An entry planted or edited by anyone who does
  not hold the key (a checkout, another user) is never read: the target renders afresh. The key
  lives beside the entries, so the folder as a whole is what must stay private: a CI cache that
  saves and restores it across pull requests would carry a key with it (set SHAPEGEN_NO_CACHE=1
  there, or leave the folder out of what the CI caches; `check`, the CI gate, never reads it);
- entries are read without following links, and only regular files of bounded size.

Only `generate` reads the cache; `check` always renders afresh (its verdict never rests on a
cache). Set `SHAPEGEN_NO_CACHE=1` to turn it off.

The granularity is a target: an entry is reused when every input of the run is the same (a
target added, `--target` after a full run, a branch switched back, a reverted edit). Any schema
edit changes every target's key; re-rendering only the files one shape reaches needs each target
to render file by file from declared dependencies, which targets do not do yet.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import Config

if TYPE_CHECKING:
    from generator.pipeline import Loaded

MAGIC = b"shapegen-render-cache 1\n"
MAX_ENTRY_BYTES = 512 * 1024 * 1024
MAX_ENTRIES = 64  # the oldest beyond this are removed when an entry is stored
_HEADER = struct.Struct(">IQ")


def location() -> Path | None:
    if os.environ.get("SHAPEGEN_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = os.environ.get("SHAPEGEN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "shapegen"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "shapegen" if os.path.isabs(home) else None


def _own_private_folder(path: Path, create: bool) -> bool:
    """`path` is a real folder (not a link) owned by this user that no one else may write to."""
    try:
        if create and not os.path.lexists(path):
            os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def _read_private(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file owned by this user, not a link, at most `limit` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _secret(folder: Path) -> bytes | None:
    """The HMAC key: made once, private to this user (an existing key that others may read is
    not used: entries are then neither read nor written)."""
    path = folder / "key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32))
    try:
        if os.lstat(path).st_mode & 0o077:
            return None
    except OSError:
        return None
    data = _read_private(path, 64)
    return data if data is not None and len(data) == 32 else None


def _within(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return True  # cannot tell: treat as inside, and do without the cache


@dataclass
class RenderCache:
    folder: Path
    secret: bytes
    inputs: str  # everything but the target that an entry's key depends on

    @classmethod
    def open(cls, config: Config, loaded: Loaded) -> RenderCache | None:
        """The cache for this run, or None (turned off, inside the project, not private)."""
        base = location()
        if base is None or _within(base, config.root):
            return None
        folder = base / "render"
        if not _own_private_folder(base, create=True) or not _own_private_folder(folder, create=True):
            return None
        secret = _secret(base)
        if secret is None:
            return None
        from generator.output.manifest import _code_fingerprint

        documents = sorted(
            (ns, str(doc.path), doc.digest)
            for ns, bundle in loaded.bundles.items()
            for doc in bundle.documents.values()
        )
        inputs = json.dumps(
            {
                "code": _code_fingerprint(),
                "python": sys.version,
                "root": str(config.root),
                "namespaces": {ns: str(p) for ns, p in config.namespaces.items()},
                "documents": documents,
                "options": config.options,
                "strict": config.strict,
                "confined": config.confined,
            },
            sort_keys=True,
            default=str,
        )
        return cls(folder, secret, inputs)

    def key(self, target: str) -> str:
        return hashlib.sha256(f"{target}\0{self.inputs}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.entry"

    def _mac(self, key: str, body: bytes) -> bytes:
        return hmac.new(self.secret, key.encode() + b"\0" + body, hashlib.sha256).digest()

    def load(self, target: str) -> dict[str, bytes] | None:
        """The target's files from a verified entry; None when there is none, or it does not verify."""
        key = self.key(target)
        data = _read_private(self._path(key), MAX_ENTRY_BYTES)
        if data is None or not data.startswith(MAGIC) or len(data) < len(MAGIC) + 32:
            return None
        mac, body = data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
        if not hmac.compare_digest(mac, self._mac(key, body)):
            return None
        try:
            return _unpack(zlib.decompress(body))
        except (zlib.error, ValueError, struct.error, UnicodeDecodeError):
            return None

    def store(self, target: str, files: dict[str, bytes]) -> None:
        """Keep the target's files (an error only means the next run renders again)."""
        key = self.key(target)
        body = zlib.compress(_pack(files), 1)
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + self._mac(key, body) + body)
            os.replace(tmp, path)
            self._prune()
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def _prune(self) -> None:
        entries = []
        with os.scandir(self.folder) as it:
            for entry in it:
                if entry.name.endswith(".entry") and entry.is_file(follow_symlinks=False):
                    entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
        for _, path in sorted(entries)[: max(0, len(entries) - MAX_ENTRIES)]:
            try:
                os.unlink(path)
            except OSError:
                pass


def _pack(files: dict[str, bytes]) -> bytes:
    parts = []
    for rel, content in files.items():
        name = rel.encode("utf-8")
        parts += [_HEADER.pack(len(name), len(content)), name, content]
    return b"".join(parts)


def _unpack(data: bytes) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    at = 0
    view = memoryview(data)
    while at < len(data):
        size_name, size_content = _HEADER.unpack_from(data, at)
        at += _HEADER.size
        if at + size_name + size_content > len(data):
            raise ValueError("truncated entry")
        rel = bytes(view[at : at + size_name]).decode("utf-8")
        at += size_name
        files[rel] = bytes(view[at : at + size_content])
        at += size_content
    return files
