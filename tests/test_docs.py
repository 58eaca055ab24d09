"""Every command documents itself with an example and appears in the README (after sqlite-utils)."""

from __future__ import annotations

import click
import pytest

from orgaudit.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):  # the commands load lazily
        command = group.get_command(context, name)
        assert command is not None
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            found.extend(commands(command, full + " "))
        else:
            found.append((full, command))
    return found


@pytest.mark.parametrize(
    ("name", "command"), commands(main), ids=lambda v: v if isinstance(v, str) else ""
)
def test_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no help"
    assert "Example:" in command.help, f"{name}'s help has no example"
    assert f"`orgaudit {name}" in README, f"README does not mention `orgaudit {name}`"


def test_readme_starts_with_the_two_commands() -> None:
    head = README.splitlines()[:6]
    assert any("make demo" in line for line in head)
    assert any("make test" in line for line in head)
