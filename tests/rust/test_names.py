"""Names in the generated Rust cannot change what it means: a module imports only the runtime and
reaches everything else through paths no shape can take (tests/golden/library_type_names proves it
compiles under clippy; these tests pin how)."""

from __future__ import annotations

from pathlib import Path

from tests.golden.golden import HERE

CASE = HERE / "library_type_names" / "expected" / "rust" / "src" / "library_type_names.rs"


def source() -> str:
    return Path(CASE).read_text(encoding="utf-8")


def test_a_module_imports_only_the_runtime():
    uses = [line for line in source().splitlines() if line.startswith("use ")]
    assert uses == ["use crate::runtime;"]


def test_shapes_named_like_library_types_keep_their_names():
    text = source()
    for name in ("Nullable", "BTreeMap", "Serialize", "Value", "Validate"):
        assert f"pub struct {name}" in text, name


def test_prelude_names_are_dodged():
    text = source()
    for name in ("Option", "Result", "Vec"):
        assert f"pub struct {name} " not in text and f"pub enum {name} " not in text
    assert "pub struct OptionValue" in text and "pub enum ResultValue" in text


def test_library_types_are_reached_through_qualified_paths():
    text = source()
    assert "runtime::Nullable<String>" in text
    assert "runtime::Map<String>" in text
    assert "runtime::Json" in text
    assert "#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]" in text
