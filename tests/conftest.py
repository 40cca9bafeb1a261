"""Shared fixtures: where the repository, ../shared and the vectors are."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import pytest

REPO = Path(__file__).resolve().parent.parent


# SHAPEGEN_SHARED moves ../shared for the guard alone: `make test-no-shared` points it at a folder that
# does not exist, so that a test reaching ../shared without require_shared() fails there, in CI.
def shared_folder(environ: Mapping[str, str]) -> Path:
    return Path(environ.get("SHAPEGEN_SHARED") or REPO.parent / "shared").resolve()


SHARED = shared_folder(os.environ)
GENERATED = REPO / "generated"
IN_CI = os.environ.get("CI", "").lower() == "true"

sys.path.insert(0, str(REPO))

# Every project a test generates compiles against one cargo target dir and one Go build cache, so
# serde, serde_json, regress and Go's standard library compile once a run, not once a project (the
# Makefile exports the same CARGO_TARGET_DIR; cargo and go each lock what they share).
os.environ.setdefault("CARGO_TARGET_DIR", str(REPO / ".cache" / "cargo-target"))
os.environ.setdefault("GOCACHE", str(REPO / ".cache" / "go-build"))
# A run a test starts renders its targets in its own process: the two xdist workers already keep
# both cores busy, and forked render workers only added their start-up to every generate (about
# 0.6 s of CPU a run of the nine targets). The forked render has tests of its own, which set
# SHAPEGEN_JOBS themselves (cli/test_parallel_render.py, hostile/test_overlapped_check.py), and the
# wheel's runs in tests/adopt get a user's environment, without it.
os.environ.setdefault("SHAPEGEN_JOBS", "1")
# no debug info in the test builds (mk/rust.mk exports the same): nothing runs them under a debugger,
# and every cargo run of the session must agree on it, or the shared target dir builds each crate twice
os.environ.setdefault("CARGO_PROFILE_DEV_DEBUG", "0")
# no incremental cache for the path crates either (mk/rust.mk exports the same): a run builds each
# crate once, so the dep-graph and query cache rustc saves for a next build are never read in CI, and
# saving them was 14% of the vendor spec crate's cold check (150 s of CPU with, 129 s without).
# CARGO_INCREMENTAL=1 gives them back to a developer re-checking one crate after small edits.
os.environ.setdefault("CARGO_INCREMENTAL", "0")


def require_shared() -> Path:
    """../shared, or a skip with the reason (a user's clone); in CI its absence is a failure."""
    if SHARED.is_dir():
        return SHARED
    if IN_CI:
        pytest.fail(f"{SHARED} is missing: CI must run with ../shared beside the clone", pytrace=False)
    pytest.skip(f"{SHARED} is not here (a clone without the shared test material)")


@dataclass(frozen=True)
class Vector:
    origin: str  # "shared" or "project"
    file: Path
    shape: str  # ns:Name
    expect: str  # valid / invalid / unparseable
    note: str

    @property
    def id(self) -> str:
        return f"{self.origin}/{self.file.stem}"

    @property
    def namespace(self) -> str:
        return self.shape.split(":", 1)[0]

    @property
    def name(self) -> str:
        return self.shape.split(":", 1)[1]

    def text(self) -> str:
        return self.file.read_text(encoding="utf-8")


def _manifest(folder: Path, origin: str) -> list[Vector]:
    path = folder / "manifest.json"
    if not path.is_file():
        return []
    entries = json.loads(path.read_text(encoding="utf-8"))
    return [Vector(origin, folder / f, e["shape"], e["expect"], e.get("note", "")) for f, e in sorted(entries.items())]


def project_vectors() -> list[Vector]:
    return _manifest(REPO / "tests" / "vectors", "project")


def shared_vectors() -> list[Vector]:
    """The shared vectors, or [] where ../shared is not (a test that needs one uses `vector`)."""
    return _manifest(SHARED / "vectors", "shared")


def all_vectors() -> list[Vector]:
    """Every vector this checkout can see; the shared ones are listed only where ../shared is."""
    return shared_vectors() + project_vectors()


def vector(origin: str, file_name: str) -> Vector:
    """One named vector; a shared one goes through the guard (a skip in a user's clone)."""
    folder = require_shared() / "vectors" if origin == "shared" else REPO / "tests" / "vectors"
    found = [v for v in _manifest(folder, origin) if v.file.name == file_name]
    assert found, f"{folder / file_name} is not in its manifest.json"
    return found[0]


@pytest.fixture(scope="session")
def shared() -> Path:
    return require_shared()


# ---------------------------------------------------------------- property tests: repeatable by default

from hypothesis import HealthCheck, settings  # noqa: E402

# `make test` (and CI) draws the same examples on every run and machine, so a property test fails
# for everyone or for no one; every example that once found a bug is an explicit @example beside
# the test. `make fuzz` (HYPOTHESIS_PROFILE=fuzz) draws new examples, many more, and is never
# part of the required run: what it finds becomes an @example.
settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "repeatable")


