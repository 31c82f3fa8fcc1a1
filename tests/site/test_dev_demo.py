"""``python3 dev.py demo`` runs the background worker beside the web server and stops it."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def dev():
    spec = importlib.util.spec_from_file_location("hallway_dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_starts_the_worker_and_stops_it_with_the_server(dev, monkeypatch):
    commands, workers = [], []
    real_popen = subprocess.Popen

    def run(*args, env=None):
        commands.append(args[2:])
        if args[2] == "runserver":
            assert workers[0].poll() is None  # the worker runs while the server does
            raise KeyboardInterrupt  # Ctrl+C

    def popen(args, **kwargs):
        # A stand-in process with the worker's life cycle: it runs until told to stop.
        workers.append(real_popen([sys.executable, "-c", "import time; time.sleep(60)"]))
        commands.append(tuple(args[2:]))
        return workers[-1]

    monkeypatch.setattr(dev, "install", lambda: None)
    monkeypatch.setattr(dev, "run", run)
    monkeypatch.setattr(dev.subprocess, "Popen", popen)

    dev.demo()

    assert commands == [
        ("migrate", "--noinput"),
        ("load_demo",),
        ("db_worker",),
        ("runserver", "127.0.0.1:8000"),
    ]
    assert workers[0].poll() is not None  # stopped
