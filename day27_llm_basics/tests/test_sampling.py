"""Temperature and top-p on a toy distribution — and the offline model, which does not sample."""

from __future__ import annotations

from day27_llm_basics.sampling import TOY_LOGITS, nucleus, probabilities, sample

FAVOURITE = " reliability"


def test_temperature_zero_always_picks_the_favourite() -> None:
    probs = probabilities(TOY_LOGITS, 0)
    assert probs[FAVOURITE] == 1.0 and sum(probs.values()) == 1.0
    assert set(sample(TOY_LOGITS, temperature=0, draws=200, seed=1)) == {FAVOURITE}


def test_higher_temperature_flattens_the_odds() -> None:
    top = [probabilities(TOY_LOGITS, t)[FAVOURITE] for t in (0.3, 0.7, 1.0, 2.0)]
    assert top == sorted(top, reverse=True) and top[0] > 0.6 > top[-1]
    cold = set(sample(TOY_LOGITS, temperature=0.3, draws=300, seed=7))
    hot = set(sample(TOY_LOGITS, temperature=2.0, draws=300, seed=7))
    assert len(hot) > len(cold)
    assert " coffee" in hot and " coffee" not in cold


def test_top_p_keeps_only_the_likely_head() -> None:
    probs = probabilities(TOY_LOGITS, 1.0)
    head = nucleus(probs, 0.6)
    assert list(head) == [" reliability", " speed"]
    assert abs(sum(head.values()) - 1.0) < 1e-9
    assert set(sample(TOY_LOGITS, top_p=0.6, draws=300, seed=3)) <= set(head)


async def test_sampling_endpoint_is_repeatable_with_a_seed(client) -> None:
    ask = {"temperature": 1.2, "top_p": 0.9, "draws": 50, "seed": 42}
    first, second = [(await client.post("/sampling", json=ask)).json() for _ in range(2)]
    assert first == second
    assert sum(first["draws"].values()) == 50
    dropped = {c["token"] for c in first["candidates"] if not c["kept"]}
    assert dropped and not dropped & set(first["draws"]), "top-p removed the tail"
    mine = {"logits": {"yes": 5.0, "no": 0.0}, "temperature": 0}
    assert (await client.post("/sampling", json=mine)).json()["draws"] == {"yes": 20}


async def test_the_offline_model_answers_the_same_at_any_temperature(client, llm_calls) -> None:
    answers = set()
    for t in (0, 0.7, 2):
        r = await client.post("/chat", json={"message": "Name a colour.", "temperature": t})
        assert r.json()["temperature"] == t
        answers.add(r.json()["answer"])
    assert len(answers) == 1
    assert [c["temperature"] for c in llm_calls()] == [0, 0.7, 2], "each was sent to the model"
    untouched = await client.post("/chat", json={"message": "Name a colour."})
    assert "temperature" not in llm_calls()[-1], "not sent when the client did not choose one"
    assert untouched.json()["answer"] in answers


def test_tiny_temperatures_and_big_scores_do_not_overflow() -> None:
    probs = probabilities({"a": 100.0, "b": -100.0, "c": 99.0}, 5e-324)
    assert probs == {"a": 1.0, "b": 0.0, "c": 0.0}
