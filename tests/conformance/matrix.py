"""The conformance matrix: every vector through every language's generated code.

    python tests/conformance/matrix.py      # make conformance: print the matrix

A cell is right when the language's verdict is the expected one and, for a valid payload, its
re-serialised JSON equals the input (as JSON: 1 == 1.0, key order free, true is not 1).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO))

from generator.config import load_config  # noqa: E402
from generator.conformance import Item, json_equal, load_items, results  # noqa: E402
from generator.conformance import languages as driver_languages  # noqa: E402
from tests.conftest import SHARED  # noqa: E402

VECTOR_DIRS = [SHARED / "vectors", REPO / "tests" / "vectors"]  # the shared ones only where ../shared is


@dataclass(frozen=True)
class Cell:
    item: Item
    lang: str
    result: dict

    @property
    def right(self) -> bool:
        ok = self.result.get("ok")
        if self.item.expect == "valid":
            return ok is True and json_equal(self.result.get("json"), json.loads(self.item.text))
        return ok is False

    @property
    def why(self) -> str:
        if self.item.expect == "valid" and self.result.get("ok") is True:
            return "round trip differs: " + json.dumps(self.result.get("json"))[:300]
        if self.item.expect == "valid":
            return "rejected a valid payload: " + str(self.result.get("error"))
        return f"accepted an {self.item.expect} payload"


def languages(configured: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """The languages the project generates (pyproject.toml) that have a conformance driver
    (discovered in generator/drivers/, see generator.layer.registry)."""
    targets = load_config(REPO).targets if configured is None else configured
    return [lang for lang in driver_languages() if lang in targets]


def items() -> list[Item]:
    return [i for folder in VECTOR_DIRS if (folder / "manifest.json").is_file() for i in load_items(folder)]


def matrix(langs: list[str] | None = None) -> list[Cell]:
    config = load_config(REPO)
    vectors = items()
    cells = []
    for lang in langs or languages():
        cells += [Cell(i, lang, r) for i, r in zip(vectors, results(config, lang, vectors))]
    return cells


def main() -> int:
    cells = matrix()
    order = driver_languages()
    langs = sorted({c.lang for c in cells}, key=lambda lang: order.index(lang) if lang in order else len(order))
    by = {(c.item.id, c.lang): c for c in cells}
    ids = list(dict.fromkeys(c.item.id for c in cells))
    width = max(len(i) for i in ids)
    print(f"{'vector':<{width}}  {'expect':<11}  " + "  ".join(f"{lang:<10}" for lang in langs))
    for vid in ids:
        first = by[(vid, langs[0])]
        marks = ["ok" if by[(vid, lang)].right else "WRONG" for lang in langs]
        print(f"{vid:<{width}}  {first.item.expect:<11}  " + "  ".join(f"{m:<10}" for m in marks))
    wrong = [c for c in cells if not c.right]
    for c in wrong:
        print(f"  {c.lang} {c.item.id}: {c.why}")
    right = len(cells) - len(wrong)
    print(f"conformance: {len(ids)} vectors x {len(langs)} languages: {right} passed, {len(wrong)} failed")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
