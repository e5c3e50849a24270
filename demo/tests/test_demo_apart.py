"""The demo school stays apart: no module outside demo/ imports it (tests included, except demo's own)."""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            found.update(arg.value for arg in node.args[:1] if isinstance(arg, ast.Constant))
    return {name for name in found if isinstance(name, str)}


def python_files_outside_demo() -> list[Path]:
    """Every .py file in the project except demo/ itself; hidden folders (.venv, .git) and node_modules skipped."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        at_root = Path(folder) == ROOT
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and name != "node_modules" and not (at_root and name == "demo")
        ]
        found += [Path(folder) / name for name in files if name.endswith(".py")]
    return found


def test_no_module_outside_demo_imports_the_demo_school():
    importers = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files_outside_demo()
        for name in sorted(imported_modules(ast.parse(path.read_text(encoding="utf-8"), str(path))))
        if name == "demo" or name.startswith("demo.")
    ]
    assert importers == []


def test_the_check_would_catch_an_import_of_the_demo():
    # Each way of importing that the first test looks for, so it cannot pass by finding nothing.
    ways = ["import demo.plan", "from demo.content import words", "from demo import content", "import_module('demo.x')"]
    source = "\n".join(ways)
    assert {"demo.plan", "demo.content", "demo", "demo.x"} <= imported_modules(ast.parse(source))
    assert len(python_files_outside_demo()) > 100
