"""A trace: every step of a run as a span — what was sent, what came back, how long it took.

One JSON document per run (``GET /runs/{id}/trace``)::

    {"run_id", "task", "tools_allowed", "max_steps", "model", "status", "answer", "detail",
     "duration_ms", "usage": {"input_tokens", "output_tokens"},
     "spans": [{"span_id", "name", "kind", "step", "start_ms", "duration_ms", "status",
                "attributes": {...}, ...}]}

Span kinds, named as the OpenTelemetry semantic conventions for generative AI name them:

* ``chat`` — one attempt at a model call: the ``request`` (messages and tools, exactly as sent),
  the ``response`` (the raw completion) or the ``error``, and ``gen_ai.usage.input_tokens`` /
  ``output_tokens`` from the response's ``usage``. A retried call is several ``chat`` spans
  of the same step, ``attempt`` 1, 2, 3…
* ``execute_tool`` — one tool call: ``gen_ai.tool.name``, ``gen_ai.tool.call.id``, the
  ``arguments`` *as the model wrote them* (the text, not what we made of it), the ``result``
  fed back and its ``status`` (``ok``, ``bad_json``, ``bad_arguments``, ``unknown_tool``,
  ``not_allowed``, ``error``, ``timeout``).
* ``stop`` — why a run ended without an answer (``step_limit``, ``loop``, ``prompt_budget``).

Keeping the requests and responses makes the trace a *recording*: :mod:`.replay` can play it
back. That is also why a trace is sensitive data (it holds the user's words and the tools'
answers): keep it where you keep logs, and for as long.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from shared.agent import AgentRun, ModelCall, ToolRun


class Trace:
    """Collects spans while a run happens; :meth:`finish` adds how it ended."""

    def __init__(self, task: str, allowed: list[str], max_steps: int, model: str) -> None:
        self.run_id = uuid.uuid4().hex[:12]
        self.origin = time.perf_counter()
        self.spans: list[dict[str, Any]] = []
        self.doc: dict[str, Any] = {
            "run_id": self.run_id,
            "task": task,
            "tools_allowed": sorted(allowed),
            "max_steps": max_steps,
            "model": model,
            "status": "running",
            "answer": None,
            "detail": "",
            "duration_ms": 0.0,
            "usage": {"input_tokens": 0, "output_tokens": 0},
            "spans": self.spans,
        }

    def start(self) -> None:
        """Time zero: the run begins now (not when the trace object was made)."""
        self.origin = time.perf_counter()

    def now_ms(self) -> float:
        return round((time.perf_counter() - self.origin) * 1000, 3)

    def _add(self, kind: str, name: str, step: int, start_ms: float, **fields: Any) -> None:
        span = {
            "span_id": len(self.spans) + 1,
            "name": name,
            "kind": kind,
            "step": step,
            "start_ms": start_ms,
            "duration_ms": round(self.now_ms() - start_ms, 3),
        }
        span.update(fields)
        self.spans.append(span)

    def chat(
        self,
        step: int,
        attempt: int,
        start_ms: float,
        request: dict[str, Any],
        *,
        response: dict[str, Any] | None = None,
        error: BaseException | None = None,
        retry_in_ms: float | None = None,
    ) -> None:
        """One model attempt: its request, and its response or error."""
        attributes: dict[str, Any] = {
            "gen_ai.operation.name": "chat",
            "gen_ai.request.model": self.doc["model"],
        }
        fields: dict[str, Any] = {"attempt": attempt, "request": request}
        if response is not None:
            usage = response.get("usage") or {}
            choice = (response.get("choices") or [{}])[0]
            attributes.update(
                {
                    "gen_ai.response.id": response.get("id"),
                    "gen_ai.response.model": response.get("model"),
                    "gen_ai.response.finish_reasons": [choice.get("finish_reason")],
                    "gen_ai.usage.input_tokens": usage.get("prompt_tokens", 0),
                    "gen_ai.usage.output_tokens": usage.get("completion_tokens", 0),
                }
            )
            self.doc["usage"]["input_tokens"] += usage.get("prompt_tokens", 0)
            self.doc["usage"]["output_tokens"] += usage.get("completion_tokens", 0)
            fields.update(status="ok", response=response)
        else:
            attributes["error.type"] = type(error).__name__
            fields.update(status="error", error=str(error), retry_in_ms=retry_in_ms)
        self._add(
            "chat", f"chat {self.doc['model']}", step, start_ms, attributes=attributes, **fields
        )

    def observe(self, event: ModelCall | ToolRun) -> None:
        """The agent loop's observer: tool runs become spans (chat spans come from the model)."""
        if isinstance(event, ToolRun):
            outcome = event.outcome
            self._add(
                "execute_tool",
                f"execute_tool {event.call.name}",
                event.step,
                round(self.now_ms() - event.duration_s * 1000, 3),
                attributes={
                    "gen_ai.operation.name": "execute_tool",
                    "gen_ai.tool.name": event.call.name,
                    "gen_ai.tool.call.id": event.call.id,
                },
                status=outcome.status,
                arguments=event.call.arguments,
                result=outcome.content,
                error=outcome.error,
            )

    def finish(self, run: AgentRun | None, *, error: BaseException | None = None) -> dict[str, Any]:
        """How the run ended; the trace document, ready to store."""
        if run is not None and run.stopped not in (None, "answer"):
            last_step = run.steps[-1].number if run.steps else 0
            self._add(
                "stop",
                f"stop {run.stopped}",
                last_step,
                self.now_ms(),
                status=run.stopped,
                detail=run.detail,
                pending=[{"name": c.name, "arguments": c.arguments} for c in run.pending],
            )
        if error is not None:
            self.doc.update(status="model_error", detail=str(error))
        elif run is not None:
            self.doc.update(status=run.stopped, answer=run.answer, detail=run.detail)
        self.doc["duration_ms"] = self.now_ms()
        return self.doc
