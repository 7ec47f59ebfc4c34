"""The API under test: log in for a token, then create, read, update and delete tasks.

Small on purpose — the lesson is the testing, not the API — but it has what a collection must
exercise: a login that hands out a token, a route that needs it, a created id to chain, and
every common status code (200, 201, 204, 401, 404, 422).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

# The one account of the lesson; the Postman environment file holds the same values.
DEMO_USER = ("ada", "analytical-engine")


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class TaskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200)
    done: bool = False


class TaskPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, min_length=1, max_length=200)
    done: bool | None = None


class Task(TaskIn):
    id: int
    owner: str


class Stats(BaseModel):
    tasks: int
    done: int


@dataclass
class Board:
    """In-memory state: issued tokens and tasks. One per app, so every test starts clean."""

    tokens: dict[str, str] = field(default_factory=dict)
    tasks: dict[int, Task] = field(default_factory=dict)
    next_id: int = 1


def board(request: Request) -> Board:
    return request.app.state.board


def current_user(
    authorization: Annotated[str | None, Header()] = None,
    state: Board = Depends(board),
) -> str:
    """``Authorization: Bearer <token>`` → the user; anything else is a 401 that says why."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "send Authorization: Bearer <token> (get one from POST /auth/token)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = state.tokens.get(token)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "unknown token", headers={"WWW-Authenticate": "Bearer"}
        )
    return user


router = APIRouter()
User = Annotated[str, Depends(current_user)]
State = Annotated[Board, Depends(board)]


@router.post("/auth/token", response_model=Token, tags=["auth"])
async def login(credentials: Credentials, state: State) -> Token:
    # compare_digest: the time taken does not reveal how much of the password matched.
    # (On bytes: for str it refuses non-ASCII input with a TypeError — a 500, found by fuzzing.)
    ok_user = secrets.compare_digest(credentials.username.encode(), DEMO_USER[0].encode())
    ok_pass = secrets.compare_digest(credentials.password.encode(), DEMO_USER[1].encode())
    if not (ok_user and ok_pass):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    token = secrets.token_urlsafe(24)
    state.tokens[token] = credentials.username
    return Token(access_token=token)


@router.get("/tasks/stats", response_model=Stats, tags=["tasks"])
async def stats(state: State) -> Stats:
    """Public: how many tasks exist (no token needed; the smoke check uses it)."""
    return Stats(tasks=len(state.tasks), done=sum(t.done for t in state.tasks.values()))


@router.get("/tasks", response_model=list[Task], tags=["tasks"])
async def list_tasks(user: User, state: State) -> list[Task]:
    return [t for t in state.tasks.values() if t.owner == user]


@router.post("/tasks", response_model=Task, status_code=status.HTTP_201_CREATED, tags=["tasks"])
async def create_task(body: TaskIn, user: User, state: State) -> Task:
    task = Task(id=state.next_id, owner=user, **body.model_dump())
    state.tasks[task.id] = task
    state.next_id += 1
    return task


def _own_task(task_id: int, user: str, state: Board) -> Task:
    task = state.tasks.get(task_id)
    # Someone else's task is "not found", not "forbidden": we don't confirm it exists.
    if task is None or task.owner != user:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no task {task_id}")
    return task


@router.get("/tasks/{task_id}", response_model=Task, tags=["tasks"])
async def get_task(task_id: int, user: User, state: State) -> Task:
    return _own_task(task_id, user, state)


@router.patch("/tasks/{task_id}", response_model=Task, tags=["tasks"])
async def update_task(task_id: int, patch: TaskPatch, user: User, state: State) -> Task:
    task = _own_task(task_id, user, state)
    changes = patch.model_dump(exclude_unset=True, exclude_none=True)
    updated = task.model_copy(update=changes)
    state.tasks[task_id] = updated
    return updated


@router.delete("/tasks/{task_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["tasks"])
async def delete_task(task_id: int, user: User, state: State) -> None:
    _own_task(task_id, user, state)
    del state.tasks[task_id]
