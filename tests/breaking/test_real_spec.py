"""`shapegen breaking` at scale: OpenAI's 3 MB spec against a copy with 50 seeded mutations.
Every mutation is found, as the finding its kind produces, at its pointer. (bench/breaking.py
times the same run with the source findings of every language.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from generator.compat.breaking import compare_sides
from generator.compat.mutate import mutate
from generator.compat.side import load_document

SEED = 11
COUNT = 50


@pytest.fixture(scope="module")
def run(shared: Path, tmp_path_factory: pytest.TempPathFactory):
    spec = shared / "specs" / "openai-openapi.yaml"
    document = yaml.load(spec.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    old = load_document(spec, "openai")
    mutated, mutations = mutate(document, old.model.namespaces[0], COUNT, SEED)
    path = tmp_path_factory.mktemp("spec") / "openai-openapi.yaml"
    path.write_text(yaml.dump(mutated, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False))
    new = load_document(path, "openai")
    started = time.perf_counter()
    findings = compare_sides(old, new, languages=[])
    seconds = time.perf_counter() - started
    print(f"\nbreaking on the real spec: {len(findings)} findings in {seconds:.2f} s (wire only)")
    return document, old, mutations, findings


def test_fifty_distinct_mutations_are_made(run) -> None:
    _, _, mutations, _ = run
    assert len(mutations) == COUNT
    assert len({m.shape for m in mutations}) == COUNT
    assert len({m.kind for m in mutations}) >= 6


def test_the_mutations_are_deterministic(run) -> None:
    document, old, mutations, _ = run
    _, again = mutate(document, old.model.namespaces[0], COUNT, SEED)
    assert again == mutations


def test_every_mutation_is_found(run) -> None:
    _, _, mutations, findings = run
    missed = [m.describe() for m in mutations if not any(m.found_by(f) for f in findings)]
    assert missed == []


def test_an_unmutated_spec_has_no_findings(shared: Path, run) -> None:
    _, old, _, _ = run
    assert compare_sides(old, old, languages=[]) == []