# ---------------------------------------------------------------- tiers

# Every test has one tier, registered in pyproject.toml ([tool.pytest.ini_options] markers):
#   fast       no external toolchain (Python only) and quick: `make test-fast`, the edit loop
#   slow       Python only, but slow: end-to-end CLI runs in subprocesses, whole-spec runs, wheel builds
#   golden     the golden cases (tests/golden)
#   toolchain  compiles or runs generated code with a language's compiler (tsc/node, cargo, mcs/mono, go, pyright)
#   interop    the same payloads through several languages at once
#   scale      large schemas through a compiler
# A test marked in its module keeps its mark; the others are marked here, by where they live.
TIERS = ("fast", "slow", "golden", "toolchain", "interop", "scale")

_BY_PATH = {
    "golden": "golden",
    "conformance": "interop",
    "every_language": "toolchain",  # the behaviour tables, through every language's driver
    "interop": "interop",
    "consumers": "toolchain",  # each language's consumer program, built with its compiler
    "decided/test_one_verdict.py": "interop",
    "typescript": "toolchain",
    "rust": "toolchain",
    "csharp": "toolchain",
    "go": "toolchain",
    "realspec": "toolchain",
    "breaking/test_compilers.py": "toolchain",
    "python/test_typecheck.py": "toolchain",  # pyright runs on node
    "layer/test_dialects_in_their_engines.py": "toolchain",
    "layer/test_patterns.py": "toolchain",
    # the hostile cases through every language's strictest checker: cargo clippy, tsc, mcs, go vet
    "hostile/test_every_language_compiles.py": "toolchain",
    "rust/test_scale.py": "scale",
    "typescript/test_scale.py": "scale",
    # Python only, each test seconds: the CLI in subprocesses, projects generated per test, the
    # vendor spec, property tests drawing thousands of instances, wheel builds, mypy and black
    "cli": "slow",
    "adopt": "slow",  # a user's project end to end: init, watch, breaking against git, the vendor spec
    "decided/test_ir_walk.py": "slow",  # mypy
    "hostile": "slow",
    "oracle": "slow",
    "breaking/test_real_spec.py": "slow",
    "breaking/test_upstream.py": "slow",
    "dart/test_compiler_checks.py": "slow",
    "python/test_package.py": "slow",
    "python/test_black_layout.py": "slow",
    "validators/test_differential.py": "slow",
    "validators/test_black_layout.py": "slow",
    "validators/test_typed_output.py": "slow",
    "validators/test_conformance.py": "slow",
}

# what an unknown folder's test that needs a compiler mentions (in the module or its folder's helpers)
_TOOLCHAIN_WORDS = re.compile(
    r"\b(cargo|rustc|mcs|mono|tsc|npm|npx|dotnet|go build|go test|go vet|pyright|ensure_toolchain|"
    r"compile_sources|typecheck|generator\.drivers)\b|\bnode\("
)
# executables that are an external toolchain: under `make test-fast` (SHAPEGEN_TIER=fast) starting
# one fails the test, so a test the rules above call fast cannot reach a compiler unnoticed
TOOLCHAIN_PROGRAMS = frozenset(
    "node npm npx tsc cargo rustc rustup rustfmt cargo-clippy clippy-driver mcs mono csc dotnet go gofmt dart "
    "flutter pyright pyright-langserver make apt-get".split()
)


@lru_cache(maxsize=None)
def _mentions_a_toolchain(module: Path) -> bool:
    texts = [module] + sorted(p for p in module.parent.glob("*.py") if not p.name.startswith("test_"))
    return any(_TOOLCHAIN_WORDS.search(p.read_text(encoding="utf-8")) for p in texts)


