"""Run a Postman collection with newman (the real Postman CLI) against the live lesson.

newman comes from npm, pinned in the project's ``package.json`` and installed by ``make test``
(or ``npm ci``). We start the lesson as a real process on a free port, point the collection's
``baseUrl`` at it, and read newman's JSON report so a test — or CI — can see every assertion.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COLLECTION = HERE / "postman" / "tasks.postman_collection.json"
DEBUGGING = HERE / "postman" / "debugging.postman_collection.json"
ENVIRONMENT = HERE / "postman" / "local.postman_environment.json"


@dataclass
class Run:
    exit_code: int
    requests: int
    assertions: int
    failures: list[str]  # "request name: assertion — message"
    output: str


def newman_path() -> str:
    local = ROOT / "node_modules" / ".bin" / "newman"
    if local.exists():
        return str(local)
    found = shutil.which("newman")
    if found:
        return found
    raise FileNotFoundError(
        "newman is not installed: run `npm ci` in the project folder (make test does)"
    )


def run_collection(base_url: str, collection: Path = COLLECTION, *, verbose: bool = False) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        argv = [
            newman_path(),
            "run",
            str(collection),
            "--environment",
            str(ENVIRONMENT),
            # The environment file says localhost:8007; this run's lesson is elsewhere.
            "--env-var",
            f"baseUrl={base_url}",
            "--reporters",
            "cli,json",
            "--reporter-json-export",
            str(report),
            "--color",
            "off",
            "--timeout-request",
            "10000",
        ]
        if verbose:
            argv.append("--verbose")
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        stats = {"requests": {"total": 0}, "assertions": {"total": 0}}
        failures: list[str] = []
        if report.exists():
            run = json.loads(report.read_text())["run"]
            stats = run["stats"]
            for failure in run["failures"]:
                source = failure.get("source", {}).get("name", "?")
                error = failure["error"]
                failures.append(
                    f"{source}: {error.get('test', error.get('name'))} — {error['message']}"
                )
    return Run(
        exit_code=done.returncode,
        requests=stats["requests"]["total"],
        assertions=stats["assertions"]["total"],
        failures=failures,
        output=done.stdout + done.stderr,
    )


def start_lesson(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "day07_api_testing", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "LOG_LEVEL": "warning"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
