"""The csharp target's root namespace, `[tool.shapegen.csharp] namespace`, and the words C#
reserves, which no part of it may be (the target's naming rules dodge them too): declared here,
where the configuration reads them without importing the target."""

from __future__ import annotations

from generator.packaging import PackageName

KEYWORDS = frozenset("""
    abstract as base bool break byte case catch char checked class const continue decimal default
    delegate do double else enum event explicit extern false finally fixed float for foreach goto if
    implicit in int interface internal is lock long namespace new null object operator out override
    params private protected public readonly ref return sbyte sealed short sizeof stackalloc static
    string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using virtual
    void volatile while
""".split())


# the root namespace, assembly and .csproj name
PACKAGE_NAME = PackageName(
    key="namespace",
    pattern=r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*",
    what="a C# namespace name",
    example="Acme.Shop",
    derive=lambda name: name.pascal,
    keywords=KEYWORDS,
    refuses=lambda root: _refused_root(root),
)


def _refused_root(root: str) -> str | None:
    """Why a root namespace the pattern allows cannot be used (None: it can)."""
    if root.split(".")[0] in ("System", "Newtonsoft", "Microsoft", "Mono"):
        return (
            f"it lies inside {root.split('.')[0]}, whose types the generated code uses: its own types "
            "would hide them and the project would not compile"
        )
    return None
