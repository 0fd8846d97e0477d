"""The apps form a one-way stack: each imports only the apps below it, and never by hiding an import inside a
function. The stack is declared once, here (docs/architecture.md explains it); the test reads every module
of src/jiritsu with ast, so it sees imports that are never executed as well as those that are."""
import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parents[1] / "src" / "jiritsu"

# Bottom to top. An app may import the apps of the layers below its own, never one of its own layer or above.
# A module named "app.module" is placed on its own: programs.catalog, the vocabulary of the statutory programs
# (it imports nothing of jiritsu), sits below orgs, while the rest of programs builds on orgs.
# "project" is the modules at the top of the package (settings, urls, navigation, cli): they assemble the apps.
STACK = (
    ("core",),
    ("programs.catalog",),
    ("audit",),
    ("orgs",),
    ("auditlog",),
    ("programs",),
    ("cases",),
    ("api",),
    ("documents",),
    ("directory",),
    ("shelter", "placements", "training", "outreach", "housing", "budget", "prep"),
    ("stats",),
    ("demo",),
    ("project",),
)
LAYER = {app: level for level, apps in enumerate(STACK) for app in apps}



def _module(path: pathlib.Path) -> tuple[str, ...]:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" else parts


def app_of(module: tuple[str, ...]) -> str:
    """The unit of the stack a module (or a name imported from it) belongs to."""
    if ".".join(module[1:3]) in LAYER:
        return ".".join(module[1:3])
    package_dir = SRC.joinpath(*module[1:2])
    return module[1] if len(module) > 1 and package_dir.is_dir() else "project"


def _targets(node, module: tuple[str, ...], is_package: bool) -> list[tuple[str, ...]]:
    """What an import names, each as a dotted path: `from a.b import c` names a.b.c (a module or a name)."""
    if isinstance(node, ast.Import):
        return [tuple(alias.name.split(".")) for alias in node.names]
    if node.level == 0:
        base = tuple((node.module or "").split("."))
    else:
        base = module if is_package else module[:-1]
        base = base[: len(base) - (node.level - 1)] + (tuple(node.module.split(".")) if node.module else ())
    return [base + (alias.name,) for alias in node.names]


def _sources():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _function_imports(tree):
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield function, node


def upward_imports() -> list[str]:
    found = []
    for path, tree in _sources():
        module = _module(path)
        app = app_of(module)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(node, module, path.name == "__init__.py"):
                if target[0] != "jiritsu" or len(target) < 2:
                    continue
                other = app_of(target)
                if other == app or LAYER[other] < LAYER[app]:
                    continue
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {app} imports {'.'.join(target)}")
    return found


def hidden_imports() -> list[str]:
    """Imports of jiritsu modules inside a function. The one exception is Django's place for registering an app
    with the apps below it (signal handlers, extension points such as cases.panels): AppConfig.ready() in
    apps.py, importing its own app or one below it, since the models are not loaded when apps.py is."""
    found = []
    for path, tree in _sources():
        module = _module(path)
        for function, node in _function_imports(tree):
            for target in _targets(node, module, path.name == "__init__.py"):
                if target[0] != "jiritsu":
                    continue
                in_ready = path.name == "apps.py" and function.name == "ready"
                if not (in_ready and LAYER[app_of(target)] <= LAYER[app_of(module)]):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno} imports {'.'.join(target)} in {function.name}()")
    return found


def test_every_app_is_in_the_declared_stack():
    apps = {app_of(_module(path)) for path, _ in _sources()}
    assert apps - set(LAYER) == set()


def test_no_app_imports_an_app_above_it_or_beside_it():
    assert upward_imports() == []


def test_no_jiritsu_import_is_hidden_inside_a_function():
    assert hidden_imports() == []


@pytest.mark.parametrize("source, expected", [
    ("from jiritsu.stats.survey import monthly", ["orgs/probe.py:1 orgs imports jiritsu.stats.survey.monthly"]),
    ("from jiritsu.core.text import fold", []),
    ("from .models import Staff", []),
])
def test_the_graph_check_sees_an_upward_import(tmp_path, monkeypatch, source, expected):
    """The checker itself: an import from orgs up into stats is caught, one down into core is not."""
    (tmp_path / "jiritsu" / "orgs").mkdir(parents=True)
    (tmp_path / "jiritsu" / "stats").mkdir()
    (tmp_path / "jiritsu" / "core").mkdir()
    (tmp_path / "jiritsu" / "orgs" / "probe.py").write_text(source + "\n")
    monkeypatch.setitem(globals(), "SRC", tmp_path / "jiritsu")
    assert upward_imports() == expected


def test_the_graph_check_sees_an_import_inside_a_function(tmp_path, monkeypatch):
    (tmp_path / "jiritsu" / "orgs").mkdir(parents=True)
    (tmp_path / "jiritsu" / "orgs" / "probe.py").write_text("def f():\n    from jiritsu.orgs import models\n")
    monkeypatch.setitem(globals(), "SRC", tmp_path / "jiritsu")
    assert hidden_imports() == ["orgs/probe.py:2 imports jiritsu.orgs.models in f()"]
