"""Introduced on Day 01: ``python -m dayNN_x`` — one way to start every lesson.

    python -m day06_routing [--host 127.0.0.1] [--port 8006] [--reload]
    python -m day03_event_loop demo        # a lesson's narrated demo, when it has one

A server lesson's app lives at ``<package>.app:create_app`` (an app *factory*, so ``--reload``
can rebuild it); a demo lesson's script at ``<package>.demo:main``. The runner prints a banner
with the URL, the docs, the backends in use and two things to try, turns "port in use" into one
line of advice instead of a traceback, and lets Ctrl-C stop the server cleanly.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from shared.lesson import Lesson


def load_lesson(package: str) -> Lesson:
    return importlib.import_module(package).LESSON


def port_problem(host: str, port: int) -> str | None:
    """Why we cannot listen on host:port, in one line, or None if we can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Same option uvicorn sets, so a port in TIME_WAIT is not reported as busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is already in use; pick another with --port {port + 100}"
            if exc.errno == errno.EACCES:
                return (
                    f"no permission to listen on port {port}; use --port with a number above 1024"
                )
            return f"cannot listen on {host}:{port} ({exc.strerror}); check --host and --port"
    return None


def banner(lesson: Lesson, host: str, port: int) -> str:
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::1", "::") else host
    url = f"http://{shown}:{port}"
    lines = [
        f"Day {lesson.day:02d} · {lesson.title}",
        f"  serving    {url}/",
    ]
    if lesson.openapi:
        lines.append(f"  API docs   {url}/docs")
    lines += [f"  backend    {line}" for line in backend_lines(lesson)]
    for i, thing in enumerate(lesson.try_these[:2]):
        label = "try" if i == 0 else "and"
        lines.append(f"  {label:<10} {_as_command(thing, url)}")
    lines.append("  stop       Ctrl-C")
    return "\n".join(lines)


def backend_lines(lesson: Lesson) -> list[str]:
    if not lesson.needs:
        return []
    # Only lessons that open a backend pay for (and depend on) the backend chooser.
    from shared.backends import describe  # noqa: PLC0415

    return [describe(name) for name in lesson.needs]


def _as_command(thing: str, url: str) -> str:
    method, _, path = thing.partition(" ")
    if method in {"GET", "POST", "PUT", "PATCH", "DELETE"} and path.startswith("/"):
        flag = "" if method == "GET" else f"-X {method} "
        return f"curl {flag}{url}{path}"
    return thing


def parse(lesson: Lesson, package: str, argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"python -m {package}",
        description=f"Day {lesson.day:02d}: {lesson.title}",
    )
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", lesson.default_port))
    )
    parser.add_argument("--reload", action="store_true", help="restart when a file changes")
    args, rest = parser.parse_known_args(argv)
    args.rest = rest
    return args


def main(package: str, argv: Sequence[str] | None = None) -> None:
    """Entry point used by every lesson's ``__main__.py``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lesson = load_lesson(package)

    # A demo lesson runs its narrated script; a server lesson may ship one as `demo`.
    # `serve` starts a demo lesson's small app, when it has one, to poke at.
    wants_demo = argv[:1] == ["demo"] or (lesson.kind == "demo" and argv[:1] != ["serve"])
    if wants_demo:
        demo = importlib.import_module(f"{package}.demo")
        code = demo.main(argv[1:] if argv[:1] == ["demo"] else argv)
        raise SystemExit(code or 0)
    if argv[:1] == ["serve"]:
        argv = argv[1:]

    args = parse(lesson, package, argv)
    if args.rest:
        raise SystemExit(f"error: unknown arguments {' '.join(args.rest)}; see --help")
    problem = port_problem(args.host, args.port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        raise SystemExit(2)

    print(banner(lesson, args.host, args.port), flush=True)
    serve(package, args.host, args.port, reload=args.reload)


def serve(package: str, host: str, port: int, *, reload: bool = False) -> None:
    import uvicorn  # noqa: PLC0415 - keep `--help` and demo lessons light

    folder = Path(importlib.import_module(package).__file__).parent
    try:
        uvicorn.run(
            f"{package}.app:create_app",
            factory=True,
            host=host,
            port=port,
            reload=reload,
            reload_dirs=[str(folder), str(Path(__file__).parent)] if reload else None,
            log_level=os.environ.get("LOG_LEVEL", "info").lower(),
            # The lessons print their own banner; uvicorn's "running on" line stays too.
        )
    except KeyboardInterrupt:  # Ctrl-C during start-up: stop quietly, no traceback
        pass
