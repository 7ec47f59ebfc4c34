"""Day 14 · A B+ tree from scratch: splits, merges, linked leaves, and one page read per level."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=14,
    title="A B+ tree from scratch",
    learn=(
        Bullet(
            "Search: descend from the root with a binary search (`bisect`) in each node; a lookup "
            "touches exactly `height` nodes",
            code=(),
            tests=(),
        ),
        Bullet(
            "Insert: a full leaf splits and copies its first key up, a full internal node splits and "
            "moves its middle key up, and the tree grows at the root, so every leaf stays at the "
            "same depth",
            code=(),
            tests=(),
        ),
        Bullet(
            "Range scans: find the first key once, then follow the linked leaves, slicing each "
            "leaf's sorted lists",
            code=(),
            tests=(),
        ),
        Bullet(
            "Delete: an underfull node borrows a key from a sibling, else merges with it; the root "
            "shrinks when it is left with one child",
            code=(),
            tests=(),
        ),
        Bullet(
            "Order (fan-out) as a parameter: at most order − 1 keys per node and at least "
            "⌈order/2⌉ − 1; with a fan-out in the hundreds, a billion keys are 3–5 levels deep",
            code=(),
            tests=(),
        ),
        Bullet(
            "A page-backed tree: each node is a fixed-size page in a file, packed with `struct` and "
            "checked with CRC32; with the page cache off a lookup reads exactly `height` pages",
            code=(),
            tests=(),
        ),
        Bullet(
            "Refusing garbage: a corrupt or short page raises CorruptPage; a key that is too long or "
            "of the wrong type is refused before anything is written",
            code=(),
            tests=(),
        ),
        Bullet(
            "Property-based tests: hypothesis runs random insert/delete/lookup/range sequences "
            "against a sorted dict and checks every invariant after each step",
            code=(),
            tests=(),
        ),
        Bullet(
            "Benchmarking against `sortedcontainers.SortedDict`: point lookups and range scans side "
            "by side, with the ratio",
            code=(),
            tests=(),
        ),
    ),
    kind="demo",
    try_these=(
        "python -m day14_bplus_tree",
        "python -m day14_bplus_tree --order 3 --keys 24",
    ),
    tags=("b+ tree", "pages", "fan-out", "range scan", "hypothesis", "sortedcontainers"),
)
