"""``python -m course`` — list, run, serve, check, sync, doctor and bench the lessons."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from course import catalog


def cmd_list(markdown: bool = False) -> int:
    if markdown:
        print(catalog.markdown_table())
        return 0
    from course.sync import fidelity

    print(f"{'day':>3}  {'title':<38} {'backends':<16} {'learn':<6} {'README':<9} run it")
    for e in catalog.entries():
        backends = ", ".join(e.backends) or "-"
        if e.built:
            covered, total, in_sync = fidelity(catalog.ROOT / e.package)
            learn, readme = f"{covered}/{total}", "in sync" if in_sync else "stale"
        else:
            learn, readme = "-", "planned"
        title = e.title if len(e.title) <= 38 else e.title[:37] + "…"
        print(f"{e.day:>3}  {title:<38} {backends:<16} {learn:<6} {readme:<9} {e.run_command}")
    return 0


def cmd_run(day: int, rest: list[str]) -> int:
    e = catalog.entry(day)
    if not e.built:
        print(f"error: day {day} ({e.title}) is planned but not built yet", file=sys.stderr)
        return 2
    # Become the lesson process, so Ctrl-C and exit codes behave exactly as with python -m.
    os.execv(sys.executable, [sys.executable, "-m", e.package, *rest])
    return 0  # not reached


def main(argv: list[str] | None = None) -> int:
    # `python -m course list | head` should stop quietly, not with a BrokenPipeError.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = argparse.ArgumentParser(prog="python -m course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="the 34 days, their status, backends and run command")
    listing.add_argument("--markdown", action="store_true", help="the README's table")
    run = sub.add_parser("run", help="run day N (same as python -m dayNN_x)")
    run.add_argument("day", type=int)
    serve = sub.add_parser("serve", help="every server lesson in one process under /dayNN/")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    check = sub.add_parser("check", help="start each lesson and prove it answers")
    check.add_argument("days", type=int, nargs="*")
    sync = sub.add_parser(
        "sync", help="write the READMEs' generated parts (--check: fail where they drifted)"
    )
    sync.add_argument("--check", action="store_true", help="change nothing; report drift")
    sync.add_argument("days", type=int, nargs="*")
    sub.add_parser("doctor", help="Python, extras, and which backends lessons would use")
    bench = sub.add_parser("bench", help="run the lessons' benchmarks")
    bench.add_argument("days", type=int, nargs="*")

    args, rest = parser.parse_known_args(argv)
    if rest and args.command not in ("run", "bench"):
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "list":
        return cmd_list(args.markdown)
    if args.command == "run":
        return cmd_run(args.day, rest)
    if args.command == "serve":
        from shared.runner import port_problem

        problem = port_problem(args.host, args.port)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        from course.serve import main as serve_main

        return serve_main(args.host, args.port)
    if args.command == "check":
        from course.check import main as check_main

        return check_main(args.days)
    if args.command == "sync":
        from course.sync import main as sync_main

        return sync_main(args.days, check=args.check)
    if args.command == "doctor":
        from course.doctor import main as doctor_main

        return doctor_main()
    from course.bench import main as bench_main

    return bench_main(args.days, rest)


if __name__ == "__main__":
    raise SystemExit(main())
