"""A few authors and books, written through the models, so the lesson has something to show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from day16_odm.models import Author, Book

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

AUTHORS = {
    "ursula": ("Ursula K. Le Guin", "ursula@example.org"),
    "octavia": ("Octavia E. Butler", "octavia@example.org"),
    "stanislaw": ("Stanisław Lem", "stanislaw@example.org"),
    "ted": ("Ted Chiang", "ted@example.org"),
}
BOOKS = [
    ("ursula", "A Wizard of Earthsea", 1968, ["fantasy"]),
    ("ursula", "The Left Hand of Darkness", 1969, ["sf"]),
    ("ursula", "The Dispossessed", 1974, ["sf", "utopia"]),
    ("octavia", "Kindred", 1979, ["sf", "time travel"]),
    ("octavia", "Parable of the Sower", 1993, ["sf", "dystopia"]),
    ("stanislaw", "Solaris", 1961, ["sf"]),
    ("stanislaw", "The Cyberiad", 1965, ["sf", "humour"]),
    ("stanislaw", "His Master's Voice", 1968, ["sf"]),
    ("ted", "Stories of Your Life and Others", 2002, ["sf", "stories"]),
    ("ted", "Exhalation", 2019, ["sf", "stories"]),
]


async def seed(db: AsyncDatabase) -> bool:
    """Fill an empty database; leave one that has authors alone. True if it wrote."""
    if await Author.collection(db).count_documents({}, limit=1):
        return False
    authors = {key: await Author.create(db, name=n, email=e) for key, (n, e) in AUTHORS.items()}
    for key, title, year, tags in BOOKS:
        await Book.create(
            db, title=title, author_id=authors[key].id, year=year, tags=tags, status="published"
        )
    return True
