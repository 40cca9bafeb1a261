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

Two granularities:
- a target: an entry holds all its files and is reused when every input of the run is the same
  (a target added, `--target` after a full run, a branch switched back, a reverted edit);
- a fragment: any other run renders each target with its fragment memo (`generator.render_memo`,
  one `.memo` entry per target, code and options), so that an edit prints afresh only the
  fragments whose plain-data context it changed; everything else is reused, byte for byte.
Both kinds of entry are authenticated the same way and read through `cache.read_regular` (a
regular file, never a link; the folder is the user's own and no one else may write to it, so
no one else can have placed a file there).
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
from generator.output.cache import read_regular, write_atomically
from generator.render_memo import Memo

if TYPE_CHECKING:
    from generator.pipeline import Loaded

MAGIC = b"shapegen-render-cache 1\n"
MAX_ENTRY_BYTES = 512 * 1024 * 1024
MAX_ENTRIES = 64  # the oldest beyond this are removed when an entry is stored
MAX_MEMOS = 24  # the same for fragment memos (one per target, code and options)
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
    data = read_regular(path, 64)
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
    code: str  # what a fragment memo's name depends on: the code, the Python, the options

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
        fingerprint = _code_fingerprint()
        code = json.dumps(
            {"code": fingerprint, "python": sys.version, "options": config.options}, sort_keys=True, default=str
        )
        inputs = json.dumps(
            {
                "code": fingerprint,
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
        return cls(folder, secret, inputs, code)

    def key(self, target: str) -> str:
        return hashlib.sha256(f"{target}\0{self.inputs}".encode()).hexdigest()

    def memo_name(self, target: str) -> str:
        """The name of the target's fragment memo (`generator.render_memo`): its code and the
        run's options, not its schemas (the fragments' own keys say what they were printed from)."""
        return hashlib.sha256(f"memo\0{target}\0{self.code}".encode()).hexdigest()

    def _path(self, key: str, suffix: str = ".entry") -> Path:
        return self.folder / f"{key}{suffix}"

    def _mac(self, key: str, body: bytes) -> bytes:
        return hmac.new(self.secret, key.encode() + b"\0" + body, hashlib.sha256).digest()

    def _read(self, key: str, suffix: str) -> bytes | None:
        """The body of a verified entry, decompressed; None when there is none, or it does not verify."""
        data = read_regular(self._path(key, suffix), MAX_ENTRY_BYTES)
        if data is None or not data.startswith(MAGIC) or len(data) < len(MAGIC) + 32:
            return None
        mac, body = data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
        if not hmac.compare_digest(mac, self._mac(key, body)):
            return None
        try:
            return zlib.decompress(body)
        except zlib.error:
            return None

    def _write(self, key: str, suffix: str, data: bytes) -> None:
        """Keep an entry (an error only means the next run renders again)."""
        body = zlib.compress(data, 1)
        try:
            write_atomically(self._path(key, suffix), MAGIC + self._mac(key, body) + body, mode=0o600)
            self._prune(suffix)
        except OSError:
            pass

    def load(self, target: str) -> dict[str, bytes] | None:
        """The target's files from a verified entry; None when there is none, or it does not verify."""
        data = self._read(self.key(target), ".entry")
        if data is None:
            return None
        try:
            return _unpack(data)
        except (ValueError, struct.error, UnicodeDecodeError):
            return None

    def store(self, target: str, files: dict[str, bytes]) -> None:
        """Keep the target's files."""
        self._write(self.key(target), ".entry", _pack(files))

    def load_memo(self, target: str) -> Memo:
        """The target's fragments from its last run with this code and these options (verified),
        else an empty memo."""
        data = self._read(self.memo_name(target), ".memo")
        return Memo.loads(data) if data is not None else Memo()

    def store_memo(self, target: str, memo: Memo) -> None:
        self._write(self.memo_name(target), ".memo", memo.dumps())

    def _prune(self, suffix: str) -> None:
        entries = []
        with os.scandir(self.folder) as it:
            for entry in it:
                if entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
                    entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
        keep = MAX_ENTRIES if suffix == ".entry" else MAX_MEMOS
        for _, path in sorted(entries)[: max(0, len(entries) - keep)]:
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
