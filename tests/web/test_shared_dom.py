"""The DOM helpers the widget and the staff console share (bot/web/static/shared/dom.js), run in
Node against a minimal stand-in for the document: text stays text, a status line shows errors."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from bot.web.resident.widget import SHARED_DIR

NODE = shutil.which("node")
FAKE_DOCUMENT = """
class Node {
  constructor(tag) { this.tag = tag; this.textContent = ""; this.className = ""; this.attributes = {};
    this.children = []; this.classes = new Set(); }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  appendChild(child) { if (!(child instanceof Node)) throw new TypeError("not a node"); this.children.push(child); }
  addEventListener() {}
  get classList() { const classes = this.classes;
    return { toggle: (name, on) => (on ? classes.add(name) : classes.delete(name)) }; }
}
const byId = {};
globalThis.document = {
  createElement: (tag) => new Node(tag),
  createTextNode: (text) => Object.assign(new Node("#text"), { textContent: text }),
  getElementById: (id) => byId[id] || (byId[id] = new Node("p")),
};
"""


def run_node(body: str):
    script = f'{FAKE_DOCUMENT}\nimport {{ el, say }} from "{(SHARED_DIR / "dom.js").as_uri()}";\n{body}'
    done = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=30,
                          check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="no Node.js to run the shared module")
def test_an_element_takes_elements_and_strings_as_children_and_skips_empty_ones():
    made = run_node("""
const item = el("li", { "data-code": "onbekend", className: "fout" },
                [el("span", { text: "Fout:" }), null, " {naam} bestaat niet"]);
console.log(JSON.stringify({ attributes: item.attributes, className: item.className,
  children: item.children.map((child) => [child.tag, child.textContent]) }));
""")
    assert made == {"attributes": {"data-code": "onbekend"}, "className": "fout",
                    "children": [["span", "Fout:"], ["#text", " {naam} bestaat niet"]]}


@pytest.mark.skipif(NODE is None, reason="no Node.js to run the shared module")
def test_say_shows_a_text_as_an_error_or_not_and_clears_it():
    shown = run_node("""
const seen = [];
for (const [text, isError] of [["Opgeslagen.", false], ["Dat lukte niet.", true], [null, false]]) {
  say("status", text, isError);
  const node = document.getElementById("status");
  seen.push([node.textContent, node.classes.has("error")]);
}
console.log(JSON.stringify(seen));
""")
    assert shown == [["Opgeslagen.", False], ["Dat lukte niet.", True], ["", False]]
