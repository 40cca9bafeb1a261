"""Oracle: an independent reading of our JSON Schema bundles against our pydantic models.

datamodel-code-generator (DMCG) renders pydantic v2 models from each
`generated/jsonschema/<ns>.schema.json`, with its default settings. Every vector (../shared/vectors
and tests/vectors, manifest format: file -> {shape: "ns:Name", expect: valid|invalid|unparseable})
is parsed by DMCG's model and by ours (`generated/python`, `Model.model_validate_json`), and the two
verdicts must agree, except where `KNOWN_DIFFERENCES` records why they do not; there the test
asserts that the difference is still there, so a difference that goes away gets noticed and its
entry removed. Our models must also give the manifest's verdict.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, NoReturn

import pydantic
import pytest

from tests.conftest import GENERATED, IN_CI, SHARED, Vector, all_vectors, require_shared

JSONSCHEMA_DIR = GENERATED / "jsonschema"
PYTHON_DIR = GENERATED / "python"
PACKAGE = "realtime_shapes"

# vector id (origin/stem, as tests.conftest.Vector.id) -> (DMCG's verdict, our verdict, why they differ)
KNOWN_DIFFERENCES: dict[str, tuple[str, str, str]] = {
    "shared/invalid_max_output_tokens_string": (
        "valid",
        "invalid",
        "DMCG's models parse in pydantic's lax mode, which coerces the string \"4096\" to the integer 4096 "
        '(max_output_tokens: integer 1..4096 | "inf"); ours are strict, as JSON Schema is',
    ),
    **{
        f"project/{stem}": ("valid", "invalid", f"DMCG's lax mode coerces {what}; ours are strict, as JSON Schema is")
        for stem, what in (
            ("bool_as_int_create_response", "the integer 1 to the boolean true"),
            ("bool_as_string_parallel_tool_calls", 'the string "true" to the boolean true'),
            ("int_as_bool_response_expires_at", "the boolean true to the integer 1"),
        )
    },
    **{
        f"project/{stem}": (
            "valid",
            "invalid",
            f"DMCG types every optional property as `X | None = None`, so it accepts an explicit null for {what}, "
            "which the schema does not allow; ours tell absent (fine) from null (rejected)",
        )
        for stem, what in (
            ("null_where_not_nullable_request_include", "request include"),
            ("null_where_not_nullable_request_instructions", "instructions"),
            ("null_where_not_nullable_request_voice", "voice"),
            ("oci_details_freeform_null", "freeformTags"),
            ("s5_transcription_response_language_null", "transcription.language"),
        )
    },
}

# forward-compatible response unions: the bundle's catch-all branch is an object whose tag is a
# string `not` one of the known values; DMCG drops the `not`, so its catch-all also takes a known
# tag whose body is invalid, and it accepts what the known variant rejects
KNOWN_DIFFERENCES.update(
    {
        f"{origin}/{stem}": (
            "valid",
            "invalid",
            "DMCG renders an open union's catch-all as `tag: str` (it ignores `not: {enum: [...]}`), so a known "
            f"tag with an invalid body ({what}) falls through to it; ours check the known variant",
        )
        for origin, stem, what in (
            ("shared", "invalid_response_session_missing_id", "a session without id"),
            ("project", "f10_response_known_tool_type_still_checked", "a function tool without name"),
            ("project", "mcp_tool_filter_unknown_property", "an MCP tool filter with an unknown property"),
            ("project", "response_mcp_filter_is_closed_everywhere", "an MCP tool filter with an unknown property"),
            ("project", "s5_transcription_response_legacy_format_string", "a transcription session's legacy format"),
            ("project", "s6_transcription_response_turn_detection_untyped", "a transcription session's turn detection"),
            ("project", "s6_transcription_response_wrong_object", "a transcription session's wrong object"),
        )
    }
)


def _unavailable(reason: str) -> NoReturn:
    """A missing prerequisite: a skip with its reason on a developer's machine, a failure in CI."""
    if IN_CI:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# ---------------------------------------------------------------- verdicts


def verdict(model: Any, text: str) -> str:
    """'valid', 'invalid' or 'unparseable' (the text is not JSON)."""
    parse: Callable[[str], Any]
    if hasattr(model, "model_validate_json"):
        parse = model.model_validate_json
    else:  # a type alias (a union or an enum at the top level)
        parse = pydantic.TypeAdapter(model).validate_json
    try:
        parse(text)
    except pydantic.ValidationError as exc:
        return "unparseable" if any(e["type"] == "json_invalid" for e in exc.errors()) else "invalid"
    return "valid"


