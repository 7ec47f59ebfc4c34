"""The narrated demo runs end to end and prints what it promises."""

from __future__ import annotations

from day17_validation import demo


def test_the_demo_shows_each_attack_working_then_refused(capsys) -> None:
    assert demo.main([]) == 0
    out = capsys.readouterr().out
    # against the vulnerable code: four operator bodies log in as admin, the guess does not
    assert out.count("LOGGED IN as admin (admin)") == 4
    assert "no match" in out
    assert "stored with role 'admin'" in out
    # against the lesson: every injection is a 422 with no database command
    assert out.count("-> 422 string_type      db: none") == 5
    assert "-> 422 extra_forbidden  db: none" in out
    assert "-> 201 eve" in out and "-> 409 Conflict" in out
    assert "200 qty=3 price=0 gift=False" in out  # lax: false became a price of 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
