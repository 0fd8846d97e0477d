"""Views ask selectors and policies; no view touches the ORM itself (issue 18, DESIGN.md "Permission idiom").

Every page module of src/jiritsu (views*.py, *_views.py, web.py and the modules of a web/ package) is read with
ast. A view that reads `Model.objects`, calls a QuerySet method on a model class (`Body.active_in(fy).filter`)
or calls get_object_or_404 / get_list_or_404 fails the test, named by file and line: such a read belongs in its
app's selectors.py, where the scope (404 for another body's id) is decided once. What a scan cannot see (a
QuerySet method on a queryset a selector returned, a related manager of an instance) is left to review."""
import ast
import importlib
import pathlib

from django.db.models import Model, QuerySet

from jiritsu.orgs.models import Body, Organisation

SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "jiritsu"

QUERYSET_METHODS = frozenset(name for name in dir(QuerySet) if not name.startswith("_")) - {"as_manager"}
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})

# Apps whose views may still query the ORM while they move to their selectors: none left (issue 18 item 4).
NOT_YET_CLEAN = frozenset()


def page_modules() -> list[pathlib.Path]:
    found = {*SRC.rglob("views*.py"), *SRC.rglob("*_views.py"), *SRC.rglob("web.py"), *SRC.rglob("web/*.py")}
    return sorted(path for path in found if "migrations" not in path.parts)


def _dotted(path: pathlib.Path) -> str:
    return ".".join(path.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__")


def _models_in(module) -> dict[str, type]:
    """The names of the module that are model classes (however they were imported)."""
    return {name: value for name, value in vars(module).items()
            if isinstance(value, type) and issubclass(value, Model)}


def _chain(node) -> list:
    """`A.b(x).c` as [Name A, "b", "c"] (calls and subscripts passed through), root first."""
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            parts.append(node)
            return parts[::-1]


def _queries_model(call: ast.Call, models: dict[str, type]) -> bool:
    """A QuerySet method called on a chain that starts at a model class (its manager or a class method
    returning a queryset), not through a nested class such as its TextChoices (`Sheet.Kind.values`)."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr in QUERYSET_METHODS):
        return False
    root, *attrs = _chain(call.func)
    if not (isinstance(root, ast.Name) and root.id in models):
        return False
    first = getattr(models[root.id], attrs[0], None) if len(attrs) > 1 else None
    return not isinstance(first, type)


def orm_calls(path: pathlib.Path) -> list[str]:
    models = _models_in(importlib.import_module(_dotted(path)))
    return orm_calls_in(path.read_text(encoding="utf-8"), models, str(path.relative_to(SRC.parent.parent)))


def _short(node) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else f"{text[:57]}..."


def orm_calls_in(source: str, models: dict[str, type], where: str) -> list[str]:
    found: dict[int, str] = {}  # one report per line
    for node in ast.walk(ast.parse(source, where)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.setdefault(node.lineno, f"{_short(node)} (a manager read in a view)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in SHORTCUTS:
            found.setdefault(node.lineno, f"{node.func.id}(...) (a look-up belongs in selectors.py)")
        elif isinstance(node, ast.Call) and _queries_model(node, models):
            found.setdefault(node.lineno, f"{_short(node.func)}(...) (a query on a model class)")
    return [f"{where}:{line}: {what}" for line, what in sorted(found.items())]


def _app(path: pathlib.Path) -> str:
    return path.relative_to(SRC).parts[0]


def test_no_view_reads_the_orm_itself_but_asks_its_apps_selectors():
    found = [line for path in page_modules() if _app(path) not in NOT_YET_CLEAN for line in orm_calls(path)]
    assert not found, "ORM calls in views (move them to the app's selectors.py):\n" + "\n".join(found)


def test_the_scan_names_the_file_and_line_of_each_orm_call_and_leaves_choices_alone():
    """The scan can fail: a view written the old way is reported at each of its ORM calls."""
    source = (
        "from django.shortcuts import get_object_or_404\n"
        "def page(request, pk):\n"
        "    bodies = Body.objects.order_by('code')\n"
        "    open_ones = Body.active_in_fiscal_year(2026).filter(code='01')\n"
        "    kinds = Organisation.Kind.values\n"
        "    count = Organisation.Kind.values.count('provider')\n"
        "    return get_object_or_404(Organisation, pk=pk)\n")
    found = orm_calls_in(source, {"Body": Body, "Organisation": Organisation}, "src/jiritsu/probe/views.py")
    assert [line.split(": ")[0] for line in found] == [
        "src/jiritsu/probe/views.py:3", "src/jiritsu/probe/views.py:4", "src/jiritsu/probe/views.py:7"]
