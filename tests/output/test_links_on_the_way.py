"""Before anything is staged, no path the write will touch, nor any folder on the way to it, is a
symbolic link (journal._refuse_links_under): folders are looked at outermost first, and nothing is
looked for below a folder that is not there (a first run's thousands of new files cost one look
per new folder), without letting a link through."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ShapegenError
from generator.output import journal
from tests.hostile.project import make


@pytest.fixture
def config(tmp_path: Path):
    root = make(tmp_path / "p", targets='["docs"]')
    (root / "generated" / "docs").mkdir(parents=True)
    return load_config(root)


def test_a_link_to_a_folder_on_the_way_to_a_new_file_is_refused(config, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, config.output / "docs" / "shop")
    with pytest.raises(ShapegenError, match="docs/shop is a symbolic link"):
        journal._refuse_links_under(config, ["docs/index.md", "docs/shop/Order.md"])


def test_a_link_in_place_of_a_file_is_refused(config, tmp_path):
    (tmp_path / "victim.md").write_text("mine\n")
    os.symlink(tmp_path / "victim.md", config.output / "docs" / "index.md")
    with pytest.raises(ShapegenError, match="docs/index.md is a symbolic link"):
        journal._refuse_links_under(config, ["docs/index.md"])


def test_below_a_folder_that_is_not_there_nothing_is_looked_for(config, monkeypatch):
    looked: list[str] = []
    lstat = os.lstat
    monkeypatch.setattr(os, "lstat", lambda path, *a, **k: looked.append(str(path)) or lstat(path, *a, **k))
    rels = [f"python/pkg/m{i}.py" for i in range(1000)] + ["docs/index.md"]
    journal._refuse_links_under(config, rels)
    out = str(config.output)
    assert sorted(looked) == sorted([f"{out}/python", f"{out}/docs", f"{out}/docs/index.md"])