def tier_of(path: Path, tests: Path = REPO / "tests") -> str:
    """The tier of a test module (under `tests`) without a mark of its own."""
    rel = path.resolve().relative_to(tests.resolve()).as_posix()
    for key in sorted(_BY_PATH, key=len, reverse=True):
        if rel == key or rel.startswith(key + "/"):
            return _BY_PATH[key]
    known = {"breaking", "cli", "docs", "dart", "hostile", "layer", "oracle", "python", "unit", "validators", "quoting"}
    if rel.split("/")[0] not in known and _mentions_a_toolchain(path.resolve()):
        return "toolchain"
    return "fast"


def pytest_collection_modifyitems(config, items):
    for item in items:
        marked = {m.name for m in item.iter_markers() if m.name in TIERS}
        if len(marked) > 1:
            raise pytest.UsageError(f"{item.nodeid} has more than one tier: {', '.join(sorted(marked))}")
        if not marked:
            item.add_marker(getattr(pytest.mark, tier_of(Path(str(item.fspath)))))
        # the tier travels with the test's reports (to the controller, under pytest-xdist)
        item.user_properties.append(("tier", next(m.name for m in item.iter_markers() if m.name in TIERS)))
    if os.environ.get("SHAPEGEN_SKIP_PASSED"):
        _leave_out_what_passed(config, items, Path(os.environ["SHAPEGEN_SKIP_PASSED"]))
    if config.pluginmanager.hasplugin("xdist"):
        _group_for_workers(config, items)


# ---------------------------------------------------------------- CI: the fast tier once, not twice

# CI (.ci/run) runs the fast tier twice: first as a user's clone (`make test-no-shared`: ../shared
# hidden, CI unset, compilers refused), then in `make test` with everything else. There, with
# SHAPEGEN_SKIP_PASSED naming the list the first run wrote (SHAPEGEN_RECORD_PASSED), a fast test
# that passed in the first run is not run again when nothing it can see differs between the runs:
# the two differ only in ../shared, reached through the guard's names (require_shared, the
# `shared` fixture, shared_vectors, all_vectors, vector, SHARED: tests/unit/test_shared_guard.py
# holds every test to them), and in CI (IN_CI, the variable), so a test whose module, the helper
# modules and conftest.py files of its folder, or a tests.* module it imports (and so on) names
# any of them (this module is the guard: what a test imports from it is named where it is used)
# runs again, as does every test that did not pass there. A test's id carries its
# parameters: one drawn from ../shared is a test the first run never had. `make test` alone, as a
# user runs it, sets neither and runs everything.
_SURROUNDINGS = re.compile(
    r"\b(require_shared|shared_vectors|all_vectors|SHARED|SHAPEGEN_SHARED|IN_CI)\b|\bvector\("
    r"|\bdef\s+\w+\([^)]*\bshared\b|[\"']CI[\"']"
)
_IMPORTED = re.compile(r"^\s*(?:from\s+(tests(?:\.\w+)*)\s+import\s+([\w, ()]+)|import\s+(tests(?:\.\w+)+))", re.M)
_LEFT_OUT = pytest.StashKey[set]()  # the tiers of the tests left out


