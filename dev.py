#!/usr/bin/env python3
"""Hallway's two set-up commands, with nothing but Python 3.11 and the package registry.

    python3 dev.py demo    install, create the SQLite database, load the demo, serve :8000
                           with the background worker (db_worker) beside the web server
    python3 dev.py test    install, then run the whole test suite (browser tests included)
                           with coverage, failing under the floor in pyproject.toml
    python3 dev.py lint    ruff (lint and format), djade (the templates' format) and
                           import-linter (the layers)

Both install into ./.venv from requirements.lock (hashes checked).
"""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".hallway-lock"
# What the lint checks (the docs' code samples are aligned by hand).
PYTHON_PATHS = ["hallway", "tests", "bench", "dev.py", "manage.py"]


def run(*args: str, env: dict | None = None) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, cwd=ROOT, check=True, env={**os.environ, **(env or {})})


def install() -> None:
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = LOCK.read_bytes()
    if STAMP.exists() and STAMP.read_bytes() == lock:
        return
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(LOCK))
    # No install of Hallway itself: manage.py, pytest and gunicorn run from this folder.
    STAMP.write_bytes(lock)


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; install it when we may (never download one)."""
    if Path("/usr/bin/chromium").exists() or os.environ.get("HALLWAY_BROWSER"):
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "chromium")
    else:
        print("! /usr/bin/chromium is missing: install Debian's 'chromium' package.", flush=True)


def demo() -> None:
    install()
    env = {"HALLWAY_DEBUG": "1"}
    manage = [str(PYTHON), "manage.py"]
    run(*manage, "migrate", "--noinput", env=env)
    run(*manage, "load_demo", env=env)
    # The background worker (e-mail, visa letters…) runs beside the web server and stops
    # with it; e-mails print on this console (the console e-mail backend).
    print("+", " ".join([*manage, "db_worker"]), "&", flush=True)
    worker = subprocess.Popen([*manage, "db_worker"], cwd=ROOT, env={**os.environ, **env})
    try:
        run(*manage, "runserver", "127.0.0.1:8000", env=env)
    except KeyboardInterrupt:
        pass
    finally:
        stop(worker)


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Ask a child process to stop (the worker finishes its current task), then insist."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test(pytest_args: list[str]) -> None:
    install()
    ensure_chromium()
    workers = os.environ.get("HALLWAY_TEST_WORKERS", "auto")
    # Coverage of the whole run only: a run of a few tests would fall under the floor.
    coverage = [] if pytest_args else ["--cov=hallway", "--cov-report=term:skip-covered"]
    cmd = [str(PYTHON), "-m", "pytest", "-n", workers, *coverage, *pytest_args]
    print("+", " ".join(cmd), flush=True)
    sys.exit(subprocess.run(cmd, cwd=ROOT).returncode)


def templates() -> list[str]:
    """Every Django template of the project (what djade formats and checks)."""
    return sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "hallway").glob("*/templates/**/*.html")
    )


def lint() -> None:
    install()
    bin_dir = VENV / "bin"
    checks = [
        [str(bin_dir / "ruff"), "check", *PYTHON_PATHS],
        [str(bin_dir / "ruff"), "format", "--check", *PYTHON_PATHS],
        [str(bin_dir / "djade"), "--check", "--target-version", "5.2", *templates()],
        [str(bin_dir / "lint-imports")],
    ]
    failed = 0
    for cmd in checks:
        print("+", " ".join(cmd[:4]), "..." if len(cmd) > 4 else "", flush=True)
        failed |= subprocess.run(cmd, cwd=ROOT).returncode != 0
    sys.exit(1 if failed else 0)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test", "lint"}:
        sys.exit(__doc__)
    if sys.argv[1] == "demo":
        demo()
    elif sys.argv[1] == "lint":
        lint()
    else:
        test(sys.argv[2:])


if __name__ == "__main__":
    main()
