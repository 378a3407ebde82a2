"""Reads the day and time a resident asks for ("volgende week dinsdagmiddag om half 3", or in
English "next Tuesday at 10").

Regular expressions over a normalised text rather than a grammar: the phrases people use to
pick an appointment are few and short, and a phrase we miss only means the bot asks again.
Passes run from the most to the least specific, and each blanks what it read, so that "15-3"
is never read again as a time and "over 2 weken" never as "2 over ...".

English is read by rewriting its phrases into the Dutch ones first ("tomorrow morning" ->
"morgen ochtend", "2:30 pm" -> "14:30", "Dec 14" -> "14 december"), so both languages share
one parser. Only phrases without a Dutch meaning are rewritten: "at", "on", "in" and "to" only
beside a number or in a whole phrase, "ten" not in "ten laatste", "may" only beside a day.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date, time, timedelta
from typing import Dict, List, Optional, Tuple

PARTS_OF_DAY = {"ochtend": (time(0), time(12)), "middag": (time(12), time(18)),
                "avond": (time(18), time(23, 59))}

# Longer messages are pasted text, not an answer to "wanneer wil je komen?": a date picked out
# of them is more likely wrong than right, and the cap bounds the work.
MAX_CHARS = 500

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # English names that differ from the Dutch ones (the abbreviations are shared)
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
}
NUMBER_WORDS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
                "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12}
# "voor tienen", "na vijven": the hour with -en, only said after a word like voor or na.
HOUR_PLURALS = {"enen": 1, "tweeen": 2, "drieen": 3, "vieren": 4, "vijven": 5, "zessen": 6,
                "zevenen": 7, "achten": 8, "negenen": 9, "tienen": 10, "elven": 11, "twaalven": 12}
# The word before a time decides which field it fills.
QUALIFIERS = {
    "om": "at", "rond": "at", "rondom": "at", "omstreeks": "at", "tegen": "at", "ongeveer": "at",
    "na": "after", "vanaf": "after", "niet voor": "after", "niet eerder dan": "after",
    "later dan": "after",
    "voor": "before", "tot": "before", "uiterlijk": "before", "niet na": "before",
    "niet later dan": "before", "eerder dan": "before", "vroeger dan": "before",
}
# "over 2 uur", "duurt 2 uur", "kost 12.50": a number of hours or an amount, not a clock time.
NOT_A_CLOCK_BEFORE = {"over", "binnen", "duurt", "duren", "dan", "per", "ruim", "kost", "kosten", "euro",
                      "within", "takes", "take", "costs", "cost", "pay", "than"}
NOT_A_CLOCK_AFTER = {"lang", "geleden", "later", "eerder", "wachten", "duren", "rijden",
                     "long", "ago", "hours", "hour", "minutes", "earlier", "wait", "euros"}

_BREAK = " ; "  # what a read expression or a comma leaves behind: words on either side never join
_DIGITS = r"(?<![\d:./-])\d{1,2}(?![\d:./-])"
_NUM = rf"(?:{_DIGITS}|\b(?:{'|'.join(NUMBER_WORDS)})\b)"
_MINUTES = rf"(?:{_DIGITS}|\b(?:{'|'.join(w for w in NUMBER_WORDS if w != 'een')})\b)"
_WEEKDAY = "|".join(WEEKDAYS)
_DAY_WORD = f"{_WEEKDAY}|overmorgen|morgen|vandaag"


@dataclass(frozen=True)
class When:
    day: Optional[date] = None            # a single day, when one was named
    range_start: Optional[date] = None    # a range of days ("volgende week", "eind van de maand"), inclusive
    range_end: Optional[date] = None
    at: Optional[time] = None             # an exact time ("10 uur", "half 3", "14:30")
    after: Optional[time] = None          # "na vijf uur" -> after=17:00
    before: Optional[time] = None         # "voor 10 uur" -> before=10:00
    part_of_day: Optional[str] = None     # "ochtend" | "middag" | "avond"
    problem: Optional[str] = None         # "impossible_date" (31 februari), "past" (a date before today), or None

    @property
    def is_empty(self) -> bool:
        """True when nothing at all was understood, so the bot asks again instead of guessing."""
        return all(getattr(self, f.name) is None for f in fields(self))


_AS_SOON_AS_POSSIBLE = re.compile(
    r"\b(?:zo\s+(?:snel|vroeg|gauw|spoedig)\s+mogelijk|zsm|z\.s\.m\.?|"
    r"eerste\s+(?:mogelijkheid|vrije\s+(?:dag|plek|tijd))|wat\s+het\s+eerst\s+kan|"
    r"asap|a\.s\.a\.p\.?|as\s+(?:soon|early|quickly)\s+as\s+(?:possible|you\s+can)|earliest|soonest|"
    r"first\s+(?:available|possible|free))\b",
    re.IGNORECASE)


def as_soon_as_possible(text: str) -> bool:
    """ "zo snel mogelijk", "zsm", "de eerste mogelijkheid", "asap", "the earliest available": the
    first free day will do."""
    return bool(_AS_SOON_AS_POSSIBLE.search((text or "").strip()))


def parse_when(text: str, today: date) -> When:
    """Read the day and time asked for in ``text``, relative to ``today`` (Europe/Amsterdam)."""
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        return When()
    text = _normalise(text)
    found, text = _take_all(_DAY_PATTERNS, text)
    day_fields = _resolve_day(found, today)
    part, text = _read_part_of_day(text)
    return When(**day_fields, **_read_times(text, part), part_of_day=part)


# --- normalising ---------------------------------------------------------------------------

def _normalise(text: str) -> str:
    """Lowercase ASCII with one spelling per expression, so the patterns can stay simple."""
    text = re.sub(r"\b(?:één|eén|éen)\b", "1", text.lower())  # the numeral, not the article "een"
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’‘`´]", "", text)                              # 's avonds -> s avonds
    text = re.sub(r"[,;!?()\[\]\"“”]", _BREAK, text).replace("€", " euro ")
    text = re.sub(r"(\d)\s*([:/-])\s*(\d)", r"\1\2\3", text)          # 10 : 30 -> 10:30
    text = re.sub(r"(?<![\d:.])(\d{1,2})\s*[uh]\s*(\d{2})(?!\d)", r"\1:\2", text)  # 14u30
    text = re.sub(r"(?<![\d:.])(\d{1,2})\s*[uh]\b", r"\1 uur", text)  # 14u -> 14 uur
    text = re.sub(r"(?<!\d)[.:/-]|[.:/-](?!\d)", " ", text)          # keep 10.30, 15-3, 15/3
    text = re.sub(r"[^a-z0-9:./;\s-]", " ", text)
    text = re.sub(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)", " ", text)    # 10uur, half3
    text = _from_english(" ".join(text.split()))
    # Greetings name a part of the day without asking for it.
    text = re.sub(r"\b(?:goede?n?|fijne?|prettige?)\s*(?:morgen|ochtend|middag|avond|dag)\b",
                  _BREAK, text)
    text = re.sub(r"\bvan(ochtend|morgen|middag|avond)\b", r"vandaag \1", text)
    text = re.sub(r"\bover\s+morgen\b", "overmorgen", text)
    text = re.sub(r"\b(overmorgen|morgen)\s*vroeg\b", r"\1 ochtend", text)
    text = re.sub(rf"\b({_DAY_WORD})s?(ochtend|morgen|middag|avond)", r"\1 \2", text)  # dinsdagmiddag
    return re.sub(rf"\b({_DAY_WORD})\s+morgen\b", r"\1 ochtend", text)  # dinsdagmorgen = ochtend


# --- English -------------------------------------------------------------------------------

# Month names only Dutch writes; "Dec 14" and "March 3" put the month first only in English.
_DUTCH_ONLY_MONTHS = {"januari", "februari", "maart", "mrt", "mei", "juni", "juli", "augustus", "oktober", "okt"}
ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ENGLISH_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                   "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_ENGLISH_MONTHS = "|".join(sorted((m for m in MONTHS if m not in _DUTCH_ONLY_MONTHS), key=len, reverse=True))
# A day number after a month ("dec 14", "may 3rd"): not a count of something ("jan 14 jaar").
_MONTH_FIRST = re.compile(rf"(?<!\d\s)\b(?P<month>{_ENGLISH_MONTHS})\s+(?P<d>\d{{1,2}})(?:\s+(?:st|nd|rd|th))?\b"
                          r"(?!\s*(?:[:.]\d|uur\b|jaar\b|years?\b|hours?\b))")
_ORDINAL = re.compile(r"(?<![\d:./-])(\d{1,2})\s+(?:st|nd|rd|th)\b")
# "at 10am", "2:30 pm": the hour as a clock time, so the Dutch rule "1..7 is the afternoon" stays out.
_AM_PM = re.compile(r"(?<![\d:./-])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<half>a\s?m|p\s?m)\b")
_HOUR_WORD = "|".join(ENGLISH_NUMBERS)
_MINUTE_WORDS = {"five": 5, "ten": 10, "twenty": 20, "twenty five": 25, "quarter": 15, "a quarter": 15}
# "ten to four" (15:50) in words only: "10 to 4" is more likely a range.
_MINUTES_TO = re.compile(rf"\b(?P<before>\w+\s+)?(?P<n>twenty\s+five|twenty|ten|five)\s+(?:minutes\s+)?to\s+"
                         rf"(?P<of>{_HOUR_WORD}|\d{{1,2}})\b")
_MINUTES_PAST = re.compile(rf"\b(?P<n>twenty\s+five|twenty|ten|five)\s+(?:minutes\s+)?past\s+(?=(?:{_HOUR_WORD}|\d)\b)")
# "two thirty", "ten fifteen": a clock time in words.
_SPOKEN_CLOCK = re.compile(rf"\b(?P<h>{_HOUR_WORD})\s+(?P<m>fifteen|thirty|forty\s+five)\b")
_SPOKEN_MINUTES = {"fifteen": 15, "thirty": 30, "forty five": 45}
_HOUR_THEN_WORDS = (r"(\d{1,2})(?![\d:./-])(?=\s+(?!(?:uur|minutes?|mins?|hours?|hrs?|days?|weeks?|weken|dagen|months?|"
                    r"maand|years?|jaar|euros?|eur|people|persons?|children|kids|of|documents?|passports?|times|"
                    r"en|tot|and|to|or|e|ste|de)\b)[a-z])")
_ENGLISH_PHRASES = (
    (r"\bgood\s*(?:morning|afternoon|evening|day)\b", _BREAK),  # a greeting asks for no part of the day
    (r"\bo\s?clock\b", "uur"),
    (r"\bnoon\b|\bmidday\b|\blunch\s*time\b", "12 uur"),
    (r"\bhalf\s+past\s+(?P<h>\d{1,2})\b", None),
    (r"\bquarter\s+past\b", "kwart over"),
    (r"\bquarter\s+to\b", "kwart voor"),
    (r"\b(\d{1,2})\s+(?:minutes\s+)?past\s+(?=\d)", r"\1 over "),
    (r"\bday\s+after\s+tomorrow\b", "overmorgen"),
    (r"\btomorrow\b", "morgen"),
    (r"\btoday\b", "vandaag"),
    (r"\btonight\b", "vandaag avond"),
    (r"\bthis\s+(morning|afternoon|evening)\b", r"vandaag \1"),
    (r"\bmorning\b", "ochtend"),
    (r"\bafternoon\b", "middag"),
    (r"\bevening\b", "avond"),
    (r"\bthe\s+week\s+after\s+next\b", "over 2 weken"),
    (r"\bin\s+(?:a|an|1)\s+week\b", "over 1 week"),
    (r"\bin\s+(\d{1,2})\s+weeks\b", r"over \1 weken"),
    (r"\bin\s+(?:a|1)\s+day\b", "over 1 dag"),
    (r"\bin\s+(\d{1,2})\s+days\b", r"over \1 dagen"),
    (r"\b(?:(?:at\s+)?the\s+)?(?:end|close)\s+of\s+(?:the|this)\s+month\b", "eind van de maand"),
    (r"\b(?:(?:at\s+)?the\s+)?(?:end|close)\s+of\s+next\s+month\b", "eind volgende maand"),
    (r"\b(?:(?:at\s+)?the\s+)?(?:beginning|start)\s+of\s+(?:the|this)\s+month\b", "begin van de maand"),
    (r"\b(?:(?:at\s+)?the\s+)?(?:beginning|start)\s+of\s+next\s+month\b|\bearly\s+next\s+month\b",
     "begin volgende maand"),
    (r"\bthis\s+coming\b", "aanstaande"),
    (r"\b(?:next|following)\b", "volgende"),
    (r"\bcoming\b", "komende"),
    (r"\bthis\b", "deze"),
    (r"\bmonth\b", "maand"),
    (rf"\b(?P<wd>{'|'.join(ENGLISH_WEEKDAYS)})s?\b", None),
    # "on the 14th (of the month)": a day of this month or, when it is past, the next
    (rf"\b(?:on\s+)?the\s+(\d{{1,2}})(?:\s+(?:st|nd|rd|th))?(?:\s+of\s+(?:the|deze)\s+maand)?\b"
     rf"(?![:.]\d)(?!\s*(?:{_ENGLISH_MONTHS}|of\s+(?:{_ENGLISH_MONTHS}|volgende))\b)", r"\1e van de maand"),
    (r"\b(?:on\s+)?the\s+(\d{1,2})(?:\s+(?:st|nd|rd|th))?\s+of\s+volgende\s+maand\b", r"\1e van volgende maand"),
    (rf"\b(\d{{1,2}})\s+of\s+({_ENGLISH_MONTHS})\b", r"\1 \2"),
    (r"\b(?:no|not)\s+earlier\s+than\b|\bnot\s+before\b", "niet voor"),
    (r"\b(?:no|not)\s+later\s+than\b|\bat\s+the\s+latest\b", "niet later dan"),
    # "at 10 on Tuesday": an hour after an English qualifier is one even with words after it
    (rf"\b(?:at|around|round|about|at\s+about|at\s+around|approximately)\s+{_HOUR_THEN_WORDS}", r"om \1 uur"),
    (rf"\bafter\s+{_HOUR_THEN_WORDS}", r"na \1 uur"),
    (rf"\bfrom\s+{_HOUR_THEN_WORDS}", r"vanaf \1 uur"),
    (rf"\b(?:before|until|till)\s+{_HOUR_THEN_WORDS}", r"voor \1 uur"),
    (r"\b(?:at|around|round|about|at\s+about|at\s+around|approximately)\s+(?=\d|half\b|kwart\b)", "om "),
    (r"\bafter\s+(?=\d|half\b|kwart\b)", "na "),
    (r"\bfrom\s+(?=\d|half\b|kwart\b)", "vanaf "),
    (r"\b(?:before|until|till|by)\s+(?=\d|half\b|kwart\b)", "voor "),
    (r"\bbetween\s+(?=\d|half\b|kwart\b)", "tussen "),
    (r"(?<=\d)(\s+(?:uur\s+)?)and\s+(?=\d)", r"\1en "),
    (r"(?<=\d)(\s+(?:uur\s+)?)to\s+(?=\d)", r"\1tot "),
)
# "ten" is also Dutch: "ten laatste", "ten minste".
_NUMBER_WORD = re.compile(rf"\b(?P<w>{'|'.join(ENGLISH_NUMBERS)})\b"
                          r"(?!\s+(?:laatste|minste|eerste|slotte|noorden|zuiden|oosten|westen|hoogste|vroegste)\b)")
_ENGLISH_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in _ENGLISH_PHRASES)


def _english_word(match: re.Match) -> str:
    """The replacements that need a look-up: a number word, a weekday, half past."""
    found = match.groupdict()
    if found.get("w"):
        return str(ENGLISH_NUMBERS[found["w"]])
    if found.get("wd"):
        return WEEKDAYS[ENGLISH_WEEKDAYS.index(found["wd"])]
    return f"half {int(found['h']) % 12 + 1}"  # half past 2 is the Dutch half 3


def _clock(match: re.Match) -> str:
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if not 1 <= hour <= 12 or minute > 59:
        return match.group(0)
    hour = hour % 12 + (12 if match["half"].startswith("p") else 0)
    return f"{hour}:{minute:02d}"


def _minutes_to(match: re.Match) -> str:
    """ "ten to four" is 15:50, but "from ten to twelve" is a range: that is left to the range pattern."""
    before = (match["before"] or "").strip()
    if before in ("from", "between", "van", "vanaf", "tussen"):
        return match.group(0)
    of = match["of"] if match["of"].isdigit() else str(ENGLISH_NUMBERS[match["of"]])
    return f"{match['before'] or ''}{_MINUTE_WORDS[' '.join(match['n'].split())]} voor {of}"


def _spoken_clock(match: re.Match) -> str:
    """As the Dutch say it, so that "two thirty" is in the afternoon as "half drie" is."""
    hour, minutes = ENGLISH_NUMBERS[match["h"]], _SPOKEN_MINUTES[" ".join(match["m"].split())]
    following = hour % 12 + 1
    return {15: f"kwart over {hour}", 30: f"half {following}", 45: f"kwart voor {following}"}[minutes]


def _from_english(text: str) -> str:
    """English phrases for days and times rewritten as the Dutch ones the patterns read."""
    text = _ORDINAL.sub(r"\1", text)                  # 14th -> 14
    text = _MINUTES_TO.sub(_minutes_to, text)         # ten to four -> 10 voor 4
    text = _MINUTES_PAST.sub(lambda m: f"{_MINUTE_WORDS[' '.join(m['n'].split())]} over ", text)
    text = _SPOKEN_CLOCK.sub(_spoken_clock, text)     # two thirty -> 2:30
    text = _NUMBER_WORD.sub(_english_word, text)      # two -> 2
    text = _AM_PM.sub(_clock, text)                   # 2:30 pm -> 14:30
    text = _MONTH_FIRST.sub(lambda m: f"{m['d']} {m['month']}", text)  # dec 14 -> 14 dec
    for pattern, replacement in _ENGLISH_RULES:
        text = pattern.sub(replacement if replacement is not None else _english_word, text)
    return text


def _take(pattern: re.Pattern, text: str) -> Tuple[List[re.Match], str]:
    """All matches of ``pattern``, and the text with them blanked out."""
    matches: List[re.Match] = []

    def blank(match: re.Match) -> str:
        matches.append(match)
        return _BREAK

    return matches, pattern.sub(blank, text)


def _take_all(patterns: Dict[str, re.Pattern], text: str) -> Tuple[Dict[str, re.Match], str]:
    """The first match of every pattern, in the dict's order of specificity."""
    found = {}
    for name, pattern in patterns.items():
        matches, text = _take(pattern, text)
        if matches:
            found[name] = matches[0]
    return found, text


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


