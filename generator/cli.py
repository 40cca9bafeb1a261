"""The command line: `shapegen generate | check | validate | list | conformance`.

Exit codes: 0 success; 1 stale output (check) or an invalid payload (validate); 2 a user error
(bad YAML, invalid schema, dangling $ref, bad arguments, a file that is not JSON), printed as
file:line, what is wrong and how to fix it; 3 an internal error, which is a bug in shapegen.
Warnings (problems whose repair is unambiguous) are printed and the command goes on; with
`--strict` (or `[tool.shapegen] strict = true`) they are errors.

Adding a command: write `cmd_<name>(args) -> int` and an `add_<name>(sub, common)` that declares
it, and list the latter in COMMANDS; `common` is the parent parser of the shared options.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from generator import diagnostics, pipeline, progress
from generator.config import Config, find_project_root, load_config, with_strict
from generator.errors import Diagnostic, ShapegenError
from generator.output.manifest import Code, one_look


def version() -> str:
    """The installed distribution's version (the package's own in a plain checkout)."""
    try:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as installed

        return installed("shapegen")
    except PackageNotFoundError:
        from generator import __version__

        return __version__


def _config(args: argparse.Namespace) -> Config:
    if args.project:
        root = Path(args.project)
        if not root.is_dir():
            raise ShapegenError(
                (
                    f"--project {args.project!r} is not a folder"
                    if root.exists()
                    else f"--project {args.project!r} does not exist"
                ),
                hint="--project names the folder that holds the configuration (pyproject.toml or shapegen.toml)",
            )
        root = root.resolve()
    else:
        root = find_project_root(Path.cwd())
    diagnostics.current.root = root
    config = with_strict(load_config(root), bool(getattr(args, "strict", False)))
    diagnostics.current.emit(config.warnings)
    return config


def _repair_leftovers(config: Config) -> None:
    message = pipeline.recover(config).describe()
    if message:
        print(message, file=sys.stderr)


def cmd_generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    progress.begin()
    config = _config(args)
    with pipeline.locked(config, wait=not args.no_wait), one_look() as code:
        return _generate(args, config, started, code)


def _generate(args: argparse.Namespace, config: Config, started: float, code: Code) -> int:
    _repair_leftovers(config)
    progress.stage("looking for changes")
    same = pipeline.unchanged(config, args.target, code)
    if same is not None:
        progress.clear()
        diagnostics.current.emit(same.warnings)
        if args.quiet:
            return 0
        names = list(args.target or config.targets)  # the manifest matched them: no target module is imported
        print(
            f"shapegen: {len(names)} targets ({', '.join(names)}), "
            f"{same.top_level} top-level shapes ({same.shapes} in all), {same.files} files: "
            f"0 written, {same.files} unchanged, 0 removed in {time.perf_counter() - started:.2f} s "
            "(inputs and output as the last run left them)" + _warnings(same.warnings)
        )
        return 0
    plan = pipeline.build(config, args.target, cached=True)  # check never reads the render cache
    diagnostics.current.emit(plan.warnings)
    progress.stage(f"writing {len(plan.files)} files")
    # leftovers were repaired above, under the lock this run holds; the last run's seals spare
    # reading the output files they vouch for; the manifest is written while the stage is removed
    changes = pipeline.write(
        config,
        plan,
        seals=code.seals,
        recovered=True,
        meanwhile=lambda changes: pipeline.remember(config, plan, code, changes),
    )
    progress.clear()
    if args.quiet:
        return 0
    shapes = sum(len(ns.shapes) for ns in plan.model.namespaces)
    top = sum(len(ns.top_level) for ns in plan.model.namespaces)
    print(
        f"shapegen: {len(plan.targets)} targets ({', '.join(t.name for t in plan.targets)}), "
        f"{top} top-level shapes ({shapes} in all), {len(plan.files)} files: "
        f"{len(changes.written)} written, {len(changes.unchanged)} unchanged, {len(changes.removed)} removed "
        f"in {plan.seconds:.2f} s" + _warnings(plan.warnings)
    )
    if args.timings:
        _print_timings(plan)
    return 0


def _warnings(found: Sequence[Diagnostic]) -> str:
    return f", {len(found)} warning{'s' * (len(found) != 1)}" if found else ""


def _print_timings(plan: pipeline.Plan) -> None:
    for stage, seconds in plan.timings.items():
        print(f"  {stage:<24} {seconds:8.3f} s", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    progress.begin()
    config = _config(args)
    with pipeline.locked(config, wait=not args.no_wait), one_look():
        return _check(args, config)


def _check(args: argparse.Namespace, config: Config) -> int:
    _repair_leftovers(config)
    # always a fresh render: the checkout (its manifest and caches included) is input, never trusted
    plan = pipeline.build(config, args.target)
    diagnostics.current.emit(plan.warnings)
    progress.stage(f"comparing {len(plan.files)} files")
    changes = pipeline.compare(config, plan)
    progress.clear()
    if not changes.written and not changes.removed:
        pipeline.remember(config, plan, changes=changes)
        if not args.quiet:
            print(f"shapegen: {len(plan.files)} files up to date")
        return 0
    text = pipeline.diff(config, plan, changes)
    output = config.output.relative_to(config.root).as_posix()
    diagnostics.current.extra["stale"] = {"differ": sorted(changes.written), "removed": sorted(changes.removed)}
    if diagnostics.current.format == "github":
        diagnostics.current.emit(
            Diagnostic("error", "stale: not what the spec generates", f"{output}/{rel}", "run 'shapegen generate'")
            for rel in sorted(changes.written) + sorted(changes.removed)
        )
    elif args.stat:
        sys.stdout.write(diff_stat(text))
    else:
        sys.stdout.write(text)
    print(
        f"shapegen: {config.output.relative_to(config.root).as_posix()}/ is stale: {len(changes.written)} files differ, {len(changes.removed)} should be removed; "
        "run 'shapegen generate' and commit the result",
        file=sys.stderr,
    )
    return 1


def diff_stat(text: str) -> str:
    """A per-file summary of a unified diff, as `git diff --stat` gives it: each file with the
    lines it gains and loses, then the totals."""
    counts: dict[str, list[int]] = {}
    current: str | None = None
    for line in text.splitlines():
        if line.startswith("--- "):
            current = line[4:].removeprefix("a/")
            continue
        if line.startswith("+++ "):
            name = line[4:]
            if name != "/dev/null":
                current = name.removeprefix("b/")
            counts.setdefault(current or name, [0, 0])
            continue
        if current is None or line.startswith("@@"):
            continue
        if line.startswith("+"):
            counts[current][0] += 1
        elif line.startswith("-"):
            counts[current][1] += 1
    width = max((len(name) for name in counts), default=0)
    rows = [f" {name:<{width}} | {added + removed:>5} +{added} -{removed}" for name, (added, removed) in counts.items()]
    added = sum(a for a, _ in counts.values())
    removed = sum(r for _, r in counts.values())
    rows.append(
        f" {len(counts)} file{'s' * (len(counts) != 1)} changed, {added} insertion{'s' * (added != 1)}(+), "
        f"{removed} deletion{'s' * (removed != 1)}(-)"
    )
    return "\n".join(rows) + "\n"


def _parse_shape(config: Config, spec: str) -> tuple[str, str]:
    ns, sep, name = spec.partition(":")
    if not sep or not ns or not name:
        raise ShapegenError(
            f"--shape {spec!r} is not of the form namespace:Name",
            hint=f"for example --shape {next(iter(config.namespaces), 'ns')}:Name (shapegen list shows every shape)",
        )
    if ns not in config.namespaces:
        raise ShapegenError(f"unknown namespace {ns!r}", hint=f"known namespaces: {', '.join(config.namespaces)}")
    return ns, name


def read_json_file(path: Path) -> object:
    """A JSON document as I-JSON (RFC 7493) means it; see generator.validate.read_json."""
    from generator.validate import read_json

    return read_json(path)


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.validate import read_json, validator_and_warnings

    config = _config(args)
    ns, name = _parse_shape(config, args.shape)
    check, warnings = validator_and_warnings(config, ns, name)
    diagnostics.current.emit(warnings)
    documents = [(Path(f), read_json(Path(f))) for f in args.files]
    invalid = 0
    valid: list[str] = []
    for path, instance in documents:
        errors = check(instance)
        if errors:
            invalid += 1
            if diagnostics.current.format == "text":
                for pointer, message in errors:
                    print(f"{path}: {pointer or '/'}: {message}")
            else:
                diagnostics.current.emit(
                    Diagnostic("error", f"not a valid {ns}:{name}: {message}", f"{path.resolve()} (at #{pointer})")
                    for pointer, message in errors
                )
        else:
            valid.append(str(path))
            if not args.quiet:
                print(f"{path}: valid {ns}:{name}")
    diagnostics.current.extra["valid"] = valid
    return 1 if invalid else 0


def cmd_list(args: argparse.Namespace) -> int:
    config = _config(args)
    loaded = pipeline.load_checked(config)
    diagnostics.current.emit(loaded.warnings)
    roles = {"request": "request body", "response": "response body", "part": "part"}
    rows = [
        (f"{ns.name}:{s.name}", roles[s.role], type(s).__name__.rstrip("_").lower())
        for ns in loaded.model.namespaces
        for s in ns.shapes
    ]
    width = max((len(r[0]) for r in rows), default=0)
    for shape, role, kind in rows:
        print(f"{shape:<{width}}  {role:<13}  {kind}")
    return 0


def cmd_conformance(args: argparse.Namespace) -> int:
    from generator.conformance import run
    from generator.layer.registry import conformance_languages

    known = conformance_languages()
    if args.lang not in known:
        raise ShapegenError(f"no conformance driver for {args.lang!r}", hint=f"one of: {', '.join(known)}")
    config = _config(args)
    try:
        return run(config, args.lang, Path(args.vectors))
    except ImportError as exc:  # the generated package is not there (yet)
        raise ShapegenError(
            f"the generated {args.lang} code cannot be loaded ({exc})",
            where=str(config.output),
            hint=f"generate it first: shapegen generate --target {args.lang}",
        ) from None


def cmd_watch(args: argparse.Namespace) -> int:
    from generator import watch

    def report(exc: ShapegenError) -> None:
        diagnostics.current.emit(exc.diagnostics)

    def load() -> Config:
        root = Path(args.project).resolve() if args.project else find_project_root(Path.cwd())
        return load_config(root)

    return watch.run(load, lambda: cmd_generate(args), report, interval=args.interval)


def cmd_init(args: argparse.Namespace) -> int:
    from generator import scaffold

    folder = Path(args.project or ".").resolve()
    if not folder.is_dir():
        raise ShapegenError(f"--project {args.project!r} is not a folder")
    for line in scaffold.run(
        folder,
        namespace=args.namespace,
        spec=args.spec,
        name=args.name,
        output=args.output,
        interactive=scaffold.on_terminal() and not args.yes,
    ):
        print(f"shapegen: {line}")
    return 0


Add = Callable[[argparse._SubParsersAction, argparse.ArgumentParser], None]  # type: ignore[type-arg]


def add_generate(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    g = sub.add_parser("generate", parents=[common], help="regenerate the output folder from the spec")
    g.add_argument("--target", action="append", help="only this target (repeatable)")
    g.add_argument("--timings", action="store_true", help="print the seconds each stage took (to stderr)")
    g.add_argument("--no-wait", action="store_true", help="fail at once if another run holds the output folder")
    _add_quiet(g)
    g.set_defaults(func=cmd_generate)


def add_check(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    c = sub.add_parser(
        "check", parents=[common], help="exit 1 with a diff when the output folder is stale; writes nothing"
    )
    c.add_argument("--target", action="append", help="only this target (repeatable)")
    c.add_argument("--stat", action="store_true", help="when stale, a per-file summary instead of the whole diff")
    c.add_argument("--no-wait", action="store_true", help="fail at once if another run holds the output folder")
    _add_quiet(c)
    c.set_defaults(func=cmd_check)


def _add_quiet(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="print only problems (no progress on a terminal, no summary when all is well)",
    )


def add_validate(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    v = sub.add_parser("validate", parents=[common], help="validate JSON files against a shape")
    v.add_argument("--shape", required=True, help="namespace:Name, as shapegen list prints it")
    v.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.set_defaults(func=cmd_validate)


def add_list(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    ls = sub.add_parser("list", parents=[common], help="every shape with its namespace and role")
    ls.set_defaults(func=cmd_list)


def add_conformance(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    cf = sub.add_parser(
        "conformance", parents=[common], help="run payload vectors through one language's generated code"
    )
    # the languages with a conformance driver (discovered; checked when the command runs, so that
    # no other command pays for importing every driver)
    cf.add_argument("--lang", required=True, help="a language with a conformance driver, e.g. python")
    cf.add_argument("vectors", help="a JSON-lines file of {shape, json}, or a folder with a manifest.json")
    cf.set_defaults(func=cmd_conformance)


def add_compat(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    from generator.compat.cli import add_parsers as add_compat_parsers  # breaking, upstream

    add_compat_parsers(sub, _config)


def add_watch(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    w = sub.add_parser(
        "watch", parents=[common], help="regenerate whenever the configuration or a spec file is saved (polls)"
    )
    w.add_argument("--target", action="append", help="only this target (repeatable)")
    w.add_argument("--interval", type=float, default=0.5, help="seconds between looks at the files (default 0.5)")
    _add_quiet(w)
    w.set_defaults(func=cmd_watch, timings=False, no_wait=False)


def add_init(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    i = sub.add_parser(
        "init",
        help="write a starter configuration ([tool.shapegen] in pyproject.toml, else shapegen.toml) "
        "and an example spec",
    )
    i.add_argument("--spec", help="your spec, relative to the project (default: an example at schema/example.yaml)")
    i.add_argument("--namespace", help="the spec's namespace (default: from the spec's file name)")
    i.add_argument("--name", help="the base of the generated packages' names (default: <namespace>-shapes)")
    i.add_argument("--output", default="generated", help="the folder shapegen writes (default: generated)")
    i.add_argument("--yes", "-y", action="store_true", help="ask nothing, even on a terminal")
    i.set_defaults(func=cmd_init)


COMMANDS: list[Add] = [
    add_init,
    add_generate,
    add_watch,
    add_check,
    add_validate,
    add_list,
    add_conformance,
    add_compat,
]


class _Version(argparse.Action):
    """--version, reading the installed version only when asked (importlib.metadata costs start-up time)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(f"shapegen {version()}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shapegen",
        description="Schema-first code generator: one OpenAPI 3.1 / JSON Schema spec, models and validators "
        "in Python, TypeScript, Rust, C#, Dart and Go that agree on the wire, docs, and what a change breaks.",
    )
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    p.add_argument(
        "--project",
        help="project folder (default: the nearest folder with a shapegen.toml, or a pyproject.toml "
        "with a [tool.shapegen] table)",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--format",
        choices=diagnostics.FORMATS,
        default="text",
        help="how problems are printed: text (coloured on a terminal unless NO_COLOR is set), json (one "
        "document on stdout when the command ends), github (workflow annotations)",
    )
    common.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (as [tool.shapegen] strict = true does)"
    )
    sub = p.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub, common)
    return p


