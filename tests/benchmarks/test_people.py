"""The pure parts of benchmarks.people (no browser): every page residents and staff use is on
its list with a way to show it, the sizes are the browser tests' own, and the printed lines
carry the counts, the rule ids and the median and maximum."""
from __future__ import annotations

from benchmarks.people import PAGES, SIZES, VIEWS, axe_line, failure_line, latency_line
from bot.web.staff.console import PAGES as CONSOLE_PAGES
from tests.browser.test_console_workday import ZOOMED


def test_every_page_residents_and_staff_use_is_checked_and_has_a_way_to_show_it():
    paths = {page.path for page in PAGES}
    assert {"/", "/privacy", "/toegankelijkheid"} <= paths
    assert set(CONSOLE_PAGES) <= paths  # a new console page needs a line here
    assert {page.name for page in PAGES} >= {"kcc-login", "kcc-queue", "kcc-chat", "kcc-callbacks"}
    assert list(VIEWS) == [page.name for page in PAGES]
    assert len({page.name for page in PAGES}) == len(PAGES)


def test_the_sizes_are_desktop_and_the_browser_tests_200_percent():
    desktop, zoomed = SIZES
    assert (desktop.viewport, desktop.scale) == ({"width": 1280, "height": 800}, 1)
    assert (zoomed.viewport, zoomed.scale) == (ZOOMED, 2)
    assert zoomed.viewport["width"] * 2 == desktop.viewport["width"]


def test_a_line_counts_the_violations_and_names_their_rules():
    page, size = PAGES[0], SIZES[1]
    clean = axe_line(page, size, [])
    assert clean.split()[:3] == ["widget", "/", "200%"] and clean.endswith("0 violations")
    found = axe_line(page, size, ["color-contrast: Elements must meet contrast (2x: ['.a'])",
                                  "label: Form elements must have labels (1x: ['#b'])",
                                  "color-contrast: again"])
    assert found.endswith("3 violations (color-contrast, label)")
    assert axe_line(page, size, ["region: Content in landmarks (1x: ['p'])"]).endswith("1 violation (region)")
    assert failure_line(page, size, "Timeout 10000ms exceeded.\nCall log: ...").endswith(
        "NOT SHOWN: Timeout 10000ms exceeded.")


def test_the_latency_line_gives_the_median_and_the_maximum():
    line = latency_line([0.2, 0.4, 1.9, 0.3])
    assert "4 sends" in line and "median 0.35 s" in line and "max 1.90 s" in line
