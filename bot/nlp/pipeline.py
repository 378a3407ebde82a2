"""Builds the offline Dutch spaCy pipeline that ``config.yml`` loads by path.

spaCy's Dutch models cannot be downloaded here, so the pipeline is made from
``spacy.blank("nl")``: the lookup lemmatizer of spacy-lookups-data (so "paspoorten" and
"paspoort" count as one word for the featurizers) and an entity ruler built from
``nlp/entity_patterns.yml``. ``--ensure`` rebuilds only when the patterns or this file changed.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Dict, List, cast

from bot.core.settings import PROJECT_ROOT
from bot.nlp.vocabulary import PATTERNS_FILE, Vocabulary, load_vocabulary

PIPELINE_DIR = PROJECT_ROOT / "build" / "spacy-nl"  # config.yml names this path
_STAMP = "project-stamp.txt"


def _source_stamp() -> str:
    digest = hashlib.sha256()
    for path in (PATTERNS_FILE, Path(__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ruler_patterns(nlp, vocab: Vocabulary) -> List[Dict]:
    """One token pattern per variant, tokenised by the pipeline itself so hyphens match."""
    patterns = []
    for entity, values in vocab.entries.items():
        for value, variants in values.items():
            for variant in {value, *variants}:
                tokens = [{"LOWER": t.lower_} for t in nlp.make_doc(variant) if not t.is_space]
                patterns.append({"label": entity, "pattern": tokens, "id": value})
    return patterns


def build(target: Path = PIPELINE_DIR) -> Path:
    import spacy
    from spacy.pipeline import EntityRuler

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    # the entity_ruler factory always makes an EntityRuler; spaCy types add_pipe as any Pipe
    ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": None}))
    nlp.initialize()  # loads the Dutch lemma table from spacy-lookups-data
    ruler.add_patterns(ruler_patterns(nlp, load_vocabulary()))
    nlp.meta.update({"name": "gemeente_nl", "version": "1.0.0",
                     "description": "Blank Dutch pipeline with lookup lemmas and the project's entity ruler"})
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    (target / _STAMP).write_text(_source_stamp())
    return target


def is_current(target: Path = PIPELINE_DIR) -> bool:
    stamp = target / _STAMP
    return stamp.exists() and stamp.read_text().strip() == _source_stamp()


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ensure", action="store_true", help="build only when out of date")
    args = parser.parse_args(argv)
    if args.ensure and is_current():
        return 0
    print(f"setup: building the Dutch spaCy pipeline in {PIPELINE_DIR.relative_to(PROJECT_ROOT)}")
    build()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
