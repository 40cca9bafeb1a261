"""The dart target's package, `[tool.shapegen.dart] package` (a pub package name), and the words
Dart reserves, which it may not be (the target's naming rules dodge them too): declared here,
where the configuration reads them without importing the target."""

from __future__ import annotations

from generator.packaging import PackageName

# reserved words, built-in identifiers and contextual keywords of Dart 3: none is used as a name
KEYWORDS = frozenset("""
    assert break case catch class const continue default do else enum extends false final finally
    for if in is new null rethrow return super switch this throw true try var void while with
    abstract as covariant deferred dynamic export extension external factory Function get
    implements import interface late library mixin operator part required set static typedef
    async await yield hide show on of sync base sealed when
""".split())


PACKAGE_NAME = PackageName(
    key="package",
    pattern=r"[a-z][a-z0-9_]*",
    what="a pub package name (lower-case letters, digits, '_')",
    example="shop_shapes",
    derive=lambda name: name.snake,
    keywords=KEYWORDS,
)