# --- days ----------------------------------------------------------------------------------

_DAY_PATTERNS = {
    "numeric": re.compile(
        r"(?<![\d:./-])(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
        r"|(?P<d>\d{1,2})[-/](?P<m>\d{1,2})(?:[-/](?P<y>\d{4}|\d{2}))?)(?![\d:./-])(?!\s*uur)"),
    "written": re.compile(
        rf"(?<![\d:./-])(?P<d>\d{{1,2}})(?:\s*(?:e|ste|de))?\s+(?P<month>{'|'.join(MONTHS)})\b"
        r"(?:\s+(?P<y>\d{4})(?!\d))?"),
    "of_month": re.compile(
        r"(?<![\d:./-])(?P<d>\d{1,2})\s*(?:e|ste|de)\s+(?:van\s+)?(?P<which>deze|de|volgende)\s+maand\b"),
    "weekday_in_weeks": re.compile(rf"\b(?P<wd>{_WEEKDAY})s?\s+over\s+(?P<n>{_NUM})\s+we(?:ek|ken)\b"),
    "month": re.compile(
        r"\b(?:(?P<edge>begin|eind|einde)\s+(?:van\s+)?(?:de\s+)?(?P<which>deze|de|volgende|komende)"
        r"|(?P<whole>deze|volgende|komende))\s+maand\b"),
    "days_ahead": re.compile(rf"\bover\s+(?P<n>{_NUM})\s+dag(?:en)?\b"),
    "week": re.compile(
        rf"\b(?:(?P<which>volgende|komende|aankomende|deze)\s*week|over\s+(?P<n>{_NUM})\s+we(?:ek|ken))\b"),
    "weekday": re.compile(rf"\b(?:(?:aanstaande|aankomende|komende|volgende|deze)\s+)?(?P<wd>{_WEEKDAY})s?\b"),
    "relative": re.compile(r"\b(?P<word>overmorgen|morgen|vandaag)\b"),
}
_RELATIVE_DAYS = {"vandaag": 0, "morgen": 1, "overmorgen": 2}


