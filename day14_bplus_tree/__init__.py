"""Day 14 · A B+ tree from scratch: splits, merges, linked leaves, and one page read per level."""

from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=14,
    title="A B+ tree from scratch",
    learn=(
        Bullet(
            "Search: descend from the root with a binary search (`bisect`) in each node; a lookup "
            "touches exactly `height` nodes",
            code=("tree.py:BPlusTree.get", "tree.py:BPlusTree.path_to"),
            tests=(
                "tests/test_tree.py::test_a_lookup_visits_exactly_height_nodes_one_per_level",
                "tests/test_pages.py::test_with_the_cache_off_a_lookup_reads_exactly_height_pages",
            ),
        ),
        Bullet(
            "Insert: a full leaf splits and copies its first key up, a full internal node splits "
            "and moves its middle key up, and the tree grows at the root, so every leaf stays at "
            "the same depth",
            code=("tree.py:BPlusTree.insert", "tree.py:BPlusTree._split"),
            tests=(
                "tests/test_tree.py::test_a_full_leaf_splits_and_copies_its_first_right_key_up",
                "tests/test_tree.py::test_a_full_internal_node_splits_and_moves_its_middle_key_up",
            ),
        ),
        Bullet(
            "Range scans: find the first key once, then follow the linked leaves, slicing each "
            "leaf's sorted lists",
            code=("tree.py:BPlusTree.range", "tree.py:BPlusTree._leaf_slices"),
            tests=(
                "tests/test_tree.py::test_range_is_half_open_and_walks_the_leaf_links",
                "tests/test_tree.py::test_a_range_scan_does_not_climb_back_up_the_tree",
                "tests/test_pages.py::test_a_range_scan_reads_the_path_down_then_one_page_per_leaf",
            ),
        ),
        Bullet(
            "Delete: an underfull node borrows a key from a sibling, else merges with it; the "
            "root shrinks when it is left with one child",
            code=(
                "tree.py:BPlusTree.delete",
                "tree.py:BPlusTree._rebalance",
                "tree.py:BPlusTree._borrow_from_left",
                "tree.py:BPlusTree._borrow_from_right",
                "tree.py:BPlusTree._merge",
            ),
            tests=(
                "tests/test_tree.py::test_an_underfull_leaf_borrows_from_its_left_sibling",
                "tests/test_tree.py::test_an_underfull_internal_node_borrows_from_its_right_sibling",
                "tests/test_tree.py::test_internal_nodes_merge_and_the_tree_loses_a_level",
            ),
        ),
        Bullet(
            "Order (fan-out) as a parameter: at most order − 1 keys per node and at least "
            "⌈order/2⌉ − 1; with a fan-out in the hundreds, a billion keys are 3–5 levels deep",
            code=("tree.py:BPlusTree._set_order", "layout.py:order_for", "demo.py:levels"),
            tests=(
                "tests/test_tree.py::test_order_sets_the_occupancy_bounds",
                "tests/test_tree.py::test_a_wider_order_makes_a_lower_tree",
                "tests/test_demo.py::test_a_fan_out_in_the_hundreds_keeps_a_billion_keys_3_to_5_levels_deep",
            ),
        ),
        Bullet(
            "A page-backed tree: each node is a fixed-size page in a file, packed with `struct` "
            "and checked with CRC32; with the page cache off a lookup reads exactly `height` pages",
            code=(
                "paged_tree.py:PagedBPlusTree",
                "layout.py:encode",
                "layout.py:decode",
                "pages.py:Pager",
            ),
            tests=(
                "tests/test_pages.py::test_a_node_round_trips_through_its_page_bytes",
                "tests/test_pages.py::test_the_file_is_whole_pages_and_the_same_bytes_as_the_memory_store",
                "tests/test_pages.py::test_with_the_cache_off_a_lookup_reads_exactly_height_pages",
            ),
        ),
        Bullet(
            "Refusing garbage: a corrupt or short page raises `CorruptPage`; a key that is too "
            "long or of the wrong type is refused before anything is written",
            code=(
                "pages.py:Pager.read",
                "layout.py:encode_key",
                "layout.py:check_value",
                "paged_tree.py:PagedBPlusTree._check",
            ),
            tests=(
                "tests/test_pages.py::test_a_flipped_bit_is_refused_as_a_corrupt_page",
                "tests/test_pages.py::test_a_short_page_is_refused",
                "tests/test_pages.py::test_bad_input_is_refused_and_nothing_is_written",
            ),
        ),
        Bullet(
            "Property-based tests: hypothesis runs random insert/delete/lookup/range sequences "
            "against a sorted dict and checks every invariant after each step",
            code=("tests/test_properties.py", "invariants.py:check"),
            tests=(
                "tests/test_properties.py::test_the_tree_behaves_like_a_sorted_dict",
                "tests/test_properties.py::test_the_paged_tree_behaves_like_a_sorted_dict_and_survives_a_reopen",
                "tests/test_tree.py::test_the_invariant_checker_catches_a_broken_tree",
            ),
        ),
        Bullet(
            "Benchmarking against `sortedcontainers.SortedDict`: point lookups and range scans "
            "side by side, with the ratio",
            code=("bench.py:main",),
            tests=(
                "tests/test_bench.py::test_the_benchmark_compares_both_sides_and_counts_page_reads",
            ),
        ),
    ),
    kind="demo",
    try_these=(
        "python -m day14_bplus_tree",
        "python -m day14_bplus_tree --order 3 --keys 24",
    ),
    tags=("b+ tree", "pages", "fan-out", "range scan", "hypothesis", "sortedcontainers"),
)
