"""How a node becomes the bytes of one page, with ``struct``: fixed-size slots, no pickling.

    page   = crc32 (4) | kind (1) | key count (2) | next page (4) | entries ...
    leaf   entries: key count × key (key_size bytes, UTF-8, NUL-padded), then key count × value (i64)
    inner  entries: key count × key, then (key count + 1) × child page number (u32)
    free   a page a merge gave back; "next page" chains the free pages together

Fixed-size keys make every slot's offset arithmetic, and the order a page can hold a formula
(``order_for``): the fan-out is the page size divided by the size of one entry.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

from day14_bplus_tree.node import Internal, Leaf, Node
from day14_bplus_tree.pages import CHECKSUM, CorruptPage

HEADER = struct.Struct(">BHI")  # kind, key count, next page (0: none; page 0 is the meta page)
LEAF, INTERNAL, FREE = 1, 2, 3
VALUE = struct.Struct(">q")
CHILD = struct.Struct(">I")
INT64 = (-(2**63), 2**63 - 1)

META = struct.Struct(">8sIHHIHQI")
MAGIC = b"BPLUS\x0014"


@dataclass
class Meta:
    """Page 0: what the tree needs before it can read any node."""

    page_size: int
    order: int
    key_size: int
    root: int
    height: int
    size: int
    free_head: int  # first free page, 0 if none


def order_for(page_size: int, key_size: int) -> int:
    """The largest order whose nodes fit in one page (a node holds at most order - 1 keys)."""
    room = page_size - CHECKSUM.size - HEADER.size
    leaf_keys = room // (key_size + VALUE.size)
    internal_keys = (room - CHILD.size) // (key_size + CHILD.size)
    return min(leaf_keys, internal_keys) + 1


def encode_key(key: Any, key_size: int) -> bytes:
    """The key's slot bytes, or a clear refusal: nothing is written for a key that can't fit."""
    if not isinstance(key, str):
        raise TypeError(f"keys of a page-backed tree are str, got {type(key).__name__} {key!r}")
    if "\0" in key:
        raise ValueError(f"key {key!r} contains NUL, which pads the fixed-size key slot")
    raw = key.encode()
    if len(raw) > key_size:
        raise ValueError(f"key {key!r} is {len(raw)} bytes in UTF-8; the limit is {key_size}")
    return raw.ljust(key_size, b"\0")


def check_value(value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"values of a page-backed tree are int, got {type(value).__name__}")
    if not INT64[0] <= value <= INT64[1]:
        raise ValueError(f"value {value} does not fit in a signed 64-bit slot")


def encode(node: Node, key_size: int) -> bytes:
    keys = b"".join(encode_key(key, key_size) for key in node.keys)
    n = len(node.keys)
    if node.is_leaf:
        head = HEADER.pack(LEAF, n, node.next or 0)
        return head + keys + struct.pack(f">{n}q", *node.values)
    return HEADER.pack(INTERNAL, n, 0) + keys + struct.pack(f">{n + 1}I", *node.children)


def decode(body: bytes, key_size: int, number: int) -> Node:
    kind, n, next_page = HEADER.unpack_from(body)
    pointers = n * VALUE.size if kind == LEAF else (n + 1) * CHILD.size
    if kind not in (LEAF, INTERNAL) or HEADER.size + n * key_size + pointers > len(body):
        # The checksum matched, so these bytes were written on purpose: by something else.
        raise CorruptPage(f"page {number} is not a tree node (kind {kind}, {n} keys)")
    start = HEADER.size
    end = start + n * key_size
    keys = [body[i : i + key_size].rstrip(b"\0").decode() for i in range(start, end, key_size)]
    if kind == LEAF:
        values = list(struct.unpack_from(f">{n}q", body, end))
        node: Node = Leaf(keys, values, next_page or None)
    else:
        node = Internal(keys, list(struct.unpack_from(f">{n + 1}I", body, end)))
    node.ref = number
    return node


def encode_free(next_free: int) -> bytes:
    return HEADER.pack(FREE, 0, next_free)


def decode_free(body: bytes, number: int) -> int:
    kind, _, next_free = HEADER.unpack_from(body)
    if kind != FREE:
        raise CorruptPage(f"page {number} is on the free list but is not free (kind {kind})")
    return next_free


def encode_meta(meta: Meta) -> bytes:
    return META.pack(
        MAGIC,
        meta.page_size,
        meta.order,
        meta.key_size,
        meta.root,
        meta.height,
        meta.size,
        meta.free_head,
    )


def decode_meta(body: bytes, source: str) -> Meta:
    magic, *fields = META.unpack_from(body)
    if magic != MAGIC:
        raise CorruptPage(f"{source} is not a B+ tree file (bad magic {magic!r})")
    return Meta(*fields)
