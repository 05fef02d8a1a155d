"""The codebase's own rules, checked on the source: thin views, sizes, no formatter opt-outs.

Views read through their app's ``queries`` (scoped to the user's system and organisation); a view
that reaches for ``Model.objects`` or ``get_object_or_404(Model, ...)`` fails here, as NHS breast
screening's lint does.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3] / "src" / "engineroom"
TESTS = SRC.parents[1] / "tests"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400


def _python_files(root: Path):
    return sorted(p for p in root.rglob("*.py") if "migrations" not in p.parts)


def _views():
    return [p for p in _python_files(SRC) if p.name == "views.py" or p.parent.name == "views"]


def _direct_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{path.relative_to(SRC)}:{node.lineno} .objects")
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
            "get_object_or_404",
            "get_list_or_404",
        }:
            found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.func.id}")
    return found


def test_views_never_query_models_directly():
    offenders = [hit for path in _views() for hit in _direct_reads(path)]
    assert not offenders, "views must read through queries:\n" + "\n".join(offenders)


def test_views_exist_to_be_checked():
    assert len(_views()) >= 7


def _long_functions(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                out.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({length} lines)")
    return out


def test_no_function_is_longer_than_the_limit():
    offenders = [hit for path in _python_files(SRC) for hit in _long_functions(path)]
    assert not offenders, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(offenders)


def test_no_module_is_larger_than_the_limit():
    sizes = {p: len(p.read_text().splitlines()) for p in _python_files(SRC)}
    offenders = [
        f"{p.relative_to(SRC)} ({n} lines)" for p, n in sizes.items() if n > MAX_MODULE_LINES
    ]
    assert not offenders, f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(offenders)


@pytest.mark.parametrize("root", [SRC, TESTS], ids=["src", "tests"])
def test_the_formatter_is_never_switched_off(root):
    marker = "fmt: " + "skip"
    offenders = [
        f"{p.relative_to(root)}:{n}"
        for p in _python_files(root)
        for n, line in enumerate(p.read_text().splitlines(), start=1)
        if marker in line
    ]
    assert not offenders, "remove the formatter opt-outs:\n" + "\n".join(offenders)


def test_every_no_cover_says_why():
    marker = "pragma: " + "no cover"
    unexplained = [
        f"{p.relative_to(SRC)}:{n}"
        for p in _python_files(SRC)
        for n, line in enumerate(p.read_text().splitlines(), start=1)
        if marker in line and not line.split(marker, 1)[1].strip(" -:")
    ]
    assert not unexplained, "say why each line is not covered:\n" + "\n".join(unexplained)
