"""The layers hold: code and templates only reach downwards.

The layers are the import-linter contract in pyproject.toml (one source for both checks): from
the top, the site assembly, the apps built on the domain, program, people and content,
conferences, core. Apps on one line separated by ``|`` are independent of each other; ``:``
lets them use each other. See docs/developer/architecture.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hallway"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

TAG = re.compile(r"{%\s*(extends|include|url|conference_url|load)\s+(.+?)\s*%}")
QUOTED = re.compile(r"""^["']([^"']+)["']""")


def layer_of() -> dict[str, tuple[int, bool]]:
    """{app: (height, may use its siblings)} from the contract (0 is the bottom)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    layers: dict[str, tuple[int, bool]] = {}
    for height, line in enumerate(reversed(contract["layers"])):
        shared = ":" in line
        for module in re.split(r"[|:]", line):
            layers[module.strip().removeprefix("hallway.")] = (height, shared)
    return layers


def template_owners() -> dict[str, str]:
    """{template name: the app whose templates folder holds it}."""
    owners = {}
    for app_dir in sorted(PACKAGE.iterdir()):
        folder = app_dir / "templates"
        if folder.is_dir():
            for path in folder.rglob("*.html"):
                owners.setdefault(path.relative_to(folder).as_posix(), app_dir.name)
    return owners


def url_namespace_owners() -> dict[str, str]:
    owners = {}
    for urls in PACKAGE.glob("*/*urls*.py"):
        match = re.search(r'^app_name = "([^"]+)"', urls.read_text(), re.MULTILINE)
        if match:
            owners[match[1]] = urls.parent.name
    return owners


def library_owners() -> dict[str, str]:
    return {path.stem: path.parent.parent.name for path in PACKAGE.glob("*/templatetags/*.py")}


def references(text: str):
    """(kind, target) for each extends, include, url, conference_url and load of a template."""
    for kind, rest in TAG.findall(text):
        if kind == "load":
            for library in rest.split():
                if library == "from":
                    break
                yield kind, library
            continue
        quoted = QUOTED.match(rest)
        if quoted:
            yield kind, quoted[1]


def upward_references() -> list[str]:
    layers = layer_of()
    templates, namespaces, libraries = template_owners(), url_namespace_owners(), library_owners()
    found = []
    for app_dir in sorted(PACKAGE.iterdir()):
        folder = app_dir / "templates"
        if not folder.is_dir():
            continue
        app = app_dir.name
        for path in sorted(folder.rglob("*.html")):
            for kind, target in references(path.read_text()):
                if kind in {"extends", "include"}:
                    owner = templates.get(target)
                elif kind == "load":
                    owner = libraries.get(target)
                else:
                    owner = namespaces.get(target.partition(":")[0]) if ":" in target else None
                if owner is None or owner == app:
                    continue  # Django's, a third party's, or the app's own
                here, shared = layers[app]
                there, _ = layers[owner]
                if there > here or (there == here and not shared):
                    name = path.relative_to(PACKAGE)
                    tag = f"{{% {kind} {target} %}}"
                    found.append(f"{name}: {tag} reaches {owner} ({app} is lower)")
    return found


def test_every_app_has_a_layer():
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    assert sorted(apps - set(layer_of())) == []


def test_no_template_includes_extends_loads_or_links_into_a_higher_layer():
    assert upward_references() == []


def test_the_template_check_finds_an_upward_include(tmp_path, monkeypatch):
    """The check can fail: a core template that includes the companion's star button."""
    copy = tmp_path / "hallway"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    base = copy / "core" / "templates" / "core" / "base.html"
    base.write_text(base.read_text() + '{% include "companion/_star_button.html" %}')
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", copy)

    assert upward_references() == [
        "core/templates/core/base.html: {% include companion/_star_button.html %} reaches "
        "companion (core is lower)"
    ]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_linter_fails_on_a_forbidden_import(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "hallway", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    markdown = tmp_path / "hallway" / "core" / "markdown.py"
    markdown.write_text(markdown.read_text() + "\nfrom hallway.program.models import Session\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "hallway.core.markdown -> hallway.program.models" in result.stdout


@pytest.mark.parametrize(
    "app",
    sorted(
        app
        for app, (height, _) in layer_of().items()
        if (PACKAGE / app / "apps.py").exists() and height < max(h for h, _ in layer_of().values())
    ),
)
def test_no_app_names_an_app_above_it_even_in_strings(app):
    """Lazy imports inside functions count too, and are what import-linter reads; this also
    catches a dotted path in a string (``apps.get_model``-style lookups of a higher app)."""
    layers = layer_of()
    height, _ = layers[app]
    higher = [name for name, (h, _) in layers.items() if h > height and "." not in name]
    pattern = re.compile(r"hallway\.(" + "|".join(map(re.escape, higher)) + r")\b")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for path in sorted((PACKAGE / app).rglob("*.py"))
        if "migrations" not in path.parts
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
