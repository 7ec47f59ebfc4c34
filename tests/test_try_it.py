"""Every README's "Try it" runs against the lesson and prints what the README says.

One test per lesson starts it as a learner would and runs its commands (:mod:`course.tryit`);
the tests after them pin down how a README writes commands and expected output, and show a
wrong expected output failing with the lesson, the line and what was printed instead.
"""

from __future__ import annotations

import pytest

from course import tryit
from course.catalog import ROOT
from tests.lessons import packages


@pytest.mark.parametrize("package", packages())
def test_try_it_prints_what_the_readme_shows(package: str) -> None:
    problems = tryit.check(ROOT / package)
    assert not problems, "\n".join(str(p) for p in problems)


# -- the checker itself ----------------------------------------------------------------------

README = """# Day 99

## Try it

```sh
# a description, not output
curl -s localhost:8099/books \\
  -H 'accept: application/json'
# {"items":[{"id":1,…}],
#  "total":5}   ← five books

python -c "print('a')
print('b')"
# a
# b
```

```bash
curl -si localhost:8099/x
```
```
HTTP/1.1 404 Not Found
```

Prose between.

```
not output: prose came between
```

<!-- try-it: not run — needs a second terminal -->
```sh
python -m day99 --port 9000
```

```console
$ echo hi
hi
```

## Run it
"""


def test_parse_reads_commands_and_their_expected_output() -> None:
    steps = tryit.parse(README)
    assert [s.command for s in steps] == [
        "curl -s localhost:8099/books \\\n  -H 'accept: application/json'",
        "python -c \"print('a')\nprint('b')\"",
        "curl -si localhost:8099/x",
        "echo hi",
    ]
    assert [s.line for s in steps] == [7, 12, 19, 37]
    assert [[text.strip() for _, text in s.expected] for s in steps] == [
        ['{"items":[{"id":1,…}],', '"total":5}   ← five books'],
        ["a", "b"],
        ["HTTP/1.1 404 Not Found"],
        ["hi"],
    ]


def test_mismatch_ignores_whitespace_and_notes_and_reads_ellipsis_as_anything() -> None:
    expected = [(9, ' {"items":[{"id":1,…}],'), (10, '  "total":5}   ← five books')]
    assert tryit.mismatch(expected, '{"items": [{"id": 1, "title": "x"}],\n"total": 5}') is None
    assert tryit.mismatch(expected, '{"items":[{"id":2}],"total":5}') == (
        9,
        '{"items":[{"id":1,…}],',
    )
    assert tryit.mismatch(expected, '{"items":[{"id":1,"t":0}],"total":6}') == (
        10,
        '"total":5}   ← five books',
    )


def test_an_indented_block_in_try_it_is_refused_not_skipped() -> None:
    text = README.replace(
        "```console\n$ echo hi\nhi\n```", "1. a list\n\n   ```sh\n   echo hi\n   ```"
    )
    assert tryit.indented_fences(text) == [38, 40]
    assert tryit.indented_fences(README) == []


def test_a_wrong_expected_output_fails_naming_the_lesson_line_and_output() -> None:
    readme = ROOT / "day06_routing" / "README.md"
    text = readme.read_text()
    right = '#  "total":2,"limit":1,"offset":0}'
    assert right in text
    line = next(n for n, row in enumerate(text.split("\n"), 1) if row == right)

    problems = [
        str(p)
        for p in tryit.check(ROOT / "day06_routing", text.replace(right, right.replace("2", "7")))
    ]
    assert problems == [
        f"day06_routing/README.md:{line}: `curl -s 'localhost:8006/books?genre=science&limit=1'` "
        f'(line {line - 2}) did not print \'"total":7,"limit":1,"offset":0}}\'; it printed:\n'
        '    {"items":[{"id":3,"title":"Cosmos","author_id":2,"year":1980,"genre":"science",'
        '"price_cents":1599}],"total":2,"limit":1,"offset":0}'
    ]
