"""The package's modules import one another without cycles, and the library never imports the
command line: read from the source (every import that runs, also those inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "orgaudit"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The orgaudit modules `path` imports (a package's names resolved to its modules)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:  # for type checkers only, never run
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not target.startswith("orgaudit"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if _exists(sub) else target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("orgaudit")}
    found.discard(name)
    return {m for m in found if _exists(m)}


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_no_import_cycles() -> None:
    graph = _graph()
    # a package's __init__ re-exporting its modules is not a cycle with them
    edges = {
        m: {t for t in targets if not (m.startswith(t + ".") and t in graph)}
        for m, targets in graph.items()
    }
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycles.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for nxt in sorted(edges.get(node, ())):
            visit(nxt, [*path, node])
        done.add(node)

    for module in sorted(edges):
        visit(module, [])
    assert cycles == [], "\n".join(" -> ".join(c) for c in cycles)


def test_the_library_never_imports_the_command_line() -> None:
    for module, targets in _graph().items():
        if module.startswith("orgaudit.cli") or module == "orgaudit.__main__":
            continue
        assert not any(t.startswith("orgaudit.cli") for t in targets), module


def test_the_command_list_matches_each_commands_own_help() -> None:
    import inspect

    from orgaudit.cli import COMMANDS, load_command

    for name, (_module, _attr, summary) in COMMANDS.items():
        command = load_command(name)
        assert inspect.cleandoc(command.help or "").split("\n\n")[0] == summary, name
        assert command.name == name


def test_a_command_starts_without_the_others() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from orgaudit.cli import main\n"
        "try:\n    main(['rubric', 'schema'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('orgaudit.cli.')), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stderr.strip().splitlines()[-1]
    assert loaded == "['orgaudit.cli.common', 'orgaudit.cli.rubric']", loaded
