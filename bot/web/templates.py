"""The gateway's one Jinja2 environment for its HTML pages in ``bot/web/templates/``:
autoescape is on, so every value put into a page is HTML-escaped (a municipality's name can
never become markup), and a value a template names but is not given is an error rather than
an empty spot. Templates are read again when changed, so an edited page shows without a restart."""
from __future__ import annotations

from pathlib import Path

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,   # a line holding only a {% tag %} leaves no blank line behind
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=True,
)


def render_page(name: str, **values: object) -> str:
    """The template ``name`` (a path under ``TEMPLATES_DIR``) filled with ``values``."""
    return TEMPLATES.get_template(name).render(**values)
