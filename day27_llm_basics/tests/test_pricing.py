"""Cost by token: usage × price per million, exact, from a dated example table."""

from __future__ import annotations

from decimal import Decimal

from day27_llm_basics.chat import Usage, priced
from day27_llm_basics.pricing import PRICES, cost_of, usd


def test_cost_is_tokens_times_the_price_per_million() -> None:
    cost = cost_of(1_000_000, 1_000_000, PRICES["gpt-4o-mini"])
    assert (cost.input_usd, cost.output_usd, cost.total_usd) == (
        Decimal("0.15"),
        Decimal("0.60"),
        Decimal("0.75"),
    )
    # Decimal: no float dust, and the text never turns into "4.5E-7".
    assert usd(cost_of(3, 0, PRICES["gpt-4o-mini"]).total_usd) == "0.00000045"
    assert usd(Decimal("0")) == "0"


async def test_cost_endpoint_prices_a_usage(client) -> None:
    r = await client.post(
        "/cost", json={"model": "gpt-4o", "prompt_tokens": 1200, "completion_tokens": 300}
    )
    assert r.json() == {
        "model": "gpt-4o",
        "input_usd": "0.003",
        "output_usd": "0.003",
        "total_usd": "0.006",
    }


async def test_each_chat_is_priced_from_its_own_usage(client) -> None:
    body = (await client.post("/chat", json={"message": "what is 6 * 7"})).json()
    usage = body["usage"]
    assert body["cost"]["total_usd"] == "0", "the offline model costs nothing"
    for model, price in PRICES.items():
        expected = cost_of(usage["prompt_tokens"], usage["completion_tokens"], price)
        assert body["cost"]["on_listed_models"][model] == usd(expected.total_usd)
    assert Decimal(body["cost"]["on_listed_models"]["gpt-4o-mini"]) > 0


async def test_prices_are_dated_examples(client) -> None:
    table = (await client.get("/prices")).json()
    assert table["as_of"] == "2025-08"
    assert "not authoritative" in table["note"]
    assert table["prices"]["gpt-4o-mini"] == {"input_per_1m": "0.15", "output_per_1m": "0.60"}


def test_an_unlisted_model_has_no_price_but_a_comparison() -> None:
    cost = priced("llama3.2", Usage(prompt_tokens=100, completion_tokens=50, total_tokens=150))
    assert cost is not None and cost.total_usd is None
    assert set(cost.on_listed_models) == set(PRICES)
    assert priced("gpt-4o-mini", None) is None, "no usage reported: no bill to compute"
