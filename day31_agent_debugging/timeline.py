"""A timeline: the trace as a person reads it — one line per span, in order, with the time.

``GET /runs/{id}/timeline`` answers text (for a terminal) or, with ``?format=html`` or
``Accept: text/html``, a table (for a browser). Everything in a trace that came from outside —
the task, what tools returned, what the model wrote — is untrusted text: in HTML it is escaped
(``html.escape``), or a review holding ``<script>`` would run in the reader's browser.
"""

from __future__ import annotations

import html
import json
from typing import Any

PREVIEW = 100  # characters of a result or an answer shown on one line


def rows(trace: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """``(start, took, step, what, status, detail)`` per span."""
    out = []
    for span in trace["spans"]:
        start = f"{span['start_ms']:.1f} ms"
        took = f"{span['duration_ms']:.1f} ms"
        if span["kind"] == "chat":
            what = f"model #{span['attempt']}"
            detail = _chat_detail(span)
        elif span["kind"] == "execute_tool":
            what = f"tool {span['attributes']['gen_ai.tool.name']}"
            detail = f"{_short(span['arguments'])} → {_short(span['result'])}"
        else:
            what = "stop"
            detail = span["detail"]
        out.append((start, took, str(span["step"]), what, span["status"], detail))
    return out


def heading(trace: dict[str, Any]) -> str:
    usage = trace["usage"]
    steps = max((s["step"] for s in trace["spans"]), default=0)
    return (
        f"run {trace['run_id']} · {trace['task']!r} · {trace['status']} · "
        f"{steps} step{'' if steps == 1 else 's'} · "
        f"{usage['input_tokens']} tokens in, {usage['output_tokens']} out · "
        f"{trace['duration_ms']:.1f} ms"
    )


def as_text(trace: dict[str, Any]) -> str:
    lines = [heading(trace), ""]
    table = [("start", "took", "step", "what", "status", "detail"), *rows(trace)]
    widths = [max(len(r[i]) for r in table) for i in range(5)]
    for row in table:
        cells = [row[i].rjust(widths[i]) if i < 3 else row[i].ljust(widths[i]) for i in range(5)]
        lines.append("  ".join(cells) + "  " + row[5])
    if trace["answer"] is not None:
        lines += ["", f"answer: {trace['answer']}"]
    elif trace["detail"]:
        lines += ["", f"stopped: {trace['detail']}"]
    return "\n".join(lines) + "\n"


def as_html(trace: dict[str, Any]) -> str:
    e = html.escape
    body = "".join(
        f'<tr class="{e(row[4])}">' + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>"
        for row in rows(trace)
    )
    ending = trace["answer"] if trace["answer"] is not None else trace["detail"]
    return (
        "<!doctype html><meta charset=utf-8><title>run "
        f"{e(trace['run_id'])}</title><style>body{{font:14px system-ui}}td{{padding:2px 8px;"
        "vertical-align:top}tr:not(.ok) td:nth-child(5){color:#b00}</style>"
        f"<h1>{e(heading(trace))}</h1><table><tr><th>start</th><th>took</th><th>step</th>"
        f"<th>what</th><th>status</th><th>detail</th></tr>{body}</table><p>{e(ending or '')}</p>"
    )


def _chat_detail(span: dict[str, Any]) -> str:
    if span["status"] != "ok":
        wait = span.get("retry_in_ms")
        then = f"; retry in {wait} ms" if wait is not None else "; giving up"
        return f"{span['attributes'].get('error.type')}: {_short(span['error'])}{then}"
    attrs = span["attributes"]
    tokens = f"{attrs['gen_ai.usage.input_tokens']} → {attrs['gen_ai.usage.output_tokens']} tokens"
    message = span["response"]["choices"][0]["message"]
    calls = message.get("tool_calls") or []
    if calls:
        asked = ", ".join(
            f"{c['function']['name']}({_short(c['function']['arguments'])})" for c in calls
        )
        return f"{tokens}; asks for {asked}"
    return f"{tokens}; answers {_short(message.get('content') or '')}"


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= PREVIEW else text[:PREVIEW] + "…"
