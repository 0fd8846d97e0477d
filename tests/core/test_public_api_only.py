"""The code uses Django and every other library through their public API only (issue 18): an AST scan of
src/ fails on any access to a private attribute (`obj._name`) that the project does not define itself.

Allowed: the object's own private helpers (`self._x` / `cls._x` where the class defines `_x`), the project's
own module-level helpers (`module._helper`), and private-looking names that are documented public API:
Model._meta and its managers (Django's "Model _meta API" and "Managers" pages), simple-history's
`_history_user` ("Manually setting the history user"), and namedtuple's `_replace`/`_asdict`/`_fields`/`_make`.
"""
import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "jiritsu"
DOCUMENTED = frozenset({"_meta", "_default_manager", "_base_manager", "_history_user",
                        "_replace", "_asdict", "_fields", "_make", "_field_defaults"})
OWN = frozenset({"self", "cls"})


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _defined_in_module(tree) -> set[str]:
    """Private names the module itself defines: functions, classes, names assigned, imported as."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[-1])
    return {n for n in names if _private(n)}


def _defined_in_class(cls: ast.ClassDef) -> set[str]:
    """What a class defines as its own: its methods and class attributes, and `self._x = ...` in its methods."""
    names = set()
    for node in cls.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    for node in ast.walk(cls):
        if (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name) and node.value.id in OWN):
            names.add(node.attr)
    return names


def private_accesses(source: str, project_names: set[str]) -> list[tuple[int, str]]:
    """(line, `obj._name`) of each access to a private attribute the project does not define."""
    tree = ast.parse(source)
    found = []

    def visit(node, own: set[str]):
        if isinstance(node, ast.ClassDef):
            own = _defined_in_class(node)
        if isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in DOCUMENTED:
            on_self = isinstance(node.value, ast.Name) and node.value.id in OWN
            writes_to_another = isinstance(node.ctx, ast.Store | ast.Del) and not on_self
            if on_self and node.attr not in own or not on_self and (writes_to_another or node.attr not in project_names):
                found.append((node.lineno, f"{ast.unparse(node.value)}.{node.attr}"))
        for child in ast.iter_child_nodes(node):
            visit(child, own)

    visit(tree, set())
    return found


def _sources():
    return sorted(SRC.rglob("*.py"))


def test_no_module_reaches_into_a_private_attribute_of_django_or_another_library():
    trees = {path: path.read_text(encoding="utf-8") for path in _sources()}
    project_names = set().union(*(_defined_in_module(ast.parse(text)) for text in trees.values()))
    found = [f"{path.relative_to(SRC.parent)}:{line}: {expr}"
             for path, text in trees.items() for line, expr in private_accesses(text, project_names)]
    assert found == [], "private attributes of libraries used:\n" + "\n".join(found)


@pytest.mark.parametrize("source", [
    "qs._result_cache = rows",
    "qs._prefetch_done = True",
    "obj._prepare_related_fields_for_save(operation_name='x')",
    "obj._state.adding = False",
    "form._errors = {}",
    "connection.cursor()._cursor",
    "class Page:\n    def f(self):\n        return self._errors",  # a Django base class's, not the class's own
])
def test_the_scan_finds_a_private_attribute_of_a_library(source):
    assert private_accesses(source, project_names=set()) != []


@pytest.mark.parametrize("source", [
    "class A:\n    def __init__(self):\n        self._kept = {}\n    def f(self):\n        return self._kept",
    "class A:\n    def _helper(self):\n        pass\n    def f(self):\n        return self._helper()",
    "Case._meta.get_field('status')",
    "Case._default_manager.all()",
    "plan._history_user = user",
    "row._replace(x=1)",
    "policies._provider_scope(org)",  # the project's own helper in another module
    "x.__class__.__name__",
])
def test_the_scan_allows_the_projects_own_helpers_and_documented_names(source):
    assert private_accesses(source, project_names={"_provider_scope"}) == []
