"""Every setting read from the environment and every akhbar command is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def environment_variables() -> set[str]:
    pattern = re.compile(r"""env_\w+\(\s*["']([A-Z_]+)["']""")
    return {
        name
        for path in (ROOT / "akhbar" / "settings").glob("*.py")
        for name in pattern.findall(path.read_text())
    }


def project_commands() -> set[str]:
    return {
        path.stem
        for path in (ROOT / "akhbar").glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    }


def test_every_environment_variable_is_documented():
    documented = (ROOT / "docs" / "settings.md").read_text()
    variables = environment_variables()
    assert {"DATABASE_URL", "SECRET_KEY", "AKHBAR_DATA_DIR"} <= variables
    assert sorted(v for v in variables if f"`{v}`" not in documented) == []


def test_every_command_is_documented():
    documented = (ROOT / "docs" / "commands.md").read_text()
    commands = project_commands()
    assert commands, "akhbar ships management commands"
    assert sorted(c for c in commands if f"`akhbar {c}" not in documented) == []


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "make run" in first_block
    assert "make test" in first_block
