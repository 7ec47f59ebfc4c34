"""``python -m course serve``: every server lesson in one process, each under ``/dayNN/``.

The home page at ``/`` lists all 34 days — built ones link to their mount, planned ones say
so. Each mounted lesson keeps its own ``/dayNN/docs``; their lifespans (databases, model
servers) are entered when the course starts and left when it stops. A lesson that fails to
build is shown on the home page with its error instead of taking the whole course down.
"""

from __future__ import annotations

import contextlib
import html
import importlib
import logging
import traceback
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from course.catalog import Entry, entries

log = logging.getLogger("course.serve")


def build_lessons() -> tuple[list[tuple[Entry, Any]], dict[int, str]]:
    mounted: list[tuple[Entry, Any]] = []
    broken: dict[int, str] = {}
    for e in entries():
        if not e.built or e.lesson is None or e.lesson.kind != "server":
            continue
        try:
            app = importlib.import_module(f"{e.package}.app").create_app()
        except Exception as exc:  # shown on the home page; the other lessons still serve
            log.error("day %02d failed to build: %s", e.day, exc)
            broken[e.day] = "".join(traceback.format_exception_only(exc)).strip()
            continue
        mounted.append((e, app))
    return mounted, broken


def create_app() -> FastAPI:
    mounted, broken = build_lessons()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            for e, sub in mounted:
                router = getattr(sub, "router", None)
                context = getattr(router, "lifespan_context", None)
                if context is None:
                    continue  # a raw ASGI app (Day 04) has nothing to start
                try:
                    await stack.enter_async_context(context(sub))
                except Exception as exc:
                    log.error("day %02d failed to start: %s", e.day, exc)
                    broken[e.day] = f"start-up failed: {exc}"
            yield

    app = FastAPI(title="Backend Nexus", lifespan=lifespan, docs_url=None, redoc_url=None)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "lessons": len(mounted), "broken": sorted(broken)}

    @app.get("/", response_class=HTMLResponse)
    async def home() -> str:
        return home_page(mounted, broken)

    for e, sub in mounted:
        app.mount(f"/day{e.day:02d}", sub, name=e.package)
    return app


def home_page(mounted: list[tuple[Entry, Any]], broken: dict[int, str]) -> str:
    served = {e.day for e, _ in mounted}
    rows = []
    for e in entries():
        title = html.escape(e.title)
        if e.day in broken:
            status = f"<b>broken</b>: <code>{html.escape(broken[e.day])}</code>"
            link = title
        elif e.day in served:
            status = "ready"
            link = (
                f"<a href='/day{e.day:02d}/'>{title}</a> · <a href='/day{e.day:02d}/docs'>docs</a>"
            )
        elif e.built:
            status = "demo: run it in a terminal"
            link = title
        else:
            status = "planned"
            link = title
        backends = ", ".join(e.backends) or "—"
        rows.append(
            f"<tr><td>{e.day:02d}</td><td>{link}</td><td><code>{e.run_command}</code></td>"
            f"<td>{backends}</td><td>{status}</td></tr>"
        )
    return (
        "<!doctype html><meta charset=utf-8><title>Backend Nexus</title>"
        "<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "td,th{padding:.25rem .6rem;text-align:left;border-bottom:1px solid #eee}</style>"
        "<h1>Backend Nexus</h1><p>34 days of runnable FastAPI lessons. Each served lesson lives "
        "under <code>/dayNN/</code>; run one on its own with the command shown.</p>"
        "<table><tr><th>day</th><th>lesson</th><th>run it alone</th><th>backends</th>"
        f"<th>status</th></tr>{''.join(rows)}</table>"
    )


def main(host: str, port: int) -> int:
    import uvicorn

    print(
        f"Backend Nexus · every lesson in one process\n  home  http://localhost:{port}/\n  stop  Ctrl-C",
        flush=True,
    )
    try:
        uvicorn.run("course.serve:create_app", factory=True, host=host, port=port)
    except KeyboardInterrupt:
        pass
    return 0
