"""Two pinned, hash-checked requirement sets: the runtime one carries no test or lint tool."""
import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure  # no backing service

REPO_DIR = Path(__file__).resolve().parents[2]
BACKEND = REPO_DIR / "backend"
DEV_ONLY = {
    "pytest", "pytest-django", "pytest-timeout", "model-bakery", "faker", "hypothesis", "schemathesis",
    "playwright", "flake8", "pyflakes", "pycodestyle", "pip-tools", "mypy", "django-stubs",
    "djangorestframework-stubs",
}
DEV_IMPORTS = {"pytest", "model_bakery", "faker", "hypothesis", "schemathesis", "playwright", "flake8", "mypy"}


def _normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(name):
    """{package: version} of a compiled file, after checking every requirement is pinned and hashed."""
    pins = {}
    text = (REPO_DIR / name).read_text()
    for block in re.split(r"\n(?=\S)", text):
        line = block.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$", line.splitlines()[0])
        assert match, f"{name}: not pinned with ==: {line.splitlines()[0]}"
        assert "--hash=sha256:" in block, f"{name}: {match.group(1)} has no hash"
        pins[_normalized(match.group(1))] = match.group(2)
    return pins


def test_runtime_set_has_no_test_or_lint_tool():
    runtime = _requirements("requirements.txt")
    assert {"django", "gunicorn", "elasticsearch", "rq", "django-rq", "psycopg2-binary"} <= set(runtime)
    assert set(runtime) & DEV_ONLY == set()


def test_dev_set_adds_the_tools_at_the_runtime_versions():
    runtime, dev = _requirements("requirements.txt"), _requirements("requirements-dev.txt")
    assert DEV_ONLY <= set(dev)
    assert {name: dev[name] for name in set(dev) & set(runtime)} == {
        name: runtime[name] for name in set(dev) & set(runtime)
    }
    assert "-c requirements.txt" in (REPO_DIR / "requirements-dev.in").read_text().splitlines()


def test_top_level_lists_are_pinned_and_compiled():
    """Every top-level requirement is in its compiled file at the same version."""
    for source, compiled in (("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")):
        pins = _requirements(compiled)
        for line in (REPO_DIR / source).read_text().splitlines():
            if not line.strip() or line.startswith(("#", "-")):
                continue
            name, _, version = line.strip().partition("==")
            assert version, f"{source}: {line} is not pinned"
            assert pins.get(_normalized(name)) == version, f"{source}: {line} not compiled into {compiled}"


def test_app_code_imports_no_development_package():
    """The image has only the runtime set: a runtime import of a test tool would crash there."""
    offenders = []
    for path in BACKEND.rglob("*.py"):
        if "tests" in path.parts or path.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(BACKEND)}: {n}" for n in names if n.split(".")[0] in DEV_IMPORTS]
    assert offenders == []


def test_image_installs_the_runtime_set_and_make_installs_both():
    dockerfile = (REPO_DIR / "Dockerfile").read_text()
    runtime_stage = dockerfile.split("AS runtime", 1)[1]
    base_stage = dockerfile.split("AS dev", 1)[0]
    assert "requirements-dev" not in base_stage + runtime_stage
    assert "--require-hashes -r requirements.txt" in base_stage
    makefile = (REPO_DIR / "Makefile").read_text()
    assert "--require-hashes -r requirements.txt -r requirements-dev.txt" in makefile
    assert re.search(r"^\$\(VENV\)/\.installed: requirements\.txt requirements-dev\.txt$", makefile, re.M)
