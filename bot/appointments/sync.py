"""Copies products and locations from gemeente.yml into the database.

The configuration stays the one place an administrator edits; the tables exist so that
appointments can reference them with foreign keys. Only adds and updates: a product or
location that disappears from the configuration keeps its row for its old appointments.
"""
from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.config.gemeente import GemeenteConfig
from bot.db.models import LocationProductRow, LocationRow, ProductRow


def sync_from_config(session: Session, config: GemeenteConfig) -> None:
    bookable = {code: p for code, p in config.producten.items() if p.afspraak}
    for code, product in bookable.items():
        session.merge(ProductRow(code=code, name=product.naam, duration_minutes=product.duur_minuten))
    if config.spreekuur is not None:  # the appointment with an agency employee at a pilot location
        spreekuur = config.spreekuur
        session.merge(ProductRow(code=spreekuur.code, name=spreekuur.naam, duration_minutes=spreekuur.duur_minuten))
    for code, location in config.locaties.items():
        session.merge(LocationRow(code=code, name=location.naam, kind=location.soort,
                                  address=location.volledig_adres, desks=location.balies))
    session.flush()
    session.execute(delete(LocationProductRow))
    for code, location in config.locaties.items():
        for product_code in location.producten:
            if product_code in bookable:
                session.add(LocationProductRow(location_code=code, product_code=product_code))
