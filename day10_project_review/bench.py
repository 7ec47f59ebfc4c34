"""``python -m course bench 10``: the flawed and the reviewed service, measured side by side.

python -m course bench 10 [--orders 300] [--clients 10]
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time

from day10_project_review.app import create_app
from day10_project_review.data import Shop
from day10_project_review.measure import concurrent_wall, latency, profile
from shared.middleware import quiet_access_log
from shared.ports import free_port


def serve(app) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return f"http://127.0.0.1:{port}", server


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m course bench 10")
    parser.add_argument("--orders", type=int, default=300, help="orders in the shop")
    parser.add_argument("--clients", type=int, default=10, help="concurrent /report requests")
    args = parser.parse_args(argv)
    with quiet_access_log():  # a table, not 40 log lines
        flawed_ms, flawed_calls = asyncio.run(latency("/flawed/orders", args.orders, runs=3))
        page = min(100, args.orders)
        reviewed_ms, reviewed_calls = asyncio.run(
            latency(f"/reviewed/orders?limit={page}", args.orders)
        )

        url, server = serve(create_app(Shop.seeded(orders=args.orders)))
        try:
            flawed_wall = asyncio.run(concurrent_wall(url, "/flawed/report", args.clients))
            reviewed_wall = asyncio.run(concurrent_wall(url, "/reviewed/report", args.clients))
        finally:
            server.should_exit = True  # type: ignore[attr-defined]

        rows = [
            (
                f"GET orders ({args.orders} in shop; reviewed: page of {page}), median ms",
                flawed_ms,
                reviewed_ms,
            ),
            ("customer-service calls per request", flawed_calls, reviewed_calls),
            (
                f"{args.clients} concurrent GET report (50 ms blocking read), wall ms",
                flawed_wall,
                reviewed_wall,
            ),
        ]
        print(f"{'measurement':<72} {'flawed':>9} {'reviewed':>9} {'ratio':>7}")
        for name, bad, good in rows:
            ratio = bad / good if good else float("inf")
            print(f"{name:<72} {bad:>9.1f} {good:>9.1f} {ratio:>6.1f}×")

        print("\ncProfile, flawed GET /flawed/orders (the lesson's functions, by cumulative time):")
        print(profile("/flawed/orders", args.orders))
        print(f"\ncProfile, reviewed GET /reviewed/orders?limit={page}:")
        print(profile(f"/reviewed/orders?limit={page}", args.orders))
        return 0
