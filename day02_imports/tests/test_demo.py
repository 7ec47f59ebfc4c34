"""`python -m day02_imports` as a learner runs it: a real process that narrates and exits 0."""

from __future__ import annotations

from day02_imports.demo import SECTIONS, main
from day02_imports.run_modes import as_module


def test_the_demo_runs_every_section_and_exits_0() -> None:
    done = as_module("day02_imports")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for number, (name, (title, _)) in enumerate(SECTIONS.items(), 1):
        assert f"{number}. {title}  [{name}]" in out
    # Each section shows its point with real values, not only its title.
    assert "currency        = 'EUR'" in out and "prices.currency = 'USD'" in out
    assert "its code ran 1 time(s); all three are one object: True" in out
    assert "attempted relative import with no known parent package" in out
    assert "from partially initialized module" in out
    assert "report loaded? False" in out and "report loaded? True" in out
    assert "loading shop.cart" in out and "-X importtime" in out


def test_the_demo_runs_chosen_sections_and_refuses_unknown_ones(capsys) -> None:
    assert main(["circular"]) == 0
    out = capsys.readouterr().out
    assert "Circular imports" in out and "Lazy imports" not in out
    assert main(["nope"]) == 2
    assert "unknown section nope" in capsys.readouterr().err
