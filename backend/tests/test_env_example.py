"""`.env.example` documents every variable the settings read, so docs match code."""
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure  # no backing service

REPO_DIR = Path(__file__).resolve().parents[2]
ENV_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z0-9_]+)["']""")


def _documented():
    lines = (REPO_DIR / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"^[A-Z0-9_]+=", line)}


def _read_by_settings():
    names = set()
    for path in (REPO_DIR / "backend" / "config").rglob("*.py"):
        names.update(ENV_READ.findall(path.read_text()))
    return names


def test_every_setting_variable_is_documented():
    read = _read_by_settings()
    assert {"DATABASE_URL", "ELASTICSEARCH_HOSTS", "USING_REDIS_QUEUE"} <= read
    assert read - _documented() == set()


def test_every_services_script_variable_is_documented():
    script_vars = set()
    for path in [*(REPO_DIR / "scripts").glob("*"), *(REPO_DIR / "scripts" / "lib").glob("*.sh")]:
        if path.is_dir():
            continue
        script_vars.update(re.findall(r"\$\{([A-Z][A-Z0-9_]+):-", path.read_text()))
    assert {"ES_VERSION", "ES_HEAP"} <= script_vars
    assert script_vars - _documented() == set()


def test_readme_lists_every_documented_variable():
    readme = (REPO_DIR / "README.md").read_text()
    assert {name for name in _documented() if f"`{name}`" not in readme} == set()