def _resolve_day(found: Dict[str, re.Match], today: date) -> dict:
    """Turn what was found into When's day fields; the most specific expression wins."""
    monday = today - timedelta(days=today.weekday())
    if "numeric" in found or "written" in found:
        return _single_day(_calendar_date(found.get("numeric") or found["written"], today), today)
    if "of_month" in found:
        return _single_day(_day_of_month(found["of_month"], today), today)
    if "weekday_in_weeks" in found:
        match = found["weekday_in_weeks"]
        day = _next_weekday(today, WEEKDAYS.index(match["wd"])) + timedelta(weeks=_number(match["n"]))
        return _single_day(day, today)
    week = _week_offset(found["week"]) if "week" in found else None
    if "weekday" in found:
        weekday = WEEKDAYS.index(found["weekday"]["wd"])
        if week is None:
            return _single_day(_next_weekday(today, weekday), today)
        return _single_day(monday + timedelta(weeks=week, days=weekday), today)
    if "relative" in found:
        return _single_day(today + timedelta(days=_RELATIVE_DAYS[found["relative"]["word"]]), today)
    if "days_ahead" in found:
        return _single_day(today + timedelta(days=_number(found["days_ahead"]["n"])), today)
    if week is not None:
        start = monday + timedelta(weeks=week)
        return {"range_start": max(start, today), "range_end": start + timedelta(days=6)}
    if "month" in found:
        start, end = _month_range(found["month"], today)
        return {"range_start": start, "range_end": end}
    return {}


