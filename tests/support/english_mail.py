"""A small English content file (mails, forms) beside a copy of the Dutch one, so tests of English mails and
forms do not depend on the real content/antwoorden.en.yml (written separately)."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from bot.core.settings import PROJECT_ROOT

_STANDARD = ("What: {afspraak.product}\nWhen: {afspraak.wanneer}\nWhere: {afspraak.locatie}, {afspraak.adres}\n"
             "Your code: {afspraak.referentie}\n\n{afspraak.meenemen}\n\nKind regards,\nMunicipality of {gemeente.naam}")
ENGLISH = {
    "mail": {
        "bestand": "appointment.ics",
        "agenda": "Appointment {afspraak.product} at the municipality of {gemeente.naam}",
        "bevestiging": {"onderwerp": "Your appointment on {afspraak.wanneer}",
                        "tekst": "Dear resident,\n\nYou have an appointment.\n\n" + _STANDARD},
        "verzet": {"onderwerp": "Your appointment was moved to {afspraak.wanneer}",
                   "tekst": "Dear resident,\n\nYour appointment was moved.\n\n" + _STANDARD},
        "geannuleerd": {"onderwerp": "Your appointment on {afspraak.wanneer} was cancelled",
                        "tekst": "Dear resident,\n\nYour appointment for {afspraak.product} on {afspraak.wanneer} "
                                 "was cancelled.\n\nKind regards,\nMunicipality of {gemeente.naam}"},
        "herinnering": {"onderwerp": "Reminder: your appointment on {afspraak.wanneer}",
                        "tekst": "Dear resident,\n\nYou will soon have an appointment.\n\n" + _STANDARD},
    },
    "onderwerpen": {
        "paspoort_id_aanvragen": {"meenemen": "Bring: your old passport or ID card and one good photo."},
        "rijbewijs_aanvragen": {"meenemen": "Bring: your old driving licence and a valid passport or ID card."},
    },
    "feiten": {"paspoort": "passport", "ID-kaart": "ID card", "rijbewijs": "driving licence",
               "Gemeentehuis Wilgendaal": "Wilgendaal Town Hall"},
}
# Dutch words that must not appear in an English mail or calendar file.
DUTCH_WORDS = ("afspraak", "dinsdag", "vrijdag", "november", "Beste", "Uw", " om ", "Neem mee", "paspoort", "pasfoto",
               "Gemeentehuis")


def english_content(folder: Path, extra: dict | None = None) -> Path:
    """``antwoorden.yml`` (the shipped Dutch) with this English beside it; returns the Dutch file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    dutch = folder / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", dutch)
    texts = {**ENGLISH, **(extra or {})}
    (folder / "antwoorden.en.yml").write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    return dutch