def _terminate(signum: int, frame: object) -> None:
    # forked render workers reset SIGTERM to its default before they run (pipeline._quiet_worker)
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    code = _main(argv)
    if argv is None:  # the command line itself (the `shapegen` script, python -m generator)
        _leave(code)
    return code


def _leave(code: int) -> None:
    """End the process now: every file and the lock were closed by their own blocks, and the
    interpreter's tear-down would only free the model and plan object by object (about a second on
    the vendor spec), as mypy's command line also skips it."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _main(argv: Sequence[str] | None) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return 2 if exc.code else 0
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
    fmt = getattr(args, "format", "text")
    documented = args.func in (cmd_generate, cmd_check, cmd_validate, cmd_list)
    # breaking and upstream print their reports in their own formats; their problems, as text or annotations
    diagnostics.current = diagnostics.Reporter(fmt if fmt == "github" or (fmt == "json" and documented) else "text")
    progress.current = progress.Progress(sys.stderr if _progress_wanted(args, fmt) else None)
    if diagnostics.current.format == "json":
        # stdout holds the JSON document alone; what the command prints for people goes to stderr
        stdout = sys.stdout
        with contextlib.redirect_stdout(sys.stderr):
            code = _run(args)
        stdout.write(json.dumps(diagnostics.current.document(code), indent=2) + "\n")
        return code
    return _run(args)


def _progress_wanted(args: argparse.Namespace, fmt: str) -> bool:
    """Progress on stderr for the commands that render, when stderr is a terminal; never under
    --quiet or a format for machines."""
    return (
        args.func in (cmd_generate, cmd_check, cmd_watch)
        and fmt == "text"
        and not getattr(args, "quiet", False)
        and sys.stderr.isatty()
    )


def _run(args: argparse.Namespace) -> int:
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)  # clean up as for Ctrl-C
    except ValueError:  # not the main thread
        pass
    try:
        try:
            return int(args.func(args))
        finally:  # whatever the command ends with is printed on a line of its own
            progress.clear()
    except ShapegenError as exc:
        errors = len(exc.errors)
        diagnostics.current.emit(exc.diagnostics)
        if len(exc.diagnostics) > 1:
            warnings = len(exc.diagnostics) - errors
            print(
                f"shapegen: {errors} error{'s' * (errors != 1)}"
                + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""),
                file=sys.stderr,
            )
        return 2
    except KeyboardInterrupt:
        print("shapegen: interrupted; the output is as it was", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        print(
            "shapegen: error: the input is nested too deeply for shapegen to follow\n"
            "  hint: give deeply nested parts a name under components/schemas and $ref them",
            file=sys.stderr,
        )
        return 2
    except Exception:  # a bug in shapegen, not in the user's input
        print("shapegen: internal error (a bug in shapegen; please report it with this trace):", file=sys.stderr)
        import traceback

        traceback.print_exc()
        return 3
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
