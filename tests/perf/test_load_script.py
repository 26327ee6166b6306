"""bench/load.sh refuses to load-test a server that is not its own."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_refuses_a_port_that_is_already_taken():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = subprocess.run(
            ["bash", "bench/load.sh"],  # noqa: S607
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "BENCH_PORT": str(port), "PY": str(ROOT / ".venv/bin/python")},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"Port {port} is already in use" in result.stderr
