"""``make algoritmeregister``: the assistant's entry for the Algoritmeregister of the Dutch
government, made from configuration and the latest measurements, never typed by hand.

It reads:
- gemeente.yml: the municipality, and ``verantwoording`` (the owning department, its contact,
  the legal basis);
- the settings: how long conversations are kept (TRANSCRIPT_RETENTION_DAYS, what the purge uses);
- config.yml and the live model: the pipeline, the policies, which model answers now;
- reports/: the latest quality-gate figures (``make nlu-gate``: the held-out test set and
  cross-validation; ``make nlu-realistic``: the realistic held-out messages), each with the
  time it was measured. A figure that was never measured is said to be missing.

It writes reports/algoritmeregister.json (the fields of the register's publication standard,
in Dutch) and reports/algoritmeregister.md (the same, to read), and prints where.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from bot.config.gemeente import GemeenteConfig, load_gemeente
from bot.core.clock import TIMEZONE, utcnow
from bot.core.settings import PROJECT_ROOT, Settings, get_settings
from bot.retraining.evaluation import HELDOUT_ACCURACY_FLOOR, MACRO_F1_FLOOR, REPORTS
from bot.retraining.model_store import live_model

# The quality-gate measurements: name, the report folder under reports/, the command that makes it.
MEASUREMENTS = (("testset", "nlu-heldout", "make nlu-gate"),
                ("kruisvalidatie", "nlu-crossval", "make nlu-gate"),
                ("realistische_berichten", "nlu-realistic", "make nlu-realistic"))
MISSING = "niet gemeten"


def figures(reports: Path) -> Dict[str, Dict[str, Any]]:
    """Per measurement its accuracy and macro-F1 and when it was measured, or that it is missing."""
    found: Dict[str, Dict[str, Any]] = {}
    for name, folder, command in MEASUREMENTS:
        report = reports / folder / "intent_report.json"
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
            found[name] = {"nauwkeurigheid": round(float(data["accuracy"]), 3),
                           "macro_f1": round(float(data["macro avg"]["f1-score"]), 3),
                           "gemeten_op": datetime.fromtimestamp(report.stat().st_mtime, timezone.utc)
                           .astimezone(TIMEZONE).isoformat(timespec="minutes"),
                           "commando": command}
        except (OSError, ValueError, KeyError, TypeError):
            found[name] = {"status": MISSING, "commando": command}
    return found


def _pipeline(config_file: Path) -> Dict[str, List[str]]:
    data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    return {"pijplijn": [str(step.get("name")) for step in data.get("pipeline") or []],
            "beleid": [str(step.get("name")) for step in data.get("policies") or []]}


def entry(config: GemeenteConfig, settings: Settings, reports: Optional[Path] = None,
          rasa_config: Path = PROJECT_ROOT / "config.yml", model: Optional[Path] = None) -> Dict[str, Any]:
    """The register entry as data."""
    g = config.gemeente
    days = settings.transcript_retention_days
    facts = config.verantwoording
    agencies = ", ".join(a.met_lidwoord for a in config.uitvoeringsorganisaties.values())
    return {
        "naam": f"Digitale assistent in de chat van gemeente {g.naam}",
        "organisatie": f"Gemeente {g.naam}",
        "afdeling": facts.algoritme.eigenaar if facts else MISSING,
        "contact": facts.algoritme.contact if facts else g.email,
        "status": "In gebruik",
        "type": "Zelflerend algoritme: het herkent de vraag (intentie) in een getypt bericht.",
        "korte_omschrijving": "De assistent beantwoordt vragen over burgerzaken in de chat op de website, maakt en "
                              "verzet afspraken en brengt inwoners in contact met een medewerker.",
        "doel": "Inwoners snel een juist antwoord geven, ook buiten openingstijden, en medewerkers tijd geven "
                "voor vragen die een mens nodig hebben.",
        "besluitvorming": "De assistent neemt geen besluiten over inwoners. Hij geeft informatie en legt "
                          "afspraken vast die de inwoner zelf kiest.",
        "menselijke_tussenkomst": [
            "In de chat staat dat de inwoner met een computer praat; neemt een medewerker over, dan staat daar "
            "diens naam.",
            "Een inwoner kan altijd vragen om een medewerker: binnen de telefoontijden neemt het "
            "Klantcontactcentrum (KCC) het gesprek over, daarbuiten kan de inwoner een terugbelverzoek of "
            "afspraak doen.",
            "Inhoudsbeheerders bekijken de vragen die de assistent niet begreep en beslissen wat hij leert.",
            "Een nieuw model gaat alleen live als het op de testset en bij kruisvalidatie niet slechter is dan "
            "het huidige (make retrain), tenzij een beheerder dat met een vastgelegde reden overrulet; een "
            "beheerder kan het vorige model terugzetten (make rollback).",
        ],
        "gegevens": [
            "De berichten van het gesprek (een BSN wordt eruit gehaald voordat het wordt bewaard).",
            "Bij een afspraak of terugbelverzoek: naam, e-mailadres of telefoonnummer, dienst en tijd.",
            "Voordat een bericht een trainingsvoorbeeld wordt, worden BSN, rekeningnummers, telefoonnummers, "
            "e-mailadressen en zo veel mogelijk namen gemaskeerd.",
        ],
        "bewaartermijn": f"Gesprekken worden {days} dagen na het laatste bericht gewist; een terugbelverzoek "
                         f"{days} dagen nadat het is afgehandeld"
                         + (f"; een gedeelde kopie voor {agencies} {days} dagen na de afspraak." if agencies else "."),
        "wettelijke_grondslag": facts.privacy.grondslag if facts else MISSING,
        "model": {"live": (model or live_model() or Path(MISSING)).name, **_pipeline(rasa_config)},
        "kwaliteitsnorm": {"testset_nauwkeurigheid_minimaal": HELDOUT_ACCURACY_FLOOR,
                           "kruisvalidatie_macro_f1_minimaal": MACRO_F1_FLOOR},
        "gemeten_kwaliteit": figures(reports or REPORTS),
        "bijgewerkt": utcnow().astimezone(TIMEZONE).isoformat(timespec="minutes"),
    }


def as_markdown(found: Dict[str, Any]) -> str:
    lines = [f"# {found['naam']}", "", f"- Organisatie: {found['organisatie']} ({found['afdeling']})",
             f"- Contact: {found['contact']}", f"- Status: {found['status']}", f"- Type: {found['type']}",
             f"- Bijgewerkt: {found['bijgewerkt']}", "", "## Omschrijving", "", found["korte_omschrijving"], "",
             "## Doel", "", found["doel"], "", "## Besluitvorming", "", found["besluitvorming"], "",
             "## Menselijke tussenkomst", "", *(f"- {line}" for line in found["menselijke_tussenkomst"]), "",
             "## Gegevens", "", *(f"- {line}" for line in found["gegevens"]), "",
             "## Bewaartermijn", "", found["bewaartermijn"], "",
             "## Wettelijke grondslag", "", found["wettelijke_grondslag"], "",
             "## Model", "", f"- Live model: {found['model']['live']}",
             f"- Pijplijn: {', '.join(found['model']['pijplijn'])}",
             f"- Dialoogbeleid: {', '.join(found['model']['beleid'])}", "",
             "## Gemeten kwaliteit", ""]
    for name, measured in found["gemeten_kwaliteit"].items():
        if "status" in measured:
            lines.append(f"- {name}: {measured['status']} ({measured['commando']})")
        else:
            lines.append(f"- {name}: nauwkeurigheid {measured['nauwkeurigheid']:.3f}, macro-F1 "
                         f"{measured['macro_f1']:.3f} (gemeten {measured['gemeten_op']}, {measured['commando']})")
    norm = found["kwaliteitsnorm"]
    lines += ["", f"Norm: nauwkeurigheid op de testset minimaal {norm['testset_nauwkeurigheid_minimaal']}, "
                  f"macro-F1 bij kruisvalidatie minimaal {norm['kruisvalidatie_macro_f1_minimaal']}.", ""]
    return "\n".join(lines)


def write(found: Dict[str, Any], target: Path = REPORTS) -> List[Path]:
    target.mkdir(parents=True, exist_ok=True)
    as_json, as_md = target / "algoritmeregister.json", target / "algoritmeregister.md"
    as_json.write_text(json.dumps(found, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    as_md.write_text(as_markdown(found), encoding="utf-8")
    return [as_json, as_md]


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPORTS, help="the folder to write to (default: reports/)")
    args = parser.parse_args(argv)
    settings = get_settings()
    found = entry(load_gemeente(settings.gemeente_config), settings)
    for path in write(found, args.out):
        print(f"algoritmeregister: wrote {path}")
    missing = [name for name, measured in found["gemeten_kwaliteit"].items() if "status" in measured]
    if missing:
        print(f"algoritmeregister: not measured yet: {', '.join(missing)} (run make nlu-gate and make nlu-realistic)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
