"""Both versions in one app: ``/reviewed/*`` (published, fuzzed) and ``/flawed/*`` (mounted)."""

from __future__ import annotations

from fastapi import FastAPI

from day10_project_review import LESSON
from day10_project_review.data import Shop
from day10_project_review.flawed import create_flawed_app
from day10_project_review.reviewed import router
from shared.service import create_service


def create_app(shop: Shop | None = None) -> FastAPI:
    shop = shop if shop is not None else Shop.seeded()
    app = create_service(LESSON)
    app.state.shop = shop
    app.include_router(router)
    flawed = create_flawed_app()
    flawed.state.shop = shop  # the same data, so the two versions are compared fairly
    app.mount("/flawed", flawed)
    return app
