"""Each language's printed forms of a value read from JSON: one program per language, holding
every payload of the redaction table as a string literal (written by that language's quoting
layer), built once against the generated package as its users build it, run once.

`printed(lang, rows, tmp)` returns, per row, {"printed": [every log/print/debug form], "wire": the
value written back to JSON}; a payload the language cannot read gives printed ["read error: ..."]."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.conftest import GENERATED, REPO

Rows = list[tuple[str, str]]  # (ns:Name, payload text)


def _split(shape: str) -> tuple[str, str]:
    ns, name = shape.split(":", 1)
    return ns, name


def python(rows: Rows, tmp: Path) -> list[dict[str, Any]]:
    """repr(), str(), f-strings and %-formatting, as logging writes them."""
    from tests.python.models import model

    out = []
    for shape, text in rows:
        value = model(*_split(shape)).model_validate_json(text)
        forms = [repr(value), str(value), f"{value}", f"{value!r}", "%s" % (value,), repr([value])]
        out.append({"printed": forms, "wire": value.model_dump_json()})
    return out


def go(rows: Rows, tmp: Path) -> list[dict[str, Any]]:
    """fmt's verbs (%v, %+v, %#v, Sprint) and log/slog's JSON and text handlers."""
    from generator.config import load_config
    from generator.drivers import go as driver
    from generator.errors import ShapegenError
    from generator.targets import go as target
    from generator.targets.go import go_str

    try:
        go_binary = driver.go_binary()
    except ShapegenError as exc:
        pytest.skip(f"{exc.message} ({exc.hint})")
    options = load_config(REPO).options
    module = target.module_path(options)
    packages = sorted({_split(shape)[0] for shape, _ in rows})
    calls = "".join(f"\t\trow[{_split(s)[0]}.{_split(s)[1]}]({go_str(t)}),\n" for s, t in rows)
    program = (
        'package main\n\nimport (\n\t"bytes"\n\t"encoding/json"\n\t"fmt"\n\t"log/slog"\n\t"os"\n\n'
        + "".join(f'\t"{module}/{p}"\n' for p in packages)
        + ")\n\n"
        'type result struct {\n\tPrinted []string `json:"printed"`\n\tWire    string   `json:"wire"`\n}\n\n'
        "func row[T any](text string) result {\n\tvar v T\n"
        "\tif err := json.Unmarshal([]byte(text), &v); err != nil {\n"
        '\t\treturn result{Printed: []string{"read error: " + err.Error()}}\n\t}\n'
        "\tvar logs bytes.Buffer\n"
        '\tslog.New(slog.NewJSONHandler(&logs, nil)).Info("read", "value", v)\n'
        '\tslog.New(slog.NewTextHandler(&logs, nil)).Info("read", "value", v)\n'
        "\twire, _ := json.Marshal(v)\n"
        '\tforms := []string{fmt.Sprint(v), fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v),\n'
        '\t\tfmt.Sprintf("%v", &v), fmt.Sprintf("%+v", []T{v}), logs.String()}\n'
        "\treturn result{Printed: forms, Wire: string(wire)}\n}\n\n"
        "func main() {\n\t_ = json.NewEncoder(os.Stdout).Encode([]result{\n" + calls + "\t})\n}\n"
    )
    (tmp / "go.mod").write_text(
        f"module shapegen.local/printers\n\ngo {target.GO_VERSION}\n\nrequire {module} v0.0.0\n\n"
        f"replace {module} => {(GENERATED / 'go').resolve()}\n",
        encoding="utf-8",
    )
    (tmp / "main.go").write_text(program, encoding="utf-8")
    env = driver.go_env(load_config(REPO))
    built = subprocess.run(
        [go_binary, "build", "-o", "printers", "."], cwd=tmp, env=env, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr[-4000:]
    return json.loads(subprocess.run([str(tmp / "printers")], capture_output=True, text=True, check=True).stdout)


def rust(rows: Rows, tmp: Path) -> list[dict[str, Any]]:
    """Debug ({:?} and {:#?}), as log and tracing print a value."""
    from generator.targets.rust import rs_str
    from tests.rust import crates

    crates.ensure_toolchain()
    calls = "".join(f"        row::<realtime_shapes::{_split(s)[0]}::{_split(s)[1]}>({rs_str(t)}),\n" for s, t in rows)
    (tmp / "src").mkdir()
    (tmp / "src" / "main.rs").write_text(
        "use serde::{de::DeserializeOwned, Serialize};\nuse std::fmt::Debug;\n\n"
        "fn row<T: DeserializeOwned + Serialize + Debug>(text: &str) -> serde_json::Value {\n"
        "    match serde_json::from_str::<T>(text) {\n"
        '        Ok(v) => serde_json::json!({"printed": [format!("{:?}", v), format!("{:#?}", v), '
        'format!("{:?}", vec![&v])], "wire": serde_json::to_string(&v).unwrap()}),\n'
        '        Err(e) => serde_json::json!({"printed": [format!("read error: {}", e)], "wire": ""}),\n'
        "    }\n}\n\n"
        "fn main() {\n    let rows = vec![\n" + calls + "    ];\n"
        '    println!("{}", serde_json::Value::Array(rows));\n}\n',
        encoding="utf-8",
    )
    (tmp / "Cargo.toml").write_text(
        '[package]\nname = "printers"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
        f'[dependencies]\nrealtime_shapes = {{ path = "{(GENERATED / "rust").resolve().as_posix()}" }}\n'
        'serde = "1"\nserde_json = "1"\n\n[workspace]\n',
        encoding="utf-8",
    )
    shutil.copy(crates.LOCK_FILE, tmp / "Cargo.lock")
    done = crates.cargo(["run", "--quiet"], tmp)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout)


def csharp(rows: Rows, tmp: Path) -> list[dict[str, Any]]:
    """ToString(), which string interpolation, Console.WriteLine and loggers call."""
    from generator.targets.csharp import cs_str
    from tests.csharp import build

    build.ensure_toolchain()

    def type_name(shape: str) -> str:
        ns, name = _split(shape)
        return f"RealtimeShapes.{ns[:1].upper()}{ns[1:]}.{name}"

    calls = "".join(f"            Row({cs_str(t)}, {type_name(s)}.FromJson),\n" for s, t in rows)
    program = tmp / "Printers.cs"
    program.write_text(
        "using System;\nusing System.Collections.Generic;\nusing Newtonsoft.Json;\n\n"
        "public static class Printers {\n"
        "    static object Row<T>(string text, Func<string, T> read) where T : Shapegen.Runtime.ShapegenObject {\n"
        "        T value;\n"
        "        try { value = read(text); }\n"
        '        catch (Exception e) { return new { printed = new[] { "read error: " + e.Message }, wire = "" }; }\n'
        '        var forms = new[] { value.ToString(), string.Format("{0}", value), $"{value}", "" + value };\n'
        "        return new { printed = forms, wire = value.ToJsonString() };\n    }\n\n"
        "    public static void Main() {\n        var rows = new List<object> {\n" + calls + "        };\n"
        "        Console.Write(JsonConvert.SerializeObject(rows));\n    }\n}\n",
        encoding="utf-8",
    )
    sources = sorted((GENERATED / "csharp").rglob("*.cs")) + [program]
    built = build.compile_sources("every-language-printers", sources)
    assert built.returncode == 0, built.output[-4000:]
    done = build.run(built.path)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout)


