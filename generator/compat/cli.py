"""The `breaking` and `upstream` subcommands; `generator.cli` registers them with `add_parsers`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, Callable

from generator.compat import ignore, report, versioning
from generator.compat.findings import level_rank
from generator.config import Config
from generator.errors import ShapegenError


def add_parsers(sub: Any, config: Callable[[argparse.Namespace], Config]) -> None:
    b = sub.add_parser(
        "breaking",
        help="what changed in the spec since REF breaks, for whom (wire) and in which language (source)",
    )
    b.add_argument("--against", metavar="REF", help="a git revision, or a folder holding another copy")
    b.add_argument("--rules", action="store_true", help="print every rule with its levels per role, and exit")
    _common(b)
    b.add_argument(
        "--check-version",
        action="store_true",
        help="exit 1 when [tool.shapegen] version was not bumped as much as the findings need",
    )
    b.add_argument(
        "--ignore-file",
        metavar="FILE",
        help=f"accepted findings (default: {ignore.FILE_NAME} in the project folder)",
    )
    b.set_defaults(func=lambda args: cmd_breaking(args, None if args.rules else config(args)))

    u = sub.add_parser(
        "upstream", help="compare each shape with the vendor spec's schema it names (x-shapegen-upstream)"
    )
    u.add_argument("--spec", required=True, metavar="FILE", help="the vendor's OpenAPI document")
    _common(u)
    # any drift fails by default: a difference nobody accounted for is the point of the command
    u.set_defaults(func=lambda args: cmd_upstream(args, config(args)), fail_on="info")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=report.FORMATS, default="text")
    p.add_argument(
        "--fail-on",
        choices=("breaking", "warning", "info", "never"),
        default="breaking",
        help="exit 1 when a finding at this level or worse is not accepted "
        "(default: breaking; for upstream: info, any drift)",
    )


def _fails(findings: list[Any], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    limit = level_rank(fail_on)
    return any(f.accepted is None and level_rank(f.level) <= limit for f in findings)


def cmd_breaking(args: argparse.Namespace, config: Config | None) -> int:
    from generator.compat.breaking import compare_sides
    from generator.compat.side import load_against, load_side

    if args.rules:
        from generator.compat.rules import rule_table_markdown

        print(rule_table_markdown())
        return 0
    if not args.against:
        raise ShapegenError("--against REF is required", hint="for example --against main, or --against ../old-copy")
    assert config is not None
    started = time.perf_counter()
    new = load_side(config.root, "working tree")
    old = load_against(config.root, args.against)
    notes: list[str] = []
    findings = compare_sides(old, new, notes=notes)
    path = Path(args.ignore_file) if args.ignore_file else config.root / ignore.FILE_NAME
    findings = ignore.apply(findings, ignore.load(path, root=config.root, explicit=bool(args.ignore_file)))
    seconds = time.perf_counter() - started

    bump = versioning.needed(findings, old.version)
    key = _version_key(config)
    footer = list(notes)
    version_ok = True
    extra: dict[str, Any] = {"against": args.against, "bump": bump, "seconds": round(seconds, 3)}
    if old.version and new.version:
        version_ok = versioning.enough(bump, old.version, new.version)
        extra.update(old_version=old.version, new_version=new.version, version_ok=version_ok)
        footer.append(_version_line(bump, old.version, new.version, key, version_ok))
    else:
        needed = "no bump needed" if bump == "none" else f"a {bump} bump needed"
        footer.append(
            f"version: {needed}; {key} is not set on both sides, so it is not checked "
            '(set it, for example version = "0.1.0", to have --check-version hold each bump to it)'
        )
        if args.check_version:
            version_ok = False
    pending = [
        f
        for f in findings
        if args.fail_on != "never" and f.accepted is None and level_rank(f.level) <= level_rank(args.fail_on)
    ]
    if pending:
        ignore_file = _shown(path, config.root)
        example = pending[0]
        footer.extend(  # one line each: the report escapes line breaks inside a line
            [
                f"to accept a finding, list it in {ignore_file} with the reason, for example:",
                "  accepted:",
                f"    - rule: {example.rule}",
                f"      at: {example.path}",
                f"      category: {example.category}",
                "      reason: <why shipping this is fine>",
            ]
        )
    findings = [_in_their_language(f) for f in findings]
    title = f"shapegen breaking against {args.against}"
    sys.stdout.write(
        report.render(findings, args.format, title=title, footer=footer, extra=extra, colour=_colour(args))
    )
    failed = _fails(findings, args.fail_on) or (args.check_version and not version_ok)
    return 1 if failed else 0


# languages whose code is not compiled: their users' code does not "stop compiling", it breaks
# where a type checker looks at it or where it runs
_NOT_COMPILED = ("source:python",)


def _in_their_language(finding: Any) -> Any:
    if finding.category in _NOT_COMPILED and "stops compiling" in finding.message:
        from dataclasses import replace

        return replace(
            finding, message=finding.message.replace("stops compiling", "breaks source (a type checker flags it)")
        )
    return finding


def _colour(args: argparse.Namespace) -> bool:
    """The text report is coloured on a terminal, unless NO_COLOR is set."""
    from generator.diagnostics import colour_wanted

    return args.format == "text" and colour_wanted(sys.stdout)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _version_key(config: Config) -> str:
    """How the user's configuration spells the version key: `[tool.shapegen] version` (pyproject.toml)
    or `version` (shapegen.toml), with the file."""
    return f"[{config.table}] version in {config.file_name}" if config.table else f"version in {config.file_name}"


def _version_line(bump: str, old: str, new: str, key: str, ok: bool) -> str:
    if bump == "none":
        return f"version: no bump needed ({old} -> {new})"
    if ok:
        return f"version: a {bump} bump needed; {old} -> {new} gives it"
    suggestion = versioning.next_version(old, bump)
    if old == new:
        return f'version: a {bump} bump needed; {key} is still {old}: set version = "{suggestion}"'
    done = versioning.actual(old, new)
    if done == "none":
        return f'version: a {bump} bump needed; {key} went from {old} back to {new}: set version = "{suggestion}"'
    return f'version: a {bump} bump needed; {old} -> {new} is only a {done} bump: set version = "{suggestion}" in {key}'


def cmd_upstream(args: argparse.Namespace, config: Config) -> int:
    from generator.compat.upstream import run

    findings, footer, extra = run(config, Path(args.spec))
    title = f"shapegen upstream against {args.spec}"
    sys.stdout.write(
        report.render(findings, args.format, title=title, footer=footer, extra=extra, colour=_colour(args))
    )
    return 1 if _fails(findings, args.fail_on) else 0
