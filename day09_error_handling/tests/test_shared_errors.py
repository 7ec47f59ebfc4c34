"""shared.errors and shared.service, the modules this day adds to the course, on small apps."""

from __future__ import annotations

import asyncio
import logging

import pytest
from fastapi import BackgroundTasks, FastAPI, HTTPException
from pydantic import BaseModel

from course.testing import asgi_client
from shared.errors import (
    MAX_FIELD_ERRORS,
    BadGateway,
    Conflict,
    DomainError,
    Forbidden,
    GatewayTimeout,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    install_problem_handlers,
    problem,
)
from shared.lesson import Bullet, Lesson
from shared.middleware import COURSE_LOGGER
from shared.service import create_service

from .conftest import assert_problem

LESSON = Lesson(day=9, title="test", learn=(Bullet("x"),))


class Items(BaseModel):
    items: list[int]


def service() -> FastAPI:
    app = create_service(LESSON)

    @app.get("/raise/{name}")
    async def raise_(name: str) -> None:
        errors = {
            "not-found": NotFound("nothing"),
            "conflict": Conflict("taken"),
            "unauthorized": Unauthorized("who?", headers={"WWW-Authenticate": "Bearer"}),
            "forbidden": Forbidden("no"),
            "unavailable": ServiceUnavailable("db down", headers={"Retry-After": "5"}),
            "bad-gateway": BadGateway("upstream said nonsense"),
            "timeout": GatewayTimeout("upstream too slow"),
            "http": HTTPException(418, "short and stout"),
            "forged": NotFound("x", status=200, request_id="forged", hint="extension"),
        }
        raise errors[name]

    @app.get("/group/{kind}")
    async def group(kind: str) -> None:
        async def fail(exc: Exception) -> None:
            await asyncio.sleep(0)
            raise exc

        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(Conflict("first")))
            tg.create_task(fail(RuntimeError("a bug") if kind == "mixed" else NotFound("second")))

    @app.post("/items")
    async def items(body: Items) -> int:
        return len(body.items)

    @app.get("/late-failure")
    async def late_failure(tasks: BackgroundTasks) -> dict[str, str]:
        def explode() -> None:
            raise RuntimeError("after the response")

        tasks.add_task(explode)  # no wrapper: what Jobs.schedule exists to avoid
        return {"status": "accepted"}

    return app


@pytest.mark.parametrize(
    ("name", "status", "header"),
    [
        ("not-found", 404, None),
        ("conflict", 409, None),
        ("unauthorized", 401, ("www-authenticate", "Bearer")),
        ("forbidden", 403, None),
        ("unavailable", 503, ("retry-after", "5")),
        ("bad-gateway", 502, None),
        ("timeout", 504, None),
        ("http", 418, None),
    ],
)
async def test_each_error_kind_has_its_status_and_headers(name, status, header):
    async with asgi_client(service()) as c:
        body = assert_problem(await c.get(f"/raise/{name}"), status)
        r = await c.get(f"/raise/{name}")
    assert body["detail"]
    if header:
        assert r.headers[header[0]] == header[1]


async def test_extension_members_cannot_forge_standard_ones():
    async with asgi_client(service()) as c:
        r = await c.get("/raise/forged", headers={"X-Request-ID": "real-id"})
    body = assert_problem(r, 404)
    assert body["request_id"] == "real-id"
    assert body["hint"] == "extension"


async def test_a_group_of_domain_errors_answers_as_the_first():
    async with asgi_client(service()) as c:
        body = assert_problem(await c.get("/group/domain"), 409)
    assert body["detail"] == "first"


async def test_a_bug_in_a_group_is_not_hidden_behind_a_domain_error(production, caplog):
    caplog.set_level(logging.ERROR, logger=COURSE_LOGGER)
    async with asgi_client(service()) as c:
        assert_problem(await c.get("/group/mixed"), 500)
    [record] = [rec for rec in caplog.records if rec.name == "course.errors"]
    group = record.exc_info[1]
    assert isinstance(group, ExceptionGroup) and group.subgroup(RuntimeError) is not None


async def test_validation_errors_are_capped():
    async with asgi_client(service()) as c:
        r = await c.post("/items", json={"items": ["x"] * (MAX_FIELD_ERRORS + 30)})
    body = assert_problem(r, 422)
    assert len(body["errors"]) == MAX_FIELD_ERRORS
    assert f"of {MAX_FIELD_ERRORS + 30} errors" in body["detail"]


async def test_a_background_task_failure_leaves_the_response_alone(caplog):
    caplog.set_level(logging.ERROR, logger=COURSE_LOGGER)
    async with asgi_client(service()) as c:
        r = await c.get("/late-failure", headers={"X-Request-ID": "late-1"})
    assert r.status_code == 200 and r.json() == {"status": "accepted"}
    [record] = [rec for rec in caplog.records if rec.name == "course.errors"]
    assert "after the response was sent" in record.getMessage()
    assert record.request_id == "late-1"


async def test_create_service_layers_are_in_order():
    app = service()
    names = [m.cls.__name__ for m in app.user_middleware]
    assert names[:3] == ["RequestContext", "UnexpectedErrors", "BodyLimit"]


async def test_problem_outside_a_request_sends_no_fake_id():
    response = problem(404, "gone", instance="/x", type="/problems/gone", title="Gone for good")
    body = response.body.decode()
    assert response.media_type == "application/problem+json"
    assert '"title":"Gone for good"' in body
    assert "request_id" not in body and '"detail":"gone"' in body


async def test_install_problem_handlers_works_on_a_bare_app():
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/")
    async def root() -> None:
        raise DomainError("a plain domain error is a 400")

    async with asgi_client(app) as c:
        r = await c.get("/")
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert "request_id" not in r.json()  # no RequestContext, so no id to report