# ---------------------------------------------------------------- DMCG's models, once per session


def dmcg_source(bundle: Path, out: Path) -> Path:
    from datamodel_code_generator import DataModelType, InputFileType, generate
    from datamodel_code_generator.format import Formatter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DMCG's notices about its future defaults
        generate(
            bundle.read_text(encoding="utf-8"),
            input_file_type=InputFileType.JsonSchema,
            output=out,
            output_model_type=DataModelType.PydanticV2BaseModel,
            disable_timestamp=True,
            formatters=[Formatter.BLACK],
        )
    return out


def load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves forward references through sys.modules
    spec.loader.exec_module(module)
    return module


class DmcgModels:
    """DMCG's models per namespace, generated on first use into a session temp folder."""

    def __init__(self, folder: Path, bundles: Path = JSONSCHEMA_DIR):
        self.folder = folder
        self.bundles = bundles
        self.modules: dict[str, ModuleType] = {}

    def model(self, namespace: str, name: str) -> Any:
        if namespace not in self.modules:
            bundle = self.bundles / f"{namespace}.schema.json"
            if not bundle.is_file():
                _unavailable(f"{bundle} is missing: run `python -m generator generate` first")
            source = dmcg_source(bundle, self.folder / f"dmcg_{namespace}.py")
            self.modules[namespace] = load_module(source, f"_oracle_dmcg_{namespace}")
        module = self.modules[namespace]
        if not hasattr(module, name):
            pytest.fail(f"DMCG did not make a model named {name} from {namespace}.schema.json", pytrace=False)
        return getattr(module, name)


@pytest.fixture(scope="session")
def dmcg(tmp_path_factory) -> DmcgModels:
    return DmcgModels(tmp_path_factory.mktemp("dmcg"))


def our_model(namespace: str, name: str) -> Any:
    if not (PYTHON_DIR / PACKAGE).is_dir():
        _unavailable(f"{PYTHON_DIR / PACKAGE} is missing: the python target has not been generated")
    if str(PYTHON_DIR) not in sys.path:
        sys.path.insert(0, str(PYTHON_DIR))
    try:
        module = importlib.import_module(f"{PACKAGE}.{namespace}")
    except ModuleNotFoundError:
        _unavailable(f"{PACKAGE}.{namespace} is not generated: the schema has no namespace {namespace!r}")
    if not hasattr(module, name):
        _unavailable(f"{PACKAGE}.{namespace} has no shape {name!r}")
    return getattr(module, name)


# ---------------------------------------------------------------- the tests

VECTORS = all_vectors()


def test_shared_vectors_are_here():
    """The shared vectors are most of the oracle's input: their absence is a skip with its reason
    (or, in CI, a failure), not a silently smaller parameter list."""
    shared = require_shared()
    assert (shared / "vectors" / "manifest.json").is_file()


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_dmcg_and_our_models_agree(vector: Vector, dmcg: DmcgModels):
    ours = verdict(our_model(vector.namespace, vector.name), vector.text())
    theirs = verdict(dmcg.model(vector.namespace, vector.name), vector.text())
    known = KNOWN_DIFFERENCES.get(vector.id)
    if known is None:
        assert theirs == ours, (
            f"{vector.id}: DMCG says {theirs}, our models say {ours} (expected {vector.expect}); "
            "fix our models, or record the difference in KNOWN_DIFFERENCES with its reason"
        )
    else:
        recorded_theirs, recorded_ours, reason = known
        assert (theirs, ours) == (recorded_theirs, recorded_ours), (
            f"{vector.id}: the recorded difference ({reason}) is gone or changed: DMCG now says {theirs}, "
            f"ours {ours}; update or remove its KNOWN_DIFFERENCES entry"
        )


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_our_models_give_the_expected_verdict(vector: Vector):
    assert verdict(our_model(vector.namespace, vector.name), vector.text()) == vector.expect


def test_known_differences_name_existing_vectors():
    ids = {v.id for v in VECTORS}
    if any(k.startswith("shared/") for k in KNOWN_DIFFERENCES) and not SHARED.is_dir():
        require_shared()
    assert set(KNOWN_DIFFERENCES) <= ids, sorted(set(KNOWN_DIFFERENCES) - ids)
    for key, (theirs, ours, reason) in KNOWN_DIFFERENCES.items():
        assert theirs != ours and reason, key
