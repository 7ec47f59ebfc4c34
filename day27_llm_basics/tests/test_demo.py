"""The narrated demo runs start to finish against the model the app would use."""

from __future__ import annotations

from day27_llm_basics.demo import run


async def test_demo_narrates_every_idea(llm_env) -> None:
    lines: list[str] = []
    await run(lines.append)
    text = "\n".join(lines)
    for step in range(7):
        assert f"\n{step}. " in f"\n{text}", f"step {step} missing"
    assert "with the earlier turns: [offline model] Your name is Ada." in text
    assert "identical: the offline model follows rules" in text
    assert "refused before sending (413)" in text
    assert "T=0.0  {' reliability': 20}" in text
