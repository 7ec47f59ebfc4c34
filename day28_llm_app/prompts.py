"""Prompt templates: text in files, filled by typed functions, with user input kept in its place.

A prompt is part of the program, so it lives beside the code (``prompts/*.md``), is reviewed
like code, and is filled by functions whose parameters say what goes in. Three rules make
filling it safe:

1. **Instructions and user text never share a message.** The system message holds *our*
   instructions; what a user wrote goes in a user message. A model weighs the system message
   more, and a user cannot edit it.
2. **User text is delimited.** It sits between ``<ticket>`` and ``</ticket>``, and the system
   prompt says that what is inside is data. Any such tag in the text is removed first, so the
   text cannot close the block early and continue as if it were us.
3. **Substitution is one pass.** ``string.Template`` fills ``$name`` once; a ``$name`` or
   ``{name}`` inside a value stays literal text. (Never build a prompt with ``str.format`` on a
   string that contains user input: ``{0.__class__}`` and friends are format fields.)

None of this makes prompt injection impossible — a model may still follow instructions it
finds inside the delimiters. It makes it harder, and the next file is the real guard: the
answer must fit a schema, so the worst an injected instruction can do is pick a wrong label.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from string import Template
from typing import Any, get_args

FOLDER = Path(__file__).parent / "prompts"
PRODUCT = "Nexus Books"
TICKET_TAG = "ticket"


@functools.cache
def template(name: str) -> Template:
    """``prompts/<name>.md``, read once."""
    return Template((FOLDER / f"{name}.md").read_text(encoding="utf-8").strip())


def render(name: str, **values: str) -> str:
    # substitute(), not safe_substitute(): a placeholder left unfilled is a bug to see at once.
    return template(name).substitute(values)


def delimit(text: str, tag: str = TICKET_TAG) -> str:
    """``text`` between ``<tag>`` and ``</tag>``, with every such tag inside it removed.

    Removed until none is left: a single pass over ``</tic</ticket>ket>`` would leave
    ``</ticket>`` behind.
    """
    pattern = re.compile(rf"<\s*/?\s*{re.escape(tag)}\b[^>]*>", re.I)
    while True:
        cleaned = pattern.sub("", text)
        if cleaned == text:
            break
        text = cleaned
    return f"<{tag}>\n{text.strip()}\n</{tag}>"


def assistant_system() -> str:
    return render("assistant", product=PRODUCT)


def choices(literal: Any) -> str:
    """``"billing", "bug" or "other"`` from a ``Literal[...]`` type: the prompt and the schema
    are written from the same definition, so they cannot disagree."""
    quoted = [f'"{value}"' for value in get_args(literal)]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def triage_messages(ticket: str, *, categories: Any, urgencies: Any) -> list[dict[str, str]]:
    system = render(
        "triage", product=PRODUCT, categories=choices(categories), urgencies=choices(urgencies)
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": delimit(ticket)}]


def correction(errors: list[str]) -> str:
    """The follow-up message when an answer did not validate: what was wrong, and try again."""
    return render("correction", errors="\n".join(f"- {e}" for e in errors))
