"""The command line: `shapegen generate | check | validate | list | conformance`.

Exit codes: 0 success; 1 stale output (check) or an invalid payload (validate); 2 a user error
(bad YAML, invalid schema, dangling $ref, bad arguments, a file that is not JSON), printed as
file:line, what is wrong and how to fix it; 3 an internal error, which is a bug in shapegen.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path
from typing import Sequence

from generator import pipeline
from generator.config import Config, find_project_root, load_config
from generator.errors import ShapegenError
from generator.layer.registry import conformance_languages


def _config(args: argparse.Namespace) -> Config:
    root = Path(args.project).resolve() if args.project else find_project_root(Path.cwd())
    return load_config(root)


def cmd_generate(args: argparse.Namespace) -> int:
    config = _config(args)
    plan = pipeline.build(config, args.target)
    changes = pipeline.write(config, plan)
    shapes = sum(len(ns.shapes) for ns in plan.model.namespaces)
    top = sum(len(ns.top_level) for ns in plan.model.namespaces)
    print(
        f"shapegen: {len(plan.targets)} targets ({', '.join(t.name for t in plan.targets)}), "
        f"{top} top-level shapes ({shapes} in all), {len(plan.files)} files: "
        f"{len(changes.written)} written, {len(changes.unchanged)} unchanged, {len(changes.removed)} removed "
        f"in {plan.seconds:.2f} s"
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    config = _config(args)
    plan = pipeline.build(config, args.target)
    changes = pipeline.compare(config, plan)
    if not changes.written and not changes.removed:
        print(f"shapegen: {len(plan.files)} files up to date")
        return 0
    sys.stdout.write(pipeline.diff(config, plan, changes))
    print(
        f"shapegen: generated/ is stale: {len(changes.written)} files differ, {len(changes.removed)} should be removed; "
        "run 'make generate' (or 'shapegen generate') and commit the result",
        file=sys.stderr,
    )
    return 1


def _parse_shape(config: Config, spec: str) -> tuple[str, str]:
    ns, sep, name = spec.partition(":")
    if not sep or not ns or not name:
        raise ShapegenError(
            f"--shape {spec!r} is not of the form namespace:Name", hint="for example --shape oci:RealtimeSessionToken"
        )
    if ns not in config.namespaces:
        raise ShapegenError(f"unknown namespace {ns!r}", hint=f"known namespaces: {', '.join(config.namespaces)}")
    return ns, name


def read_json_file(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ShapegenError(f"file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise ShapegenError(f"not UTF-8 text: {exc}", where=str(path)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ShapegenError(
            f"not JSON: {exc.msg}",
            where=f"{path}:{exc.lineno}:{exc.colno}",
            hint="fix the JSON syntax at that position (a trailing comma, a missing quote or bracket)",
        ) from None


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.validate import validator_for

    config = _config(args)
    ns, name = _parse_shape(config, args.shape)
    check = validator_for(config, ns, name)
    documents = [(Path(f), read_json_file(Path(f))) for f in args.files]
    invalid = 0
    for path, instance in documents:
        errors = check(instance)
        if errors:
            invalid += 1
            for pointer, message in errors:
                print(f"{path}: {pointer or '/'}: {message}")
        elif not args.quiet:
            print(f"{path}: valid {ns}:{name}")
    return 1 if invalid else 0


def cmd_list(args: argparse.Namespace) -> int:
    config = _config(args)
    model, _ = pipeline.load_model(config)
    roles = {"request": "request body", "response": "response body", "part": "part"}
    rows = [
        (f"{ns.name}:{s.name}", roles[s.role], type(s).__name__.rstrip("_").lower())
        for ns in model.namespaces
        for s in ns.shapes
    ]
    width = max(len(r[0]) for r in rows)
    for shape, role, kind in rows:
        print(f"{shape:<{width}}  {role:<13}  {kind}")
    return 0


def cmd_conformance(args: argparse.Namespace) -> int:
    from generator.conformance import run

    return run(_config(args), args.lang, Path(args.vectors))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="shapegen", description="Schema-first code generator for realtime shapes.")
    p.add_argument("--project", help="project folder (default: the nearest folder with a pyproject.toml)")
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="regenerate generated/ from schema/")
    g.add_argument("--target", action="append", help="only this target (repeatable)")
    g.set_defaults(func=cmd_generate)

    c = sub.add_parser("check", help="exit 1 with a diff when generated/ is stale; writes nothing")
    c.add_argument("--target", action="append", help="only this target (repeatable)")
    c.set_defaults(func=cmd_check)

    v = sub.add_parser("validate", help="validate JSON files against a shape")
    v.add_argument("--shape", required=True, help="namespace:Name, e.g. oci:RealtimeSessionToken")
    v.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.set_defaults(func=cmd_validate)

    ls = sub.add_parser("list", help="every shape with its namespace and role")
    ls.set_defaults(func=cmd_list)

    cf = sub.add_parser("conformance", help="run payload vectors through one language's generated code")
    cf.add_argument("--lang", required=True, choices=conformance_languages())  # discovered drivers
    cf.add_argument("vectors", help="a JSON-lines file of {shape, json}, or a folder with a manifest.json")
    cf.set_defaults(func=cmd_conformance)

    from generator.compat.cli import add_parsers as add_compat_parsers  # breaking, upstream

    add_compat_parsers(sub, _config)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return 2 if exc.code else 0
    try:
        return int(args.func(args))
    except ShapegenError as exc:
        print(f"shapegen: error: {exc.render()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception:  # a bug in shapegen, not in the user's input
        print("shapegen: internal error (a bug in shapegen; please report it with this trace):", file=sys.stderr)
        traceback.print_exc()
        return 3


if __name__ == "__main__":
    sys.exit(main())
