"""The narrated demo runs end to end and prints what it promises (its timings are not checked)."""

from __future__ import annotations

from day16_odm import demo


def test_demo_prints_indexes_errors_measurements_and_the_n_plus_1(capsys) -> None:
    assert demo.main(["--books", "40"]) == 0
    out = capsys.readouterr().out
    assert "email asc)  unique" in out
    assert "409 Duplicate key" in out and "422 Document does not match" in out
    for line in ("validated", "lean()  dicts", "model_validate alone"):
        assert line in out
    assert "one find per book (N+1)    find=20" in out
    assert "populate: one $in query    find=1" in out
    assert "500 Stored document does not match its schema" in out
    assert "'year': 'in the sixties'" in out  # the lean read let it through
