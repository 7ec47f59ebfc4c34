"""Introduced on Day 27: the lesson's chat model — always through the real OpenAI SDK.

    async with open_llm() as llm:
        reply = await llm.client.chat.completions.create(
            model=llm.model, messages=[{"role": "user", "content": "hello"}]
        )

* ``OPENAI_API_KEY`` set: ``AsyncOpenAI`` talks to OpenAI, or to ``OPENAI_BASE_URL`` (a local
  Ollama or vLLM speaks the same API), with the model ``LLM_MODEL``.
* not set: the offline model (:mod:`shared.offline_llm`) is served on a free loopback port for
  the life of the ``async with``, and the same SDK talks to it over HTTP — streaming, tool calls
  and structured output included. Its answers start with ``[offline model]``.

Timeouts and retries come from the settings (``LLM_TIMEOUT_S``, ``LLM_MAX_RETRIES``): a model
is a slow, sometimes failing upstream, and the SDK retries 429s and 5xx with backoff for us.
:func:`upstream_errors` turns what still fails into the course's 502/503/504 problems.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

from shared.backends import choose, configured
from shared.errors import BadGateway, GatewayTimeout, ServiceUnavailable
from shared.offline_llm import MODEL_ID as OFFLINE_MODEL
from shared.settings import Settings, get_settings

if TYPE_CHECKING:
    from openai import AsyncOpenAI

#: the API key the SDK sends to the offline model (it needs one; any value is accepted)
OFFLINE_API_KEY = "offline"


class LLM:
    """A configured client, the model to ask, and whether it is the offline one.

    The OpenAI SDK takes about half a second to import — longer than FastAPI itself — so the
    client is built on first use: a lesson is ready to answer ``/health`` without paying for it.
    """

    def __init__(
        self,
        client: AsyncOpenAI | None,
        model: str,
        *,
        offline: bool,
        base_url: str,
        api_key: str = OFFLINE_API_KEY,
        timeout_s: float = 30.0,
        max_retries: int = 2,
    ) -> None:
        self._client = client
        self.model = model
        self.offline = offline
        self.base_url = base_url
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._max_retries = max_retries

    def __repr__(self) -> str:  # never the key
        return f"LLM(model={self.model!r}, offline={self.offline}, base_url={self.base_url!r})"

    @property
    def client(self) -> AsyncOpenAI:
        if self._client is None:
            from openai import AsyncOpenAI  # noqa: PLC0415 - the import is the cost we defer

            self._client = AsyncOpenAI(
                api_key=self._api_key,
                base_url=self.base_url,
                timeout=self._timeout_s,
                max_retries=self._max_retries,
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()


@contextlib.asynccontextmanager
async def open_llm(*, settings: Settings | None = None) -> AsyncIterator[LLM]:
    """The chat model :func:`shared.backends.choose` picks, ready for ``llm.client``."""
    settings = settings or get_settings()
    server = None
    choice = choose("llm", settings)
    if choice.kind == "real":
        api_key, base_url = configured(settings.openai_api_key) or "", choice.target
        model = settings.llm_model
    else:
        from shared.offline_llm_server import OfflineModelServer  # noqa: PLC0415

        server = OfflineModelServer()
        base_url = await asyncio.to_thread(server.start)
        api_key, model = OFFLINE_API_KEY, OFFLINE_MODEL
    llm = LLM(
        None,
        model,
        offline=server is not None,
        base_url=base_url,
        api_key=api_key,
        timeout_s=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
    )
    try:
        yield llm
    finally:
        await llm.aclose()
        if server is not None:
            await asyncio.to_thread(server.stop)


@contextlib.contextmanager
def upstream_errors() -> Iterator[None]:
    """Map what the SDK raises (after its retries) to the course's problem+json errors.

    Unreachable → 503, too slow → 504, rate-limited → 503 with the upstream's Retry-After,
    any other error status → 502: the model failed, not the client who asked us.
    """
    try:
        yield
    except Exception as exc:
        # Imported here, not at the top: only a failing call pays for (or needs) the SDK.
        from openai import (  # noqa: PLC0415
            APIConnectionError,
            APIStatusError,
            APITimeoutError,
            RateLimitError,
        )

        if isinstance(exc, APITimeoutError):  # before APIConnectionError: it is a subclass
            raise GatewayTimeout(f"the model did not answer in time: {exc}") from exc
        if isinstance(exc, APIConnectionError):
            raise ServiceUnavailable(f"the model is not reachable: {exc}") from exc
        if isinstance(exc, RateLimitError):
            retry_after = exc.response.headers.get("retry-after")
            extra = {"headers": {"Retry-After": retry_after}} if retry_after else {}
            raise ServiceUnavailable("the model is rate-limited; try again later", **extra) from exc
        if isinstance(exc, APIStatusError):
            raise BadGateway(f"the model answered {exc.status_code}: {exc.message}") from exc
        raise
