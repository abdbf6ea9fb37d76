"""The one place where settings read the process environment.

Values come from real environment variables first, then from an optional
`.env` file at the repository root (see `.env.example` for every variable).
"""
from pathlib import Path

import environ

BACKEND_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BACKEND_DIR.parent

env = environ.Env()

if (REPO_DIR / ".env").is_file():
    # read_env never overrides variables that are already set.
    environ.Env.read_env(REPO_DIR / ".env")
