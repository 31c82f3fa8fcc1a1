"""The developer docs name files that exist."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATH = re.compile(r"`((?:hallway|tests|docs|bench)/[\w./-]+|[A-Z]+\.md|pyproject\.toml|\.ci/run)`")


def named_paths(doc: str) -> list[str]:
    return sorted(set(PATH.findall((ROOT / doc).read_text())))


@pytest.mark.parametrize("doc", ["docs/developer/architecture.md", "CONTRIBUTING.md"])
def test_every_path_a_developer_doc_names_exists(doc):
    paths = named_paths(doc)

    assert len(paths) > 5  # the pattern still finds the doc's paths
    assert [path for path in paths if not (ROOT / path).exists()] == []


def test_the_architecture_page_names_every_app():
    text = (ROOT / "docs/developer/architecture.md").read_text()
    apps = sorted(path.parent.name for path in (ROOT / "hallway").glob("*/apps.py"))

    assert [app for app in apps if f"`hallway/{app}`" not in text] == []
