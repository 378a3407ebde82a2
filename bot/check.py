"""``make check-config``: is the municipality's configuration usable, and does the content
answer every intent? Prints each problem with the field it concerns; exits 1 on any."""
from __future__ import annotations

import sys
from typing import List

import yaml

from bot.answers import BOOKING_INTENTS, Answers, Question
from bot.content import ContentError, check_against, get_content
from bot.gemeente import ConfigError, get_gemeente
from bot.settings import PROJECT_ROOT
from bot.web.widget_routes import widget_text_problems


def domain_intents() -> List[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return [i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents", [])]


def problems() -> List[str]:
    try:
        config = get_gemeente()
        content = get_content()
    except (ConfigError, ContentError) as error:
        return [str(error)]
    found = check_against(content, domain_intents(), list(config.producten))
    found += widget_text_problems(content)
    if not found:  # every answer must also render: a content error shows up here
        answers = Answers(content, config)
        for intent in (i for i in domain_intents() if i not in BOOKING_INTENTS):
            try:
                if not any(reply.text for reply in answers.reply_to(Question(intent))):
                    found.append(f"intent {intent}: the answer is empty")
            except (ContentError, KeyError) as error:
                found.append(f"intent {intent}: {error}")
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(f"problem: {problem}", file=sys.stderr)
    if not found:
        print("configuration and content ok")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
