"""Migration 0016: appointments remember the conversation's language; those booked before it are Dutch."""
from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text

from bot.db.migrate import alembic_config


def test_existing_appointments_become_dutch_and_the_column_goes_again_on_downgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0015")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("insert into products (code, name, duration_minutes) values ('paspoort', 'paspoort', 15)"))
        connection.execute(text("insert into locations (code, name, kind, address, desks) "
                                "values ('gemeentehuis', 'Gemeentehuis', 'balie', 'Markt 1', 2)"))
        connection.execute(text(
            "insert into appointments (reference, product_code, location_code, desk, start_at, end_at, name, email, "
            "status, created_at) values ('ABCD2345', 'paspoort', 'gemeentehuis', 1, '2026-11-27 09:00:00', "
            "'2026-11-27 09:15:00', 'Jan', 'jan@example.nl', 'booked', '2026-11-20 09:00:00')"))
    command.upgrade(config, "0016")
    with engine.connect() as connection:
        assert connection.execute(text("select taal from appointments")).scalar_one() == "nl"
    command.downgrade(config, "0015")
    assert "taal" not in {column["name"] for column in inspect(create_engine(url)).get_columns("appointments")}
