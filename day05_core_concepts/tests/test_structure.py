"""The folder structure is a rule, not a habit: each layer imports only the layer below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

NOTES = Path(__file__).resolve().parent.parent / "notes"
PACKAGE = "day05_core_concepts.notes"

# layer -> what it may not import
FORBIDDEN = {
    # HTTP code goes through the rules, never straight to storage.
    "routers": {f"{PACKAGE}.repositories"},
    # The rules know nothing of HTTP, so they could run behind a CLI or a queue.
    "services": {"fastapi", "starlette", f"{PACKAGE}.routers"},
    # Storage knows neither HTTP, nor the rules, nor the wire format.
    "repositories": {
        "fastapi",
        "starlette",
        "pydantic",
        f"{PACKAGE}.routers",
        f"{PACKAGE}.services",
        f"{PACKAGE}.schemas",
    },
    # The wire format is plain data: no behaviour from the layers that use it.
    "schemas": {
        "fastapi",
        "starlette",
        f"{PACKAGE}.routers",
        f"{PACKAGE}.services",
        f"{PACKAGE}.repositories",
    },
}


def imports_of(module: str) -> set[str]:
    tree = ast.parse((NOTES / f"{module}.py").read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_downwards(layer):
    bad = {
        name
        for name in imports_of(layer)
        for banned in FORBIDDEN[layer]
        if name == banned or name.startswith(banned + ".")
    }
    assert not bad, f"{layer}.py imports {sorted(bad)}"


def test_the_layers_exist_and_are_used_in_order():
    assert {p.stem for p in NOTES.glob("*.py")} >= set(FORBIDDEN)
    assert f"{PACKAGE}.services" in imports_of("routers")
    assert f"{PACKAGE}.repositories" in imports_of("services")


async def test_the_service_runs_without_http():
    # The same rules, driven directly: no app, no client, no request.
    from day05_core_concepts.notes.repositories import (
        InMemoryIdempotencyKeys,
        InMemoryNoteRepository,
    )
    from day05_core_concepts.notes.schemas import NoteIn
    from day05_core_concepts.notes.services import NoteNotFound, NoteService

    service = NoteService(InMemoryNoteRepository(), InMemoryIdempotencyKeys())
    created = await service.create(NoteIn(title="milk"))
    assert (await service.get(created.note.id)).title == "milk"
    await service.delete(created.note.id)
    with pytest.raises(NoteNotFound):
        await service.delete(created.note.id)
