"""Every third-party package the code imports is declared, pinned, in pyproject.toml.

A package that only arrives as another one's dependency (BeautifulSoup through Wagtail,
pydantic through data-inclusion-schema) can disappear or change major version when that
other package is upgraded. The site's code (and its migrations, and the apps and
middleware its settings name) must use only `[project] dependencies`; tests, benchmarks
and CI scripts may also use the `dev` extra.
"""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.no_django_db

ROOT = Path(__file__).resolve().parents[2]
SITE = ["hub", "directory", "guide", "search", "manage.py"]
DEV_ONLY = ["tests", "bench", ".ci"]
# The repo's own top-level packages: never a distribution.
FIRST_PARTY = {"hub", "directory", "guide", "search", "tests", "bench", "manage"}
# `name==1.2.3`, `name[extra]==1.2.3`: the pin that the house rule asks for.
PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*==\s*[0-9]")


def canonical(name):
    """A distribution name as packaging compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement):
    return canonical(re.match(r"[A-Za-z0-9._-]+", requirement.strip()).group(0))


def declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    main = project["dependencies"]
    dev = project.get("optional-dependencies", {}).get("dev", [])
    return main, dev


def python_files(names):
    for name in names:
        path = ROOT / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)


def imported_modules(path):
    """The top-level module of each absolute `import` in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def third_party(names):
    """{top-level module: {file or setting that uses it}} for modules outside the
    standard library and the repo."""
    found = {}
    for path in python_files(names):
        for module in imported_modules(path):
            if module not in sys.stdlib_module_names and module not in FIRST_PARTY:
                found.setdefault(module, set()).add(str(path.relative_to(ROOT)))
    return found


def undeclared(found, allowed):
    """Modules whose distribution is not among `allowed` (or that no distribution gives)."""
    distributions = importlib.metadata.packages_distributions()
    problems = []
    for module, where in sorted(found.items()):
        names = {canonical(name) for name in distributions.get(module, [])}
        if not names & allowed:
            given = ", ".join(sorted(names)) or "aucune distribution installée"
            problems.append(f"{module} ({given}) importé par {', '.join(sorted(where))}")
    return problems


def test_every_requirement_is_pinned():
    main, dev = declared()
    assert [req for req in main + dev if not PINNED.match(req) and "<" not in req] == []


def test_the_site_imports_only_declared_main_dependencies():
    main, _ = declared()
    found = third_party(SITE)
    for dotted in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]:
        module = dotted.split(".")[0]
        if module not in FIRST_PARTY:
            found.setdefault(module, set()).add("settings")
    assert found, "no import found: the scan looks in the wrong place"
    assert undeclared(found, {requirement_name(req) for req in main}) == []


def test_tests_and_benchmarks_import_only_declared_dependencies():
    main, dev = declared()
    found = third_party(DEV_ONLY)
    assert "pytest" in found
    assert undeclared(found, {requirement_name(req) for req in main + dev}) == []


def test_the_check_catches_an_undeclared_package():
    found = {"bs4": {"example.py"}, "django": {"example.py"}}
    assert undeclared(found, {"django"}) == ["bs4 (beautifulsoup4) importé par example.py"]
    assert undeclared({"not_a_module_anywhere": {"x.py"}}, {"django"}) == [
        "not_a_module_anywhere (aucune distribution installée) importé par x.py"
    ]
