"""Routers speak HTTP: they turn a request into a service call and a service answer into a status.

Every status-code choice of the notes API is made in this file, and only here: the rules below
(services) raise plain exceptions, and ``STATUS_FOR`` says what each one means on the wire.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request, Response
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from day05_core_concepts.notes.schemas import (
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    ErrorDetail,
    Note,
    NoteIn,
    NotePage,
    NotePatch,
)
from day05_core_concepts.notes.services import (
    KeyReused,
    NoteError,
    NoteNotFound,
    NoteService,
    PinnedNote,
    VersionMismatch,
)

router = APIRouter(prefix="/notes", tags=["notes"])

STATUS_FOR: dict[type[NoteError], int] = {
    NoteNotFound: 404,
    # 409: the request is fine but the note's state forbids it; the client can fix that and retry.
    PinnedNote: 409,
    # 412, not 409: HTTP has a code for "your If-Match precondition is false" (RFC 9110 §13.1.1).
    VersionMismatch: 412,
    # 422: what the Idempotency-Key draft asks for when a key comes back with another payload.
    KeyReused: 422,
}


async def note_error_response(request: Request, exc: Exception) -> Response:
    """Registered by ``app.py`` for ``NoteError``: one place maps rules to status codes."""
    assert isinstance(exc, NoteError)
    if isinstance(exc, KeyReused):
        # Reported like every other 422: which input was wrong (the header) and why.
        error = {
            "type": "idempotency_key_reused",
            "loc": ("header", "Idempotency-Key"),
            "msg": str(exc),
            "input": request.headers.get("idempotency-key"),
        }
        return await request_validation_exception_handler(request, RequestValidationError([error]))
    return JSONResponse({"detail": str(exc)}, status_code=STATUS_FOR.get(type(exc), 400))


def get_service(request: Request) -> NoteService:
    # Built once in create_app and kept on app.state: each app (each test) has its own store.
    return request.app.state.service


Service = Annotated[NoteService, Depends(get_service)]
NoteId = Annotated[int, Path(ge=1)]
ERRORS: dict[int | str, dict] = {
    404: {"model": ErrorDetail, "description": "No such note"},
    412: {"model": ErrorDetail, "description": "If-Match names an older version"},
}

# The draft defines the key as a structured-field string ("…" quoted); the bare form clients
# often send is accepted too. A fixed format, checked before use, is what the draft recommends.
KEY_FORMAT = re.compile(r'"([A-Za-z0-9._:-]{1,255})"|([A-Za-z0-9._:-]{1,255})')


def idempotency_key(
    key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> str | None:
    if key is None:
        return None
    match = KEY_FORMAT.fullmatch(key)
    if match is None:
        # 400: the header itself is malformed, whatever the body says.
        detail = "Idempotency-Key must be 1-255 of A-Z a-z 0-9 . _ : -, optionally in double quotes"
        raise HTTPException(status_code=400, detail=detail)
    return match.group(1) or match.group(2)


def if_match(value: Annotated[str | None, Header(alias="If-Match")] = None) -> set[int] | None:
    """The versions the client will accept changing, or None for "no precondition"."""
    if value is None or value.strip() == "*":
        return None
    # If-Match uses strong comparison: a weak tag (W/"3") or garbage never matches (→ 412).
    tags = (tag.strip() for tag in value.split(","))
    return {int(tag[1:-1]) for tag in tags if re.fullmatch(r'"\d{1,18}"', tag)}


def _etag(version: int) -> str:
    return f'"{version}"'


@router.get("", response_model=NotePage)
async def list_notes(
    service: Service,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> NotePage:
    """Safe and idempotent: reading never changes a note. The page size is capped."""
    notes, total = await service.page(limit=limit, offset=offset)
    items = [Note.model_validate(n, from_attributes=True) for n in notes]
    return NotePage(items=items, total=total, limit=limit, offset=offset)


@router.post(
    "",
    status_code=201,
    response_model=Note,
    responses={
        400: {"model": ErrorDetail, "description": "Malformed JSON or Idempotency-Key"},
        422: {"description": "Invalid note, or an Idempotency-Key reused with another body"},
    },
)
async def create_note(
    data: NoteIn,
    request: Request,
    response: Response,
    service: Service,
    key: Annotated[str | None, Depends(idempotency_key)],
) -> Note:
    """Not idempotent: two POSTs make two notes. Send an ``Idempotency-Key`` to make retries safe."""
    created = await service.create(data, key)
    # 201 + Location: the new resource exists now, and this is where it lives.
    response.headers["Location"] = str(request.url_for("read_note", note_id=created.note.id))
    response.headers["ETag"] = _etag(created.note.version)
    if created.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return Note.model_validate(created.note, from_attributes=True)


@router.get("/{note_id}", response_model=Note, responses={404: ERRORS[404]})
async def read_note(note_id: NoteId, response: Response, service: Service) -> Note:
    note = await service.get(note_id)
    response.headers["ETag"] = _etag(note.version)
    return Note.model_validate(note, from_attributes=True)


@router.put("/{note_id}", response_model=Note, responses=ERRORS)
async def replace_note(
    note_id: NoteId,
    data: NoteIn,
    response: Response,
    service: Service,
    versions: Annotated[set[int] | None, Depends(if_match)],
) -> Note:
    """Idempotent: the note becomes exactly the body sent, however many times it is sent."""
    note = await service.replace(note_id, data, if_match=versions)
    response.headers["ETag"] = _etag(note.version)
    return Note.model_validate(note, from_attributes=True)


@router.patch("/{note_id}", response_model=Note, responses=ERRORS)
async def patch_note(
    note_id: NoteId,
    changes: NotePatch,
    response: Response,
    service: Service,
    versions: Annotated[set[int] | None, Depends(if_match)],
) -> Note:
    """Partial update. Not idempotent by definition (RFC 5789); this one sets fields, so it is."""
    note = await service.patch(note_id, changes, if_match=versions)
    response.headers["ETag"] = _etag(note.version)
    return Note.model_validate(note, from_attributes=True)


@router.delete(
    "/{note_id}",
    status_code=204,
    response_class=Response,
    responses={**ERRORS, 409: {"model": ErrorDetail, "description": "The note is pinned"}},
)
async def delete_note(
    note_id: NoteId,
    service: Service,
    versions: Annotated[set[int] | None, Depends(if_match)],
) -> Response:
    """204 No Content: done, and nothing to say. A second DELETE of the same note answers 404."""
    await service.delete(note_id, if_match=versions)
    return Response(status_code=204)
