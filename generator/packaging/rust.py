"""The rust target's crate, `[tool.shapegen.rust] crate`, and the words Rust reserves, which no
crate name may be (the target's naming rules dodge them too): declared here, where the
configuration reads them without importing the target."""

from __future__ import annotations

from generator.packaging import PackageName

# strict and reserved keywords of Rust 2021 (and `gen`, reserved from 2024)
KEYWORDS = frozenset("""
    as break const continue crate else enum extern false fn for if impl in let loop match mod move
    mut pub ref return self Self static struct super trait true type unsafe use where while async
    await dyn abstract become box do final macro override priv typeof unsized virtual yield try gen
    union macro_rules
""".split())


# the crate's name is an identifier: the generated code names it in `use` paths (Cargo itself
# would also take '-')
PACKAGE_NAME = PackageName(
    key="crate",
    pattern=r"[a-z_][a-z0-9_]*",
    what="a crate name the rust target can use (lower-case letters, digits, '_')",
    example="shop_shapes",
    derive=lambda name: name.snake,
    keywords=KEYWORDS,
    refuses=lambda crate: (
        "it is a crate of Rust's own distribution, which Cargo will not let a package be called"
        if crate in ("std", "core", "alloc", "proc_macro", "test")
        else None
    ),
)
