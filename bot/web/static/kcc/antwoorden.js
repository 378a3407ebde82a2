// The answer editor (/kcc/antwoorden): every text of content/antwoorden.yml, one editor at a
// time. While typing, the server's own check (POST /api/content/answers/<key>/check, the same
// rules a save applies) gives the B1 score and flags unknown or missing placeholders. Saving is
// a PUT with the revision the editor started from; each save or restore is a version, listed
// with who and when. Log-in, header and session are the console's (shell.js, api.js). Texts are
// set with textContent, never as HTML.

import { el, say } from "../shared/dom.js";
import { ApiError, get, post, problem, request } from "./api.js";
import { roles, startPage } from "./shell.js";

const CHECK_DELAY_MS = 300;
const byId = (id) => document.getElementById(id);
const state = { answers: [], rules: null, current: null, checkSeq: 0, checkTimer: null };

const path = (key) => `/api/content/answers/${encodeURIComponent(key)}`;

function when(iso) {
  return new Date(iso).toLocaleString("nl-NL", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
}

function scoreText(assessment) {
  return assessment.score.toFixed(0);
}

function verdict(assessment) {
  if (!assessment.prose) return "(te kort om te meten)";
  const floor = state.rules ? state.rules.b1_floor : 60;
  return assessment.b1 ? "B1 gehaald" : `onder B1 (minstens ${floor.toFixed(0)})`;
}

// ---- the index of all answers ------------------------------------------------------------

async function loadIndex() {
  say("zoeken-status", "Antwoorden laden…");
  try {
    const data = await get("/api/content/answers");
    state.answers = data.answers;
    state.rules = data.rules;
    buildIndex();
    filterIndex();
  } catch (error) {
    say("zoeken-status", problem(error), true);
  }
}

function buildIndex() {
  const sections = new Map();
  for (const answer of state.answers) {
    if (!sections.has(answer.section)) sections.set(answer.section, []);
    sections.get(answer.section).push(answer);
  }
  const groups = [...sections.entries()].map(([section, answers]) => el("details", { className: "section", "data-section": section }, [
    el("summary", { text: `${SECTION_TITLES[section] || section} (${answers.length})` }),
    el("ul", { className: "answer-list" }, answers.map(indexItem)),
  ]));
  byId("antwoorden-lijst").replaceChildren(...groups);
}

function indexItem(answer) {
  const item = el("li", { "data-key": answer.key });
  const link = el("a", { href: `#${answer.key}`, text: answer.title });
  item.append(link, " ", el("span", { className: `tag ${answer.assessment.b1 ? "" : "tag--low"}`,
    text: answer.assessment.prose ? scoreText(answer.assessment) : "kort" }));
  return item;
}

function filterIndex() {
  const query = byId("zoeken").value.trim().toLowerCase();
  let shown = 0;
  for (const group of byId("antwoorden-lijst").children) {
    let inGroup = 0;
    for (const item of group.querySelectorAll("li")) {
      const answer = state.answers.find((a) => a.key === item.dataset.key);
      const match = !query || `${answer.title} ${answer.key} ${answer.text}`.toLowerCase().includes(query);
      item.hidden = !match;
      inGroup += match ? 1 : 0;
    }
    group.hidden = inGroup === 0;
    if (query) group.open = inGroup > 0;
    shown += inGroup;
  }
  const found = shown === 1 ? "1 antwoord gevonden." : `${shown} antwoorden gevonden.`;
  say("zoeken-status", query ? found : `${state.answers.length} antwoorden.`);
}

// Dutch names of the file's sections (the API gives the key).
const SECTION_TITLES = {
  knoppen: "Knoppen onder antwoorden", standaard: "Vaste stukken van antwoorden", onderwerpen: "Onderwerpen",
  afspraken: "Openingstijden en contact", organisaties: "Landelijke organisaties",
  spreekuur: "Afspraak met een landelijke organisatie", plekken: "Vragen over een plek", gesprek: "Gesprek",
  verwijderen: "Gesprek wissen", terugbellen: "Terugbellen", terugval: "Als de assistent het niet begrijpt",
  overname: "Een medewerker neemt over", mail: "E-mails over een afspraak", afspraak: "Afspraak maken en wijzigen",
  chatvenster: "Het chatvenster",
};

// ---- one answer in the editor ------------------------------------------------------------

async function open(key, focus = true) {
  try {
    const data = await get(path(key));
    state.rules = data.rules;
    show(data.answer);
    if (focus) byId("editor-title").focus();
  } catch (error) {
    byId("editor-title").textContent = "Antwoord niet gevonden";
    byId("editor-form").hidden = true;
    byId("versies").hidden = true;
    say("editor-leeg", problem(error), true);
    byId("editor-leeg").hidden = false;
  }
}

function show(answer) {
  state.current = answer;
  byId("editor-title").textContent = answer.title;
  byId("editor-sleutel").textContent = answer.key;
  byId("editor-leeg").hidden = true;
  byId("editor-form").hidden = false;
  const box = byId("editor-tekst");
  box.value = answer.text;
  box.rows = Math.min(20, Math.max(4, answer.text.split("\n").length + Math.ceil(answer.text.length / 80)));
  byId("invulvelden").replaceChildren(...answer.placeholders.map((name) => el("li", {}, [el("code", { text: `{${name}}` })])));
  say("opslaan-status", "");
  showAssessment(answer.assessment);
  showVersions(answer.versions || []);
  for (const item of byId("antwoorden-lijst").querySelectorAll("li")) {
    const link = item.querySelector("a");
    if (item.dataset.key === answer.key) {
      link.setAttribute("aria-current", "true");
      item.closest("details").open = true;
    } else {
      link.removeAttribute("aria-current");
    }
  }
}

/** Whether the text in the editor differs from the live text (unsaved work). */
function unsaved() {
  return Boolean(state.current) && !byId("editor-form").hidden && byId("editor-tekst").value !== state.current.text;
}

function showAssessment(assessment) {
  byId("score").textContent = scoreText(assessment);
  byId("score-oordeel").textContent = verdict(assessment);
  byId("meting").classList.toggle("meting--low", !assessment.b1);
  const list = (items, prefix) => items.map((item) => el("li", { "data-code": item.code }, [
    el("span", { className: "label", text: prefix }), ` ${item.message}`]));
  byId("meting-fouten").replaceChildren(...list(assessment.errors, "Fout:"));
  byId("meting-waarschuwingen").replaceChildren(...list(assessment.warnings, "Let op:"));
}

function scheduleCheck() {
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(check, CHECK_DELAY_MS);
}

async function check() {
  if (!state.current) return;
  const seq = ++state.checkSeq;
  try {
    const data = await post(`${path(state.current.key)}/check`, { text: byId("editor-tekst").value });
    if (seq === state.checkSeq) showAssessment(data.assessment);
  } catch (error) {
    if (seq === state.checkSeq) say("opslaan-status", problem(error), true);
  }
}

async function save(event) {
  event.preventDefault();
  if (!state.current) return;
  clearTimeout(state.checkTimer);
  state.checkSeq += 1;  // a check still under way must not overwrite what the save says
  say("opslaan-status", "Opslaan…");
  try {
    const data = await request("PUT", path(state.current.key),
      { text: byId("editor-tekst").value, basis: state.current.revision });
    await afterChange(data, `Opgeslagen als versie ${data.version.version}. Inwoners zien de nieuwe tekst meteen.`);
  } catch (error) {
    refused(error);
  }
}

async function restore(version) {
  say("opslaan-status", `Versie ${version} terugzetten…`);
  try {
    const data = await post(`${path(state.current.key)}/versions/${version}/restore`, { basis: state.current.revision });
    await afterChange(data, `Versie ${version} staat weer live, als versie ${data.version.version}.`);
    byId("editor-tekst").focus();
  } catch (error) {
    refused(error);
  }
}

async function afterChange(data, message) {
  const known = state.answers.find((a) => a.key === data.answer.key);
  if (known) Object.assign(known, data.answer);
  const item = byId("antwoorden-lijst").querySelector(`li[data-key="${CSS.escape(data.answer.key)}"]`);
  if (item) item.replaceWith(indexItem(known || data.answer));
  await open(data.answer.key, false);
  say("opslaan-status", message);
}

function refused(error) {
  if (error instanceof ApiError && error.status === 422 && error.code === "invalid_answer") {
    say("opslaan-status", "Niet opgeslagen. Los eerst de fouten op die hieronder staan.", true);
    check();
    return;
  }
  if (error instanceof ApiError && error.status === 409) {
    say("opslaan-status", "Niet opgeslagen: iemand anders heeft deze tekst intussen gewijzigd. Kopieer uw tekst, "
      + "kies 'Wijzigingen weggooien' om de nieuwe te zien, en pas die aan.", true);
    return;
  }
  say("opslaan-status", `Niet opgeslagen. ${problem(error)}`, true);
}

const SOURCES = { file: "Stond in het bestand", editor: "Bewerkt", restore: "Teruggezet" };

function showVersions(versions) {
  byId("versies").hidden = false;
  byId("versies-leeg").hidden = versions.length > 0;
  byId("versies-tabel").hidden = versions.length === 0;
  byId("versies-lijst").replaceChildren(...versions.map((version) => {
    const what = version.source === "restore" ? `Teruggezet naar versie ${version.restored_from}` : SOURCES[version.source];
    let action;
    if (version.live) {
      action = el("span", { className: "tag", text: "Nu in gebruik" });
    } else {
      action = el("button", { type: "button", className: "button button--secondary button--small",
        text: "Terugzetten", "aria-label": `Versie ${version.version} terugzetten` });
      action.addEventListener("click", () => restore(version.version));
    }
    return el("tr", {}, [
      el("td", { text: String(version.version) }),
      el("td", { text: when(version.at) }),
      el("td", { text: version.author || "–" }),
      el("td", { text: what }),
      el("td", {}, [el("details", {}, [el("summary", { text: "Tekst bekijken" }),
        el("p", { className: "version-text", text: version.text })])]),
      el("td", {}, [action]),
    ]);
  }));
}

// ---- wiring ------------------------------------------------------------------------------

function openFromHash() {
  const key = decodeURIComponent(location.hash.slice(1));
  if (!key || (state.current && key === state.current.key)) return;
  if (unsaved() && !window.confirm("Uw wijzigingen zijn nog niet opgeslagen. Wilt u ze weggooien?")) {
    history.replaceState(null, "", `#${state.current.key}`);
    return;
  }
  open(key);
}

function ready() {
  byId("zoeken").addEventListener("input", filterIndex);
  byId("editor-tekst").addEventListener("input", scheduleCheck);
  byId("editor-form").addEventListener("submit", save);
  byId("terug-naar-live").addEventListener("click", () => open(state.current.key));
  window.addEventListener("hashchange", openFromHash);
  window.addEventListener("beforeunload", (event) => {
    if (unsaved()) event.preventDefault();
  });
  loadIndex().then(openFromHash);
}

startPage({ allowed: roles.content, elsewhere: null, ready });
