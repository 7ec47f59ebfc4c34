"""The same B+ tree with every node in a page of a file: a lookup reads ``height`` pages.

    with PagedBPlusTree.open_file("index.db", page_size=4096) as tree:
        tree.insert("user:000042", 42)          # str keys up to key_size bytes, int values
        tree.get("user:000042")                 # reads exactly tree.height pages (cache off)

Page 0 holds the meta data (root page, height, size, free list); every other page is one node.
The algorithms are ``tree.py``'s: this class only says what a reference is (a page number) and
what loading, saving and freeing a node mean (read, write, chain onto the free list).

Writes go straight to the store, one page at a time, and nothing here survives a crash in the
middle of a split: a real database puts a write-ahead log in front of exactly this (Day 12).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from pathlib import Path
from typing import Any

from day14_bplus_tree import layout
from day14_bplus_tree.node import Internal, Leaf, Node
from day14_bplus_tree.pages import CHECKSUM, CorruptPage, FilePageStore, Pager, PageStore
from day14_bplus_tree.tree import BPlusTree

META_PAGE = 0


class PagedBPlusTree(BPlusTree):
    """A B+ tree of ``str`` keys (at most ``key_size`` UTF-8 bytes) to ``int`` values, in pages."""

    def __init__(
        self,
        store: PageStore,
        *,
        order: int | None = None,
        key_size: int | None = None,
        cache_pages: int = 0,
        trace: Callable[[str], None] | None = None,
    ) -> None:
        self.pager = Pager(store, cache_pages)
        self.trace = trace
        if store.page_count() == 0:
            self._format(store.page_size, order, key_size)
        else:
            self._load_meta(store.page_size, order, key_size)

    @classmethod
    def open_file(
        cls, path: str | Path, *, page_size: int = 4096, **options: Any
    ) -> PagedBPlusTree:
        """Open (or create) a tree file; an existing file's own page size wins."""
        page_size = _recorded_page_size(Path(path)) or page_size
        store = FilePageStore(path, page_size)
        try:
            return cls(store, **options)
        except BaseException:
            store.close()  # a file we refuse to open is not left open either
            raise

    def _format(self, page_size: int, order: int | None, key_size: int | None) -> None:
        key_size = key_size or 16
        fits = layout.order_for(page_size, key_size)
        if fits < 3:
            raise ValueError(f"a {page_size}-byte page cannot hold 2 keys of {key_size} bytes")
        self._set_order(fits if order is None else order)
        if self.order > fits:
            raise ValueError(
                f"order {order} does not fit: a {page_size}-byte page holds nodes of order "
                f"{fits} with {key_size}-byte keys"
            )
        self.key_size = key_size
        self._free_head = 0
        self._pages = 1  # the meta page
        root = self._new_leaf([], [], None)
        self._save(root)
        self._root, self._height, self._size = root.ref, 1, 0
        self._changed()

    def _load_meta(self, page_size: int, order: int | None, key_size: int | None) -> None:
        meta = layout.decode_meta(self.pager.read(META_PAGE), self.pager.store.name)
        if meta.page_size != page_size:
            raise CorruptPage(
                f"{self.pager.store.name} has {meta.page_size}-byte pages, opened with {page_size}"
            )
        if order not in (None, meta.order) or key_size not in (None, meta.key_size):
            raise ValueError(
                f"{self.pager.store.name} was created with order {meta.order} and "
                f"{meta.key_size}-byte keys"
            )
        self._set_order(meta.order)
        self.key_size = meta.key_size
        self._root, self._height, self._size = meta.root, meta.height, meta.size
        self._free_head = meta.free_head
        self._pages = self.pager.page_count()

    # -- the hooks: a reference is a page number --

    def node(self, ref: int) -> Node:
        return layout.decode(self.pager.read(ref), self.key_size, ref)

    def _ref(self, node: Node) -> int:
        return node.ref

    def _new_leaf(self, keys: list[Any], values: list[Any], next: Any) -> Leaf:
        leaf = Leaf(keys, values, next)
        leaf.ref = self._allocate()
        return leaf

    def _new_internal(self, keys: list[Any], children: list[Any]) -> Internal:
        node = Internal(keys, children)
        node.ref = self._allocate()
        return node

    def _save(self, *nodes: Node) -> None:
        for node in nodes:
            self.pager.write(node.ref, layout.encode(node, self.key_size))

    def _free(self, node: Node) -> None:
        # Freed pages are chained from the meta page and reused before the file grows.
        self.pager.write(node.ref, layout.encode_free(self._free_head))
        self._free_head = node.ref

    def _changed(self) -> None:
        meta = layout.Meta(
            self.pager.page_size,
            self.order,
            self.key_size,
            self._root,
            self._height,
            self._size,
            self._free_head,
        )
        self.pager.write(META_PAGE, layout.encode_meta(meta))

    def _check(self, key: Any, value: Any) -> None:
        layout.encode_key(key, self.key_size)
        layout.check_value(value)

    def _allocate(self) -> int:
        if self._free_head:
            page = self._free_head
            self._free_head = layout.decode_free(self.pager.read(page), page)
            return page
        self._pages += 1
        return self._pages - 1

    # -- reading: the generic descent, one page read per level --

    def get(self, key: Any, default: Any = None) -> Any:
        self._check_key_type(key)
        node = self.node(self._root)
        while not node.is_leaf:
            node = self.node(node.children[bisect_right(node.keys, key)])
        i = bisect_left(node.keys, key)
        if i != len(node.keys) and node.keys[i] == key:
            return node.values[i]
        return default

    def __getitem__(self, key: Any) -> Any:
        missing = object()
        value = self.get(key, missing)
        if value is missing:
            raise KeyError(key)
        return value

    def delete(self, key: Any) -> bool:
        self._check_key_type(key)
        return super().delete(key)

    def _check_key_type(self, key: Any) -> None:
        if not isinstance(key, str):
            raise TypeError(f"keys of a page-backed tree are str, got {type(key).__name__} {key!r}")

    @property
    def pages(self) -> int:
        """Pages in the store, the meta page and free pages included."""
        return self._pages

    def free_pages(self) -> int:
        count, page = 0, self._free_head
        while page:
            count += 1
            page = layout.decode_free(self.pager.read(page), page)
        return count

    def close(self, *, sync: bool = True) -> None:
        if sync:
            self.pager.store.sync()
        self.pager.store.close()

    def __enter__(self) -> PagedBPlusTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _recorded_page_size(path: Path) -> int | None:
    """The page size stored in an existing file's meta page (None for a new or empty file)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, "rb") as f:
        head = f.read(CHECKSUM.size + layout.META.size)
    if len(head) < CHECKSUM.size + layout.META.size:
        raise CorruptPage(f"{path} is short: {len(head)} bytes, not even a meta page")
    meta = layout.decode_meta(head[CHECKSUM.size :], str(path))
    return meta.page_size