def _single_day(day: Optional[date], today: date) -> dict:
    if day is None:
        return {"problem": "impossible_date"}
    if day < today:
        return {"day": day, "problem": "past"}
    return {"day": day}


def _make_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _calendar_date(match: re.Match, today: date) -> Optional[date]:
    """A date as written; without a year, the first one from today on (15 maart in november: next year)."""
    parts = match.groupdict()
    if parts.get("iy"):
        return _make_date(int(parts["iy"]), int(parts["im"]), int(parts["id"]))
    month = MONTHS[parts["month"]] if parts.get("month") else int(parts["m"])
    day = int(parts["d"])
    if parts["y"]:
        year = int(parts["y"])
        return _make_date(year + 2000 if year < 100 else year, month, day)
    this_year = _make_date(today.year, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    return _make_date(today.year + 1, month, day) or this_year


def _first_of_next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _day_of_month(match: re.Match, today: date) -> Optional[date]:
    """"De 15e van de maand": this month's if still to come, else next month's."""
    number = int(match["d"])
    if match["which"] != "volgende":
        this_month = _make_date(today.year, today.month, number)
        if this_month is not None and this_month >= today:
            return this_month
    following = _first_of_next_month(today)
    return _make_date(following.year, following.month, number)


def _next_weekday(today: date, weekday: int) -> date:
    """The next such weekday; today when today is that weekday."""
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _week_offset(match: re.Match) -> int:
    if match["n"]:
        return _number(match["n"])
    return 0 if match["which"] == "deze" else 1


def _month_range(match: re.Match, today: date) -> Tuple[date, date]:
    """Begin = days 1-7, eind = the last 7 days, otherwise the whole month; never before today."""
    month = today.replace(day=1)
    if (match["which"] or match["whole"]) in ("volgende", "komende"):
        month = _first_of_next_month(today)
    elif match["edge"] == "begin" and today.day > 7:
        month = _first_of_next_month(today)  # the beginning of this month is over: the next one
    last = calendar.monthrange(month.year, month.month)[1]
    first_day, last_day = {"begin": (1, 7), "eind": (last - 6, last), "einde": (last - 6, last)}.get(
        match["edge"], (1, last))
    return max(month.replace(day=first_day), today), month.replace(day=last_day)


# --- parts of day and times ----------------------------------------------------------------

_PART_OF_DAY = re.compile(r"\bvoor\s+de\s+middag\b|\b(?:s\s?)?(?P<part>ochtend|middag|avond|morgen(?=s))s?\b")


def _read_part_of_day(text: str) -> Tuple[Optional[str], str]:
    matches, text = _take(_PART_OF_DAY, text)
    if not matches:
        return None, text
    part = matches[0]["part"]
    return ("ochtend" if part in (None, "morgen") else part), text


def _time_pattern(p: str) -> str:
    """One time of day; group names start with ``p`` so that two can share one pattern."""
    return "(?:" + "|".join([
        rf"(?P<{p}h>(?<![\d:./-])\d{{1,2}})[:.](?P<{p}m>\d{{2}})(?![\d:./-])(?:\s+uur\b)?",
        rf"\b(?P<{p}mins>kwart|{_MINUTES})\s+(?P<{p}dir>over|voor)\s+(?P<{p}half>half\s+)?"
        rf"(?P<{p}of>{_NUM})(?:\s+uur\b)?",
        rf"\bhalf\s+(?P<{p}half_of>{_NUM})(?:\s+uur\b)?",
        rf"(?P<{p}hour>{_NUM})\s+uur\b",
        rf"\b(?P<{p}plural>{'|'.join(HOUR_PLURALS)})\b",
        rf"(?P<{p}bare>{_NUM})(?=\s*(?:;|$|en\b|tot\b))",  # "om 10", "tussen 10 en 12"
    ]) + ")"


_QUALIFIER = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_BETWEEN = re.compile(
    rf"\b(?:tussen|van|vanaf)\s+{_time_pattern('a_')}"
    rf"\s+(?:en|tot(?:\s+en\s+met)?)\s+{_time_pattern('b_')}"
    r"|(?<![\d:./-])(?P<from>\d{1,2})-(?P<to>\d{1,2})\s+uur\b")
_TIME = re.compile(rf"(?:\b(?P<q>{_QUALIFIER})\s+)?{_time_pattern('t_')}")


def _hour(number: int, part: Optional[str]) -> int:
    """1..7 mean the afternoon (no office opens at 3 a.m.), 8..12 as said; a part of day decides."""
    if number == 0 or number > 12 or part == "ochtend":
        return number
    if part in ("middag", "avond"):
        return number + 12 if number < 12 else number
    return number + 12 if number <= 7 else number


def _read_time(match: re.Match, p: str, part: Optional[str]) -> Optional[time]:
    """Minutes from the spoken hour, so "tien over half 3" is one sum; None for 25:00 and the like."""
    g = match.groupdict()
    if g[p + "h"]:  # a clock time is as written, unless 's middags or 's avonds says otherwise
        hour, minute = int(g[p + "h"]), int(g[p + "m"])
        if part in ("middag", "avond") and 1 <= hour < 12:
            hour += 12
        return time(hour, minute) if hour < 24 and minute < 60 else None
    if g[p + "mins"]:  # kwart over 9, tien over half 3, vijf voor 4
        minutes = 15 if g[p + "mins"] == "kwart" else _number(g[p + "mins"])
        if not 1 <= minutes < 30 or _number(g[p + "of"]) == 0:
            return None
        total = _hour(_number(g[p + "of"]), part) * 60 - (30 if g[p + "half"] else 0)
        total += minutes if g[p + "dir"] == "over" else -minutes
    elif g[p + "half_of"]:
        if _number(g[p + "half_of"]) == 0:
            return None
        total = _hour(_number(g[p + "half_of"]), part) * 60 - 30
    elif g[p + "plural"]:
        total = _hour(HOUR_PLURALS[g[p + "plural"]], part) * 60
    else:
        total = _hour(_number(g[p + "hour"] or g[p + "bare"]), part) * 60
    return _as_time(total)


def _as_time(minutes: int) -> Optional[time]:
    return time(minutes // 60, minutes % 60) if 0 <= minutes < 24 * 60 else None


def _is_clock(match: re.Match, text: str) -> bool:
    """A time without a qualifier needs a shape no other number has: 'uur', a colon, 'half'."""
    if match["q"]:
        return True
    if match["t_bare"] or match["t_plural"] or match["t_hour"] == "een":  # "een uur": an hour
        return False
    before, after = text[:match.start()].split()[-1:], text[match.end():].split()[:1]
    return not (set(before) & NOT_A_CLOCK_BEFORE or set(after) & NOT_A_CLOCK_AFTER)


def _read_times(text: str, part: Optional[str]) -> dict:
    """at, after and before; the first time read for each wins."""
    times: dict = {}
    between, text = _take(_BETWEEN, text)
    if between:  # "tussen 10 en 12", "van 9 tot half 11", "10-12 uur"
        match = between[0]
        if match["from"]:
            start = _as_time(_hour(int(match["from"]), part) * 60)
            end = _as_time(_hour(int(match["to"]), part) * 60)
        else:
            start, end = _read_time(match, "a_", part), _read_time(match, "b_", part)
        if start is not None and end is not None:
            times = {"after": start, "before": end}
    for match in _TIME.finditer(text):
        if _is_clock(match, text):
            value = _read_time(match, "t_", part)
            if value is not None:
                times.setdefault(QUALIFIERS.get(match["q"], "at"), value)
    return {name: times.get(name) for name in ("at", "after", "before")}
