"""`generator.layer.patterns.re2`: the RE2 spelling of a pattern, given only when Go's regexp finds
a match exactly where ECMA-262 does. Checked in Go's own regexp against the project's Python
translation (`python-re`, itself checked against ECMA-262 engines in tests/layer), on subjects
chosen where the dialects differ: `\\s`, `.`, `\\d`, `\\w`, `\\b`, `$` before a final newline,
astral characters, negated classes."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from generator.layer.patterns import Pattern, re2
from tests.conftest import REPO

SUBJECTS = [
    "",
    "a",
    "abc",
    "ABC",
    "a\n",
    "line\nbreak",
    "tab\there",
    "\u000b",
    "\u00a0",
    "\u2028",
    "\u3000x",
    "\ufeff",
    "\U0001f600",
    "x\U0001f600y",
    "\u0660",
    "caf\u00e9",
    "\u00e9t\u00e9",
    "under_score",
    "tunnel_0123456789abcdef0123456789abcdef",
    "tunnel_0123456789abcdef0123456789abcdef\n",
    "v12",
    "USD",
    "a-b c",
    "\"'\\",
]

EXACT = [
    "^tunnel_[a-z0-9]{32}$",
    "^[A-Z]{3}$",
    "^v[0-9]+$",
    "^[a-z\"'\\\\]+$",
    "\\s",
    "^\\S+$",
    ".",
    "^.$",
    "^.+$",
    "\\d",
    "\\D",
    "\\w+",
    "^\\W*$",
    "\\bb",
    "\\Bb",
    "a$",
    "^$",
    "[^a-z]",
    "[\\s\\S]",
    "\\p{L}",
    "^\\p{Lu}",
    "\\P{L}",
    "\\u{1F600}",
    "\\uD83D\\uDE00",
    "^(?:ab|a)c?$",
    "(a|b)*?c",
    "^[\\u00e0-\\u00ff]+$",
    "x{2,3}",
]

REFUSED = ["(?=a)b", "(?<!a)b", "(a)\\1", "(?<n>a)\\k<n>", "\\p{Script=Greek}", "a{1001}"]


@pytest.mark.parametrize("source", REFUSED)
def test_what_re2_cannot_mean_the_same_is_refused(source):
    assert re2(Pattern(source)) is None


def test_every_translation_matches_where_ecma_262_does(go, go_env, tmp_path):
    translations = {source: re2(Pattern(source)) for source in EXACT}
    assert all(translations.values()), [s for s, t in translations.items() if t is None]
    (tmp_path / "go.mod").write_text("module shapegen.local/re2\n\ngo 1.24\n")
    (tmp_path / "main.go").write_text((REPO / "tests" / "go" / "re2" / "main.go").read_text())
    request = json.dumps([[translations[s], SUBJECTS] for s in EXACT])
    done = subprocess.run([go, "run", "."], cwd=tmp_path, env=go_env, input=request, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    wrong = []
    for source, results in zip(EXACT, found):
        expected = re.compile(Pattern(source).python_re())
        for subject, got in zip(SUBJECTS, results):
            if got != (expected.search(subject) is not None):
                wrong.append(f"{source!r} on {subject!r}: Go says {got}")
    assert not wrong, "\n".join(wrong)