def _module_file(dotted: str) -> Path | None:
    base = REPO.joinpath(*dotted.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported_tests_modules(text: str) -> list[Path]:
    found = []
    for package, names, module in _IMPORTED.findall(text):
        if module:
            found.append(_module_file(module))
            continue
        found.append(_module_file(package))
        for name in re.findall(r"\w+", names):  # `from tests.x import y` where y is a module
            found.append(_module_file(f"{package}.{name}"))
    return [p for p in found if p is not None]


@lru_cache(maxsize=None)
def sees_surroundings(module: Path) -> bool:
    """Whether a test module could give another result with ../shared beside it or under CI=true."""
    module = module.resolve()
    texts = [module] + sorted(p for p in module.parent.glob("*.py") if not p.name.startswith("test_"))
    folder = module.parent
    while folder != REPO / "tests" and REPO / "tests" in folder.parents:
        texts.append(folder / "conftest.py")
        folder = folder.parent
    seen: set[Path] = set()
    while texts:
        path = texts.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        text = path.read_text(encoding="utf-8")
        if _SURROUNDINGS.search(text):
            return True
        # this module, the guard, is not followed: what a test takes from it is named where it is used
        texts.extend(p.resolve() for p in _imported_tests_modules(text) if p.resolve() != Path(__file__).resolve())
    return False


def _leave_out_what_passed(config, items, passed_list: Path) -> None:
    passed = set(passed_list.read_text(encoding="utf-8").splitlines()) if passed_list.is_file() else set()
    keep, left_out = [], []
    for item in items:
        fast = any(m.name == "fast" for m in item.iter_markers())
        if fast and item.nodeid in passed and not sees_surroundings(Path(str(item.fspath))):
            left_out.append(item)
        else:
            keep.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = keep
    config.stash[_LEFT_OUT] = {"fast"} if left_out else set()


_PASSED: dict[str, bool] = {}  # test -> every phase so far passed


def _record_outcome(report) -> None:
    if report.when == "call" or not report.passed:
        _PASSED[report.nodeid] = report.passed and _PASSED.get(report.nodeid, True)


def pytest_sessionfinish(session):
    record = os.environ.get("SHAPEGEN_RECORD_PASSED")
    if record and not hasattr(session.config, "workerinput"):
        Path(record).write_text("".join(f"{t}\n" for t, ok in sorted(_PASSED.items()) if ok), encoding="utf-8")


# ---------------------------------------------------------------- two workers (pytest-xdist)

# `make test` runs the suite on two workers (`-n 2 --dist loadgroup`). A group runs on one worker,
# start to end: a module is a group (its module fixtures run once), and the modules that share a
# session fixture or a build folder under .cache are one group, so that nothing is built twice nor
# by both workers at once. The groups that hold the long compiler runs start first, so that they
# overlap with the many short Python tests rather than end the run alone.
_GROUPS = {
    # one cargo workspace (.cache/rust-tests), the behaviour fixture and its conformance driver
    "rust": ("rust",),
    # the fixture project, the runtime and the C# test programs, each compiled once a session
    "csharp": ("csharp",),
    # the fixture and project packages, rendered once a session, and their driver builds
    "typescript": ("typescript",),
    # staticcheck, installed once a session, and the modules it and go vet check
    "go": ("go",),
    # the project's conformance drivers in every language, built once
    "conformance": ("conformance", "every_language"),
    # the wheel and the virtual environment it is installed in (tests/adopt/conftest.py: installed),
    # built once a session: about 11 s of CPU, paid twice when two of its modules met two workers
    "adopt": ("adopt",),
}
# a long compiler run that shares nothing with its folder's other modules: a group of its own
_ALONE = ("rust/test_scale.py", "typescript/test_scale.py")
# these start first, the longest compiler runs first; the rest follow in collection order. Cargo
# builds one thing at a time in a target dir (a second build waits for the first), so the two
# longest checks have target dirs of their own and the groups that build in the shared one are
# spaced out between groups that do not.
FIRST = (
    "rust/test_scale.py",  # cargo, a target dir of its own
    "realspec/test_realspec.py",  # cargo on the vendor spec, a target dir of its own
    "rust",
    "typescript/test_scale.py",
    "conformance",
    "consumers/test_python.py",
    "breaking/test_compilers.py",
    "hostile/test_every_language_compiles.py",
    "decided/test_one_verdict.py",
    "typescript",
    "consumers/test_rust.py",
    "csharp",
    "interop/test_rust_sdk.py",
    "go",
    "python/test_typecheck.py",
)


def group_of(path: Path, tests: Path = REPO / "tests") -> str:
    rel = path.resolve().relative_to(tests.resolve()).as_posix()
    if rel in _ALONE:
        return rel
    for group, members in _GROUPS.items():
        if any(rel == m or rel.startswith(m + "/") for m in members):
            return group
    return rel


def _start_rank(group: str) -> int:
    return FIRST.index(group) if group in FIRST else len(FIRST)


def _group_for_workers(config, items) -> None:
    if hasattr(config, "workerinput"):  # a worker: the controller hands out groups in this order
        groups = {}
        for item in items:
            groups.setdefault(item.fspath, group_of(Path(str(item.fspath))))
        order = sorted(dict.fromkeys(groups.values()), key=_start_rank)
        first = {g: i for i, g in enumerate(order)}
        items.sort(key=lambda item: first[groups[item.fspath]])


# The controller schedules whole groups: a group is worked out from the test's path, not from an
# `xdist_group` mark, because xdist carries that mark to the controller by appending "@group" to
# the node id, which pytest 9.2's structured node ids no longer allow (pytest-xdist#1386: the mark
# is silently ignored, and a module's tests are dealt out across both workers). The groups go out
# in collection order, which the workers sort by _start_rank, not by size.
try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pytest without xdist: one process, nothing to schedule
    LoadScopeScheduling = object  # type: ignore[assignment,misc]


class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc,valid-type]
    def _split_scope(self, nodeid: str) -> str:
        return group_of(REPO / nodeid.split("::", 1)[0])


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    config.option.loadscopereorder = False
    return GroupScheduling(config, log)