def typescript(rows: Rows, tmp: Path) -> list[dict[str, Any]]:
    """The copy `redact<Name>` gives to log, as JSON.stringify and String() print it."""
    from generator.targets.typescript import ts_str
    from tests.typescript import helpers

    helpers.need_node()
    from generator.drivers.typescript import ensure_toolchain

    ensure_toolchain()
    package = tmp / "typescript"
    shutil.copytree(GENERATED / "typescript" / "src", package / "src")
    calls = "".join(
        f"  row({ts_str(t)}, {_split(s)[0]}.parse{_split(s)[1]}, {_split(s)[0]}.redact{_split(s)[1]}),\n"
        for s, t in rows
    )
    namespaces = ", ".join(sorted({_split(s)[0] for s, _ in rows}))
    source = (
        f"import {{ {namespaces} }} from './index.js';\n"
        + helpers.NODE_DECLARATIONS
        + "function row<T>(text: string, parse: (v: unknown) => T, redact: (v: T) => T): unknown {\n"
        "  let value: T;\n"
        "  try {\n    value = parse(JSON.parse(text));\n  } catch (e) {\n"
        "    return { printed: ['read error: ' + String(e)], wire: '' };\n  }\n"
        "  const logged = redact(value);\n"
        "  return { printed: [JSON.stringify(logged), JSON.stringify(logged, null, 2), String(JSON.stringify([logged]))],"
        " wire: JSON.stringify(value) };\n}\n"
        "print([\n" + calls + "]);\n"
    )
    return helpers.node_script(package, source, name="$printers.ts")


PRINTERS: dict[str, Callable[[Rows, Path], list[dict[str, Any]]]] = {
    "python": python,
    "typescript": typescript,
    "rust": rust,
    "csharp": csharp,
    "go": go,
}
