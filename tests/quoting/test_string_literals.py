"""Every language's string-literal quoting, proven by that language's own compiler.

One table, one expectation: whatever text the schema holds, the literal a target writes for it
evaluates, in that language, to exactly that text. Per language, one run draws a corpus (the
explicit examples below, then texts hypothesis draws: derandomised in `make test`, many more under
`make fuzz`), writes every literal into one program, compiles it once, runs it, and compares the
code units it prints with the texts.

The examples are the bug class the quoting layers must avoid: an escape followed by a character
that extends it (`\\0` + digit is octal in Python, `\\x` is variable-length in C#, `\\u{...}`,
Dart's `$`; Go's escapes are all fixed-width, which the hex digits after each escape below prove),
and the characters that end a literal or a line.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.targets.csharp import cs_str
from generator.targets.dart import dart_str
from generator.targets.go import go_str
from generator.targets.python import py_str
from generator.targets.rust import rs_str
from generator.targets.typescript import ts_str
from generator.validators.literals import string_literal

EXAMPLES = [
    "",
    "plain",
    "\x000",  # NUL then a digit: `\0` + `0` is an octal escape in Python
    "\x0012",
    "\x00a",
    "\x01f",  # `\x1f`: C#'s \x takes 1-4 hex digits, so `\x1` + `f` would be one character
    "\x1fff",
    "\u00a0b",
    "\u2028\u2029\u0085",  # line terminators in JavaScript and C#
    "\ufeff",
    "\x7f",
    "$x ${y} $",  # Dart and TypeScript interpolation
    "`${x}`",
    "'\"\\",
    "\\u{41}",  # text that looks like an escape
    "\\x41\\0\\n",
    "\r\n\t",
    "*/ /* -->",
    "emoji \U0001f600 and é",
    "\U0010ffff",
    "\u20289",  # an escaped line separator, then a hex digit
    "\ufeffbeef",
    "\U000e00011f",  # a format character beyond the BMP (Go and C# write \U + 8 digits), then hex digits
    "\U000f0000a",  # private use, plane 15
]
LONE_SURROGATES = ["\ud800", "\udfff1", "a\ud83d"]  # a UTF-16 string may hold them; Rust's str cannot

PER_RUN = 200  # drawn texts per language and run (HYPOTHESIS_PROFILE=fuzz draws more)


def utf16(text: str) -> list[int]:
    """The UTF-16 code units of `text` (a lone surrogate is one unit)."""
    units: list[int] = []
    for c in text:
        o = ord(c)
        if o > 0xFFFF:
            o -= 0x10000
            units += [0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF)]
        else:
            units.append(o)
    return units


def code_points(text: str) -> list[int]:
    return [ord(c) for c in text]


def draw(surrogates: bool) -> list[str]:
    """Texts hypothesis draws (any code point, lone surrogates where the language has them)."""
    drawn: list[str] = []
    alphabet = st.characters(codec=None, exclude_categories=() if surrogates else ("Cs",))

    @settings(max_examples=PER_RUN, database=None, suppress_health_check=list(HealthCheck))
    @given(st.text(alphabet, max_size=30))
    def collect(text: str) -> None:
        drawn.append(text)

    collect()
    return drawn


# ---------------------------------------------------------------- one evaluator per language


def python_values(texts: list[str], tmp: Path) -> list[list[int]]:
    """Python's parser reads the model literals (py_str) and the validators' (string_literal)."""
    source = "[\n" + "".join(f"    ({py_str(t)}, {string_literal(t)}),\n" for t in texts) + "]\n"
    pairs = ast.literal_eval(source)
    assert all(a == b for a, b in pairs)
    return [code_points(a) for a, _ in pairs]


def typescript_values(texts: list[str], tmp: Path) -> list[list[int]]:
    from generator.drivers import typescript as driver

    driver.ensure_toolchain()
    build = tmp / "ts"
    (build / "src").mkdir(parents=True)
    (build / "package.json").write_text('{"type": "module"}')
    (build / "tsconfig.json").write_text(json.dumps(driver.BUILD_TSCONFIG))
    program = (
        "declare const process: { stdout: { write(text: string): boolean } };\n"
        "const texts: string[] = [\n" + "".join(f"  {ts_str(t)},\n" for t in texts) + "];\n"
        "const units = texts.map((s) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)));\n"
        "process.stdout.write(JSON.stringify(units));\n"
    )
    (build / "src" / "literals.ts").write_text(program, encoding="utf-8")
    compiled = driver.tsc(["-p", str(build)])
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    ran = subprocess.run([driver.node(), str(build / "dist" / "literals.js")], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def rust_values(texts: list[str], tmp: Path) -> list[list[int]]:
    if shutil.which("rustc") is None:
        pytest.skip("rustc is not installed (make toolchain-rust)")
    program = (
        "fn main() {\n    let texts: Vec<&str> = vec![\n"
        + "".join(f"        {rs_str(t)},\n" for t in texts)
        + "    ];\n"
        "    let points: Vec<Vec<u32>> = texts.iter().map(|s| s.chars().map(|c| c as u32).collect()).collect();\n"
        '    println!("{:?}", points);\n}\n'
    )
    (tmp / "literals.rs").write_text(program, encoding="utf-8")
    compiled = subprocess.run(
        ["rustc", "--edition", "2021", "-O", "-o", str(tmp / "literals"), str(tmp / "literals.rs")],
        capture_output=True,
        text=True,
    )
    assert compiled.returncode == 0, compiled.stderr
    return json.loads(subprocess.run([str(tmp / "literals")], capture_output=True, text=True, check=True).stdout)


def csharp_values(texts: list[str], tmp: Path) -> list[list[int]]:
    from generator.drivers.csharp import compile_command
    from tests.csharp.build import ensure_toolchain

    ensure_toolchain()
    program = (
        "using System;\nusing System.Linq;\n"
        "public static class Literals {\n"
        "    public static void Main() {\n"
        "        var texts = new string[] {\n" + "".join(f"            {cs_str(t)},\n" for t in texts) + "        };\n"
        '        Console.Write("[" + string.Join(",", texts.Select(s => "[" + string.Join(",", s.Select(c => '
        '((int)c).ToString())) + "]")) + "]");\n'
        "    }\n}\n"
    )
    source = tmp / "Literals.cs"
    source.write_text(program, encoding="utf-8")
    exe = tmp / "Literals.exe"
    compiled = subprocess.run(compile_command(exe, [source]), capture_output=True, text=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return json.loads(subprocess.run(["mono", str(exe)], capture_output=True, text=True, check=True).stdout)


def go_values(texts: list[str], tmp: Path) -> list[list[int]]:
    """gofmt must leave the program as written, `go build` compile it; it prints each text's runes."""
    from generator.config import load_config
    from generator.drivers import go as driver
    from generator.errors import ShapegenError
    from tests.conftest import REPO

    try:
        go = driver.go_binary()
    except ShapegenError as exc:
        pytest.skip(f"{exc.message} ({exc.hint})")
    program = (
        'package main\n\nimport (\n\t"encoding/json"\n\t"os"\n)\n\nvar texts = []string{\n'
        + "".join(f"\t{go_str(t)},\n" for t in texts)
        + "}\n\nfunc main() {\n\tpoints := make([][]rune, len(texts))\n\tfor i, text := range texts {\n"
        "\t\tpoints[i] = []rune(text)\n\t}\n\t_ = json.NewEncoder(os.Stdout).Encode(points)\n}\n"
    )
    (tmp / "go.mod").write_text("module literals\n\ngo 1.24\n", encoding="utf-8")
    (tmp / "main.go").write_text(program, encoding="utf-8")
    env = driver.go_env(load_config(REPO))
    gofmt = subprocess.run([str(Path(go).with_name("gofmt")), "-l", "main.go"], cwd=tmp, capture_output=True, text=True)
    assert gofmt.returncode == 0 and gofmt.stdout == "", gofmt.stdout + gofmt.stderr
    built = subprocess.run([go, "build", "-o", "literals", "."], cwd=tmp, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    return json.loads(subprocess.run([str(tmp / "literals")], capture_output=True, text=True, check=True).stdout)


def dart_values(texts: list[str], tmp: Path) -> list[list[int]]:
    """No Dart SDK is reachable: tree-sitter-dart parses the program and the literals are decoded
    by Dart's escape rules (tests/dart/dart_tree.py)."""
    from tests.dart import dart_tree as dt

    program = "const texts = <String>[\n" + "".join(f"  {dart_str(t)},\n" for t in texts) + "];\n"
    tree = dt.parser().parse(program.encode("utf-8", "surrogatepass"))
    assert dt.syntax_errors(tree) == []
    return [utf16(t) for t in dt.string_literals(tree)]


@dataclass(frozen=True)
class Language:
    name: str
    values: Callable[[list[str], Path], list[list[int]]]
    units: Callable[[str], list[int]]  # how the language counts a text: UTF-16 units or code points
    surrogates: bool  # whether its strings can hold a lone surrogate


LANGUAGES = [
    pytest.param(Language("python", python_values, code_points, True), id="python", marks=pytest.mark.fast),
    pytest.param(Language("dart", dart_values, utf16, True), id="dart", marks=pytest.mark.fast),
    pytest.param(Language("typescript", typescript_values, utf16, True), id="typescript", marks=pytest.mark.toolchain),
    pytest.param(Language("csharp", csharp_values, utf16, True), id="csharp", marks=pytest.mark.toolchain),
    pytest.param(Language("rust", rust_values, code_points, False), id="rust", marks=pytest.mark.toolchain),
    pytest.param(Language("go", go_values, code_points, False), id="go", marks=pytest.mark.toolchain),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_string_literal_evaluates_to_exactly_its_text(language: Language, tmp_path: Path):
    texts = EXAMPLES + (LONE_SURROGATES if language.surrogates else []) + draw(language.surrogates)
    values = language.values(texts, tmp_path)
    wrong = [(t, v) for t, v in zip(texts, values) if v != language.units(t)]
    assert len(values) == len(texts)
    assert wrong == [], f"{language.name}: literals that mean another text: {wrong[:5]}"


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
