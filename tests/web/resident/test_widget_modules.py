"""The widget's ES modules and the modules it shares with the staff console, without a browser:
each is served as JavaScript that a page on another origin may import, every import between
them leads to a served file, and nothing in them needs what a strict Content Security Policy
forbids. The demo page is a Jinja2 template that escapes the municipality's facts."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.web.resident.widget import SHARED_DIR, STATIC_DIR
from bot.web.staff.console import STATIC_DIR as KCC_DIR

STATIC_ROOT = STATIC_DIR.parent
MODULE_DIRS = (STATIC_DIR, SHARED_DIR, KCC_DIR)
IMPORT = re.compile(r"""(?:^import [^;]*? from |\bimport\()\s*["']([^"']+)["']""", re.MULTILINE)


def served_path(module: Path) -> str:
    return "/static/" + module.relative_to(STATIC_ROOT).as_posix()


def modules():
    return sorted(path for folder in (STATIC_DIR, SHARED_DIR) for path in folder.glob("*.js"))


@pytest.mark.parametrize("module", modules(), ids=lambda path: served_path(path))
def test_each_module_is_served_as_javascript_to_any_origin(client_for, module):
    answer = client_for().get(served_path(module), headers={"Origin": "https://www.wilgendaal.example"})
    assert answer.status_code == 200 and answer.content == module.read_bytes()
    assert "javascript" in answer.headers["content-type"]
    assert answer.headers["access-control-allow-origin"] == "*"  # module scripts are fetched with CORS
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "no-cache"  # never old and new modules mixed after an update


def test_every_import_leads_to_a_served_module(client_for):
    client = client_for()
    found = 0
    for folder in MODULE_DIRS:
        for module in folder.glob("*.js"):
            for target in IMPORT.findall(module.read_text(encoding="utf-8")):
                if target.startswith("./") or target.startswith("../"):
                    imported = (module.parent / target).resolve()
                    assert imported.parent in {d.resolve() for d in MODULE_DIRS}, f"{module.name}: {target}"
                    answer = client.get(served_path(imported))
                    assert answer.status_code == 200, f"{module.name} imports {target}"
                    found += 1
    assert found > 20


def test_the_loader_imports_the_entry_module_from_the_gateway(client_for):
    loader = client_for().get("/widget.js").text
    assert 'import(origin + "/static/widget/main.js")' in loader
    assert (STATIC_DIR / "main.js").read_text(encoding="utf-8").count("export function start(") == 1


@pytest.mark.parametrize("module", modules(), ids=lambda path: served_path(path))
def test_no_module_needs_what_a_strict_policy_forbids(module):
    """script-src 'self' without 'unsafe-eval' or 'unsafe-inline'; and text stays text."""
    source = module.read_text(encoding="utf-8")
    for forbidden in ("eval(", "new Function", "setTimeout(\"", "innerHTML", "outerHTML", "insertAdjacentHTML",
                      "document.write", ".style.cssText", "setAttribute(\"on", "setAttribute(\"style"):
        assert forbidden not in source, f"{module.name} uses {forbidden}"


def test_the_demo_page_escapes_a_name_with_a_script_in_it(client_for, gemeente_file):
    data = gemeente_file.load()
    data["gemeente"]["naam"] = 'Zand"><script>alert(1)</script>'
    gemeente_file.save(data)
    page = client_for(GEMEENTE_CONFIG=str(gemeente_file.path)).get("/").text
    assert "<script>alert(1)</script>" not in page and '"><' not in page
    assert "<title>Gemeente Zand&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert 'data-gemeente-naam="Zand&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert page.count("<script") == 1  # only the widget's own tag