def started_program(args, shell: bool = False) -> str:
    """The name of the program a subprocess.Popen(args) starts."""
    argv = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args)
    first = os.fsdecode(argv[0]) if argv else ""
    if shell or isinstance(args, (str, bytes)):
        first = first.split()[0] if first.strip() else ""
    return Path(first).name


def _refuse_toolchains() -> None:
    original = subprocess.Popen.__init__

    def guarded(self, args, *rest, **kwargs):
        program = started_program(args, shell=bool(kwargs.get("shell")))
        if program in TOOLCHAIN_PROGRAMS:
            pytest.fail(
                f"a fast test started {program!r}: mark it toolchain (or interop/scale), or leave the compiler out",
                pytrace=False,
            )
        original(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = guarded  # type: ignore[method-assign]


def pytest_configure(config):
    if os.environ.get("SHAPEGEN_TIER") == "fast":
        _refuse_toolchains()


# Each tier's count, wall time and CPU time at the end of a run; CPU counts the test's process and
# every program it ran and waited for (compilers included), so it holds on a loaded machine where
# wall time does not. SHAPEGEN_CPU_TOP=N lists the N tests that took the most CPU.
_TIER_TIMES: dict[str, list[float]] = {}  # tier -> [tests, wall seconds, CPU seconds] (setup + call + teardown)
_TEST_TIMES: dict[str, list[float]] = {}  # test -> [wall, CPU]
_TIER_OF_ITEM: dict[str, str] = {}
_CPU_AT = pytest.StashKey[float]()


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    item.stash[_CPU_AT] = cpu_seconds()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    item.stash[_CPU_AT] = cpu_seconds()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    item.stash[_CPU_AT] = cpu_seconds()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    started = item.stash.get(_CPU_AT, None)
    if started is not None:
        outcome.get_result().user_properties.append(("cpu", cpu_seconds() - started))


def pytest_collection_finish(session):
    for item in session.items:
        _TIER_OF_ITEM[item.nodeid] = next(m.name for m in item.iter_markers() if m.name in TIERS)
    config = session.config
    whole_suite = not (
        config.option.markexpr or config.option.keyword or config.args_source == pytest.Config.ArgsSource.ARGS
    )
    if whole_suite and session.items:
        ran = set(_TIER_OF_ITEM.values()) | config.stash.get(_LEFT_OUT, set())
        empty = [t for t in TIERS if t not in ran]
        if empty:
            raise pytest.UsageError(f"the tiers {', '.join(empty)} selected no test: a whole run must run every tier")


def pytest_runtest_logreport(report):
    _record_outcome(report)
    properties = dict(report.user_properties)
    tier = properties.get("tier")
    if tier is not None:
        cpu = properties.get("cpu", 0.0)
        counts = _TIER_TIMES.setdefault(tier, [0, 0.0, 0.0])
        counts[0] += report.when == "call" or (report.when == "setup" and report.skipped)
        counts[1] += report.duration
        counts[2] += cpu
        test = _TEST_TIMES.setdefault(report.nodeid.split("@")[0], [0.0, 0.0])
        test[0] += report.duration
        test[1] += cpu


def pytest_terminal_summary(terminalreporter):
    if _TIER_TIMES:
        parts = [
            f"{t} {int(_TIER_TIMES[t][0])} tests {_TIER_TIMES[t][1]:.0f} s (CPU {_TIER_TIMES[t][2]:.0f} s)"
            for t in TIERS
            if t in _TIER_TIMES
        ]
        terminalreporter.write_line("tiers: " + "; ".join(parts))
    top = int(os.environ.get("SHAPEGEN_CPU_TOP") or 0)
    if top:
        terminalreporter.write_line(f"the {top} tests that took the most CPU (setup + call + teardown):")
        for test, (wall, cpu) in sorted(_TEST_TIMES.items(), key=lambda kv: -kv[1][1])[:top]:
            terminalreporter.write_line(f"  CPU {cpu:7.1f} s  wall {wall:7.1f} s  {test}")
