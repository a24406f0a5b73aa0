"""The README's quickstart runs as written, so the docs stay honest."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_quickstart_runs(capsys) -> None:  # type: ignore[no-untyped-def]
    blocks = python_blocks()
    assert blocks, "README has no python block"
    for block in blocks:
        exec(compile(block, str(README), "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out.strip()


def test_readme_gives_two_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    setup = re.search(r"## Set-up.*?```bash\n(.*?)```", text, flags=re.S)
    assert setup is not None
    commands = [line for line in setup.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert "pytest" in commands[1]
