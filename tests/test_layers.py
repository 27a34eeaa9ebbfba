"""The apps are floors: `hub` < `search` < `directory` < `guide`. Each imports itself and
the floors below it, never one above (docs/architecture.md, "Layers").

Every `.py` file of the four apps is read with `ast`, migrations included (a migration
that imports a model module or a helper of a higher app is an import like any other; the
models a migration names by label, `"directory.Contact"`, are strings, not imports).
Imports inside functions count, relative imports are resolved, and so are
`importlib.import_module("…")` and `__import__("…")` with a literal name. What hub must
know of an app above it goes through a Wagtail hook declared in `hub/hooks.py`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.no_django_db

ROOT = Path(__file__).resolve().parents[1]
# Lowest floor first.
LAYERS = ("hub", "search", "directory", "guide")
RANK = {app: rank for rank, app in enumerate(LAYERS)}

# {(importing file, app it reaches up to): why it cannot be otherwise}. Keep it short: an
# entry here is a debt, not a permission. It is empty: what hub needs of the apps above
# goes through the hooks of hub/hooks.py, and a setting naming an app by string
# (INSTALLED_APPS, ROOT_URLCONF, `include("directory.urls")`, a model label such as
# "directory.CoordinationInstance") is not an import and needs no entry.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Violation:
    path: str  # relative to the repo, with "/"
    line: int
    module: str

    def __str__(self):
        return (
            f"{self.path}:{self.line} imports {self.module} "
            f"({self.path.split('/')[0]} is below {self.module.split('.')[0]})"
        )


def module_name(relative: str) -> tuple[str, bool]:
    """`hub/privacy/erasure.py` -> ("hub.privacy.erasure", False); a package's
    `__init__.py` -> (its package, True)."""
    parts = relative.removesuffix(".py").split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _dynamic(node: ast.Call) -> str | None:
    """The literal name given to `importlib.import_module(...)` or `__import__(...)`."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def imports_of(source: str, relative: str) -> list[tuple[int, str]]:
    """(line, module) of every import in one file's source, wherever it sits."""
    module, is_package = module_name(relative)
    found = []
    for node in ast.walk(ast.parse(source, filename=relative)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, _resolve(node, module, is_package)))
        elif isinstance(node, ast.Call) and (name := _dynamic(node)):
            found.append((node.lineno, name))
    return found


def violations_in(source: str, relative: str) -> list[Violation]:
    """The imports of one file that reach a floor above its own."""
    app = relative.split("/")[0]
    found = []
    for line, imported in imports_of(source, relative):
        target = imported.split(".")[0]
        if target in RANK and RANK[target] > RANK[app]:
            found.append(Violation(relative, line, imported))
    return found


def app_files():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "__pycache__" not in path.parts:
                yield path.relative_to(ROOT).as_posix()


def all_violations() -> list[Violation]:
    found = []
    for relative in app_files():
        found += violations_in((ROOT / relative).read_text(encoding="utf-8"), relative)
    return found


def is_allowed(violation: Violation) -> bool:
    return (violation.path, violation.module.split(".")[0]) in ALLOWED


def test_no_app_imports_a_floor_above_its_own():
    found = [v for v in all_violations() if not is_allowed(v)]
    assert not found, (
        "Imports against the layers hub < search < directory < guide (reach a higher app "
        "through a hook declared in hub/hooks.py, or move the code down):\n"
        + "\n".join(f"  {v}" for v in found)
    )


def test_every_allowed_exception_is_still_needed():
    """An exception that no longer matches any import is removed from the list."""
    seen = {(v.path, v.module.split(".")[0]) for v in all_violations()}
    assert set(ALLOWED) <= seen, sorted(set(ALLOWED) - seen)


def test_every_app_file_is_read():
    """The walk sees the four apps, their sub-packages and their migrations."""
    files = set(app_files())
    assert {"hub/urls.py", "hub/privacy/erasure.py", "guide/pdf/views.py"} <= files
    assert any(path.startswith("directory/migrations/") for path in files)


def test_the_checker_reports_an_upward_import_hidden_in_a_function():
    planted = (
        "def menu():\n"
        "    from guide.models import GuideIndexPage\n"
        "    return GuideIndexPage.objects.first()\n"
    )
    found = violations_in(planted, "hub/planted.py")
    assert [(v.line, v.module) for v in found] == [(2, "guide.models")]
    assert "hub/planted.py:2 imports guide.models" in str(found[0])


def test_the_walk_reports_a_planted_file(tmp_path, monkeypatch):
    """The same check as the first test, over a tree holding a planted `hub/planted.py`."""
    for app in LAYERS:
        (tmp_path / app).mkdir()
    (tmp_path / "hub" / "planted.py").write_text(
        "def menu():\n    from guide.models import GuideIndexPage\n    return GuideIndexPage\n",
        encoding="utf-8",
    )
    (tmp_path / "guide" / "fine.py").write_text("from hub import access\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert [str(v) for v in all_violations()] == [
        "hub/planted.py:2 imports guide.models (hub is below guide)"
    ]
    with pytest.raises(AssertionError, match="hub/planted.py:2 imports guide.models"):
        test_no_app_imports_a_floor_above_its_own()


@pytest.mark.parametrize(
    ("source", "path", "expected"),
    [
        ("import directory.models\n", "search/planted.py", ["directory.models"]),
        ("from directory import epci\n", "hub/demo/planted.py", ["directory"]),
        (
            "import importlib\nimportlib.import_module('guide.pdf.views')\n",
            "hub/x.py",
            ["guide.pdf.views"],
        ),
        # Relative imports stay in their own app; importing below is allowed.
        ("from . import models\nfrom .views import entry\n", "directory/urls.py", []),
        (
            "from hub.access import Tier\nfrom search.models import SearchDocument\n",
            "directory/x.py",
            [],
        ),
        ("from guide.models import GuidePage\n", "guide/demo.py", []),
    ],
)
def test_the_checker_reads_every_kind_of_import(source, path, expected):
    assert [v.module for v in violations_in(source, path)] == expected


def test_relative_imports_are_resolved():
    source = "from ..models import Contact\nfrom . import signals\n"
    assert [m for _, m in imports_of(source, "directory/views/entry.py")] == [
        "directory.models",
        "directory.views",  # `from . import signals`: the package the names come from
    ]
    assert [m for _, m in imports_of("from .cache import x\n", "guide/pdf/__init__.py")] == [
        "guide.pdf.cache"
    ]
