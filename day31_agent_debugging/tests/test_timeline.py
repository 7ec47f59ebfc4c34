"""The timeline: the same trace, read by a person — as text, or as (escaped) HTML."""

from __future__ import annotations

from .conftest import run


async def test_a_text_timeline_has_a_line_per_span(client) -> None:
    out, trace = await run(client, "Where is my order A1001?")
    r = await client.get(out["timeline"])
    assert r.headers["content-type"].startswith("text/plain")
    lines = r.text.splitlines()
    assert lines[0].startswith(
        f"run {out['run_id']} · 'Where is my order A1001?' · answer · 3 steps"
    )
    table = [line for line in lines[2:] if line.strip()][1 : 1 + len(trace["spans"])]
    assert [line.split()[5] for line in table] == ["model", "tool", "model", "tool", "model"]
    assert 'asks for get_order({"order_id": "A1001"})' in table[0]
    assert "tool get_order" in table[1] and "ok" in table[1]
    assert lines[-1].startswith("answer: [offline model] track_parcel returned")


async def test_html_on_request_with_untrusted_text_escaped(client, desk) -> None:
    desk.orders["A1003"].status = "<script>alert('owned')</script>"
    out, _ = await run(client, "Where is my order A1003?")
    for r in (
        await client.get(out["timeline"], params={"format": "html"}),
        await client.get(out["timeline"], headers={"accept": "text/html"}),
    ):
        assert r.headers["content-type"].startswith("text/html")
        assert "<table>" in r.text
        assert "<script>" not in r.text
        assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in r.text
