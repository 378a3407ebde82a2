// The content owners' page (/kcc/content): inbox with annotation, the content check, figures,
// and the retrain controls. The log-in, header, menu and session handling are the console's
// (shell.js, api.js); this module only fills the page once a content owner is logged in.
// Everything shown is set with textContent, never as HTML, because inbox texts come from residents.

import { el, say } from "../shared/dom.js";
import { ApiError, get, post, problem } from "./api.js";
import { every, labelColumns, roles, startPage } from "./shell.js";
import { formatMoment } from "./time.js";

const RUN_POLL_MS = 2000;
const byId = (id) => document.getElementById(id);
const state = { intents: [], stopRunPoll: null };

// ---- small DOM helpers ----------------------------------------------------------------

function dateTime(iso) {
  if (!iso) return "";
  return formatMoment(iso, { dateStyle: "medium", timeStyle: "short" });
}

function percent(share) {
  return share === null || share === undefined ? "–" : `${(share * 100).toFixed(1).replace(".", ",")}%`;
}

function button(text, onClick, className = "button") {
  const node = el("button", { type: "button", className, text });
  node.addEventListener("click", onClick);
  return node;
}

// ---- inbox ----------------------------------------------------------------------------------
// A page of groups at a time ("Meer tonen"), so the page stays short. After a decision the
// card shrinks to its title and the outcome, in place; the focus moves on to the next card.
const INBOX_PAGE = 10;
const REASONS = {
  fallback: "terugval", low_confidence: "twijfel", out_of_scope: "buiten ons aanbod",
  not_helpful: "niet behulpzaam", denied: "inwoner: dat bedoel ik niet", before_person: "daarna medewerker gevraagd",
};
const SKIP_REASONS = { duplicate: "stond er al", held_out: "staat in de testset", empty: "leeg" };
const inbox = { days: "30", serial: 0, ids: new Set() };  // the period shown, card numbers, the groups shown

async function loadInbox() {
  const days = byId("inbox-dagen").value;
  byId("inbox-csv").setAttribute("href", `/api/content/inbox.csv?days=${days}`);
  say("inbox-status", "Inbox laden…");
  say("inbox-meer-status", "");
  try {
    const data = await get(`/api/content/inbox?days=${days}&limit=${INBOX_PAGE}`);
    Object.assign(inbox, { days, serial: 0, ids: new Set() });
    byId("inbox-groepen").replaceChildren(...addCards(data.groups));
    showMore(data);
    const note = data.tracker_available ? "" : " (De gebeurtenissen van Rasa zijn niet te lezen; alleen overdrachten "
      + "en duimpjes zijn meegenomen.)";
    say("inbox-status", data.group_count ? `${data.group_count} groepen, ${data.total} berichten.${note}`
      : `Niets in de inbox voor deze periode.${note}`);
  } catch (error) {
    say("inbox-status", problem(error), true);
  }
}

/** Cards for the groups not shown yet (a page may repeat one after decisions shifted the list). */
function addCards(groups) {
  const fresh = groups.filter((group) => !inbox.ids.has(group.id));
  fresh.forEach((group) => inbox.ids.add(group.id));
  return fresh.map((group) => groupCard(group, inbox.serial++));
}

function openCards() {
  return [...byId("inbox-groepen").querySelectorAll("article.card:not(.decided)")];
}

function showMore(data) {
  const more = byId("inbox-meer");
  more.hidden = data.next_offset === null || data.next_offset === undefined;
  more.textContent = `Meer tonen (nog ${Math.max(data.group_count - data.next_offset, 0)})`;
}

byId("inbox-meer").addEventListener("click", async () => {
  const more = byId("inbox-meer");
  more.disabled = true;
  say("inbox-meer-status", "Meer laden…");
  try {
    // decided groups left the server's list: the next page starts after the cards still open
    const data = await get(`/api/content/inbox?days=${inbox.days}&limit=${INBOX_PAGE}&offset=${openCards().length}`);
    const cards = addCards(data.groups);
    byId("inbox-groepen").append(...cards);
    showMore(data);
    say("inbox-meer-status", `${openCards().length} van ${data.group_count} groepen getoond.`);
    if (cards.length) cards[0].querySelector("h3").focus();
    else if (!more.hidden) more.focus();
  } catch (error) {
    say("inbox-meer-status", problem(error), true);
  } finally {
    more.disabled = false;
  }
});

/** What the model made of it; a guess it was unsure of, or the resident turned down, is no choice made for them. */
function guessText(group) {
  if (!group.model_guess) return "";
  if (group.model_guess === "out_of_scope") return ". Het model vond het buiten ons aanbod";
  const guess = intentTitle(group.model_guess);
  if (group.model_unsure) return `. Het model twijfelde en dacht aan: ${guess} (niet voorgekozen)`;
  if (group.answer_rejected) return `. Het model antwoordde over: ${guess}; de inwoner wees dat af (niet voorgekozen)`;
  return `. Het model dacht aan: ${guess}`;
}

function groupCard(group, index) {
  const prefix = `groep-${index}`;
  const reasons = el("ul", { className: "tags", "aria-label": "Waarom in de inbox" });
  for (const [key, count] of Object.entries(group.reasons)) {
    if (count) reasons.append(el("li", { text: `${REASONS[key] || key}: ${count}` }));
  }
  const examples = el("ul", { className: "examples" });
  group.examples.forEach((example, n) => {
    const id = `${prefix}-voorbeeld-${n}`;
    const box = el("input", { type: "checkbox", id, value: example.text });
    box.checked = true;
    examples.append(el("li", {}, [box, document.createTextNode(" "),
      el("label", { for: id, text: example.text + (example.count > 1 ? ` (${example.count}×)` : "") })]));
  });
  const select = el("select", { id: `${prefix}-intent` });
  select.append(el("option", { value: "", text: "Kies een onderwerp…" }));
  for (const intent of state.intents) {
    const option = el("option", { value: intent.name, text: intentTitle(intent.name) });
    option.selected = Boolean(group.suggested_intent) && intent.name === group.suggested_intent;
    select.append(option);
  }
  const topic = el("input", { type: "text", id: `${prefix}-onderwerp`, maxlength: "60" });
  const status = el("p", { className: "status", role: "status", id: `${prefix}-status`, tabindex: "-1" });
  const body = el("div", { className: "card-body" }, [
    el("p", { className: "meta", text: `${group.count} keer in ${group.conversations} gesprek(ken), `
      + `van ${dateTime(group.first_seen)} tot ${dateTime(group.last_seen)}${guessText(group)}` }),
    reasons,
    el("fieldset", {}, [el("legend", { text: "Voorbeelden om toe te voegen" }), examples,
      group.example_count > group.examples.length
        ? el("p", { className: "muted", text: `${group.examples.length} van ${group.example_count} `
                    + "teksten getoond; de rest blijft in de inbox." }) : null]),
  ]);
  const actions = el("div", { className: "actions" }, [
    el("div", { className: "field" }, [el("label", { for: select.id, text: "Onderwerp (intent)" }), select]),
    button("Toevoegen aan onderwerp", () => decide(card, "intent", { intent: select.value })),
    el("div", { className: "field" }, [el("label", { for: topic.id, text: "Naam nieuw onderwerp (mag leeg)" }), topic]),
    button("Nieuw onderwerp", () => decide(card, "new_topic", topic.value ? { topic: topic.value } : {}),
      "button button--secondary"),
    button("Negeren", () => decide(card, "ignore", {}), "button button--secondary"),
  ]);
  const card = el("article", { className: "card", "aria-labelledby": `${prefix}-titel` }, [
    el("h3", { id: `${prefix}-titel`, text: group.text, tabindex: "-1" }), body, actions, status,
  ]);
  Object.assign(card, { statusNode: status, body, actions });
  return card;
}

function skipText(skipped) {
  const why = SKIP_REASONS[skipped.reason] || (skipped.reason.startsWith("already_in:")
    ? `hoort al bij ${skipped.reason.slice("already_in:".length)}` : skipped.reason);
  return `\u201c${skipped.text}\u201d (${why})`;
}

async function decide(card, decision, extra) {
  const texts = [...card.querySelectorAll("input[type=checkbox]:checked")].map((box) => box.value);
  if (!texts.length) { setCardStatus(card, "Kies minstens één voorbeeld.", true); return; }
  if (decision === "intent" && !extra.intent) { setCardStatus(card, "Kies eerst een onderwerp.", true); return; }
  const buttons = [...card.querySelectorAll("button")];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const done = (await post("/api/content/annotations", { texts, decision, ...extra })).annotation;
    const parts = [decision === "ignore" ? "Genegeerd."
      : `${done.added.length} voorbeeld(en) toegevoegd${done.file ? ` aan ${done.file}` : ""}.`];
    if (done.skipped.length) parts.push(`Overgeslagen: ${done.skipped.map(skipText).join(", ")}.`);
    decided(card, parts.join(" "));
  } catch (error) {
    setCardStatus(card, problem(error), true);
    buttons.forEach((b) => { b.disabled = false; });
  }
}

/** The card keeps its title and says what happened; the focus goes to the next open card
 *  (or the one before it, or "Meer tonen"), and else stays on this card's outcome. */
function decided(card, outcome) {
  const open = openCards();
  const at = open.indexOf(card);
  const next = open[at + 1] || open[at - 1];
  card.classList.add("decided");
  card.body.hidden = true;
  card.actions.hidden = true;
  const left = open.length - 1;
  setCardStatus(card, `${outcome} ${left ? `Nog ${left} groep(en) open.` : "Geen groepen meer open op deze pagina."}`);
  if (next) next.querySelector("h3").focus();
  else if (!byId("inbox-meer").hidden) byId("inbox-meer").focus();
  else card.statusNode.focus();
}

function setCardStatus(card, text, isError) {
  card.statusNode.textContent = text;
  card.statusNode.classList.toggle("error", Boolean(isError));
}

// ---- check ------------------------------------------------------------------------------------
const FINDING_KINDS = {
  config_error: "bestand niet te lezen", intent_without_answer: "onderwerp zonder antwoord",
  intent_without_name: "onderwerp zonder naam",
  answer_error: "antwoord kan niet gemaakt worden", content_problem: "fout in de antwoorden",
  malformed_link: "foute link", missing_fee: "product zonder tarief",
};

async function loadCheck() {
  say("controle-status", "Controleren…");
  try {
    const data = await get("/api/content/check");
    byId("controle-lijst").replaceChildren(...data.findings.map((finding) => el("li", {
      className: `finding-${finding.severity}` }, [
      el("strong", { text: `${finding.severity === "error" ? "Fout" : "Let op"} – `
                           + `${FINDING_KINDS[finding.kind] || finding.kind}: ` }),
      document.createTextNode(finding.where),
      el("br"),
      el("span", { className: "muted", text: finding.detail })])));
    say("controle-status", data.ok
      ? `Geen fouten gevonden${data.warnings ? `, wel ${data.warnings} aandachtspunt(en).` : "."}`
      : `${data.errors} fout(en) en ${data.warnings} aandachtspunt(en).`, !data.ok);
  } catch (error) {
    say("controle-status", problem(error), true);
  }
}

// ---- figures ---------------------------------------------------------------------------------
async function loadFigures() {
  const days = byId("cijfers-dagen").value;
  byId("cijfers-json").setAttribute("href", `/api/content/analytics?days=${days}`);
  say("cijfers-status", "Cijfers laden…");
  try {
    const data = await get(`/api/content/analytics?days=${days}`);
    byId("cijfers-tegels").replaceChildren(...[
      ["Gesprekken", data.conversations], ["Terugval", percent(data.fallback_rate)],
      ["Naar medewerker", percent(data.handover_rate)], ["Zonder medewerker", percent(data.resolved_without_person)],
      ["Afspraken gemaakt", data.appointments_made],
      ["Duim omhoog / omlaag", `${data.feedback.helpful} / ${data.feedback.not_helpful}`],
    ].map(([label, value]) => el("li", {}, [el("span", { className: "value", text: String(value) }),
      el("span", { text: label })])));
    drawPerDay(data.per_day);
    drawTopIntents(data.top_intents);
    say("cijfers-status", data.tracker_available ? ""
      : "De gebeurtenissen van Rasa zijn niet te lezen: terugval en onderwerpen ontbreken.");
  } catch (error) {
    say("cijfers-status", problem(error), true);
  }
}

/** An intent's Dutch name (content/antwoorden.yml, by way of /api/content/intents), never its code name. */
function intentTitle(name) {
  const known = state.intents.find((intent) => intent.name === name);
  return known && known.title ? known.title : "Onderwerp zonder naam";
}

function drawTopIntents(items) {
  const most = Math.max(1, ...items.map((item) => item.count));
  const rows = items.map((item) => {
    const bar = el("span", { className: "bar", "aria-hidden": "true" });
    bar.style.width = `${(100 * item.count) / most}%`;
    return el("li", {}, [el("span", { text: intentTitle(item.intent) }), el("span", {}, [bar]),
      el("span", { className: "count", text: String(item.count) })]);
  });
  byId("top-intents").replaceChildren(...(rows.length ? rows : [el("li", { text: "Nog geen gegevens." })]));
}

function drawPerDay(days) {
  const width = 700;
  const height = 180;
  const gap = 2;
  const most = Math.max(1, ...days.map((day) => day.conversations));
  const total = days.reduce((sum, day) => sum + day.conversations, 0);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Staafgrafiek: ${total} gesprekken in ${days.length} dagen, hoogste ${most} `
    + "op één dag. De tabel hieronder geeft alle cijfers.");
  const barWidth = width / Math.max(days.length, 1);
  days.forEach((day, n) => {
    const bar = document.createElementNS(ns, "rect");
    const barHeight = (height * day.conversations) / most;
    bar.setAttribute("x", String(n * barWidth + gap / 2));
    bar.setAttribute("y", String(height - barHeight));
    bar.setAttribute("width", String(Math.max(barWidth - gap, 1)));
    bar.setAttribute("height", String(barHeight));
    svg.append(bar);
  });
  const holder = byId("per-dag-grafiek");
  holder.replaceChildren(svg);
  if (days.length) {
    holder.append(el("p", { className: "muted", "aria-hidden": "true",
      text: `${days[0].date} tot en met ${days[days.length - 1].date} (hoogste staaf: ${most})` }));
  }
  byId("per-dag-tabel").querySelector("tbody").replaceChildren(...days.map((day) => el("tr", {}, [
    el("th", { scope: "row", text: day.date }),
    el("td", { className: "num", text: String(day.conversations) }),
    el("td", { className: "num", text: day.fallbacks === null ? "–" : String(day.fallbacks) }),
    el("td", { className: "num", text: String(day.handovers) }),
    el("td", { className: "num", text: String(day.appointments) })])));
  labelColumns(byId("per-dag-tabel"));
}

// ---- retraining (a server without the retrain API says so) ---------------------------------------
const RUN_STATUS = {
  queued: "In de wachtrij", running: "Bezig met trainen", passed: "Beter of gelijk: klaar om te gebruiken",
  refused: "Niet in gebruik genomen: het nieuwe model scoort slechter", deployed: "In gebruik",
  failed: "Mislukt", rolled_back: "Teruggezet",
};
const unfinished = (run) => run.status === "queued" || run.status === "running";

/** Says so and answers true when the retrain API is not on this server (404/405). */
function retrainMissing(error) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
    say("trainen-status", "Opnieuw trainen is hier nog niet beschikbaar.");
    say("terugdraaien-uitleg", "");
    return true;
  }
  return false;
}

function retrainFailed(error) {
  if (!retrainMissing(error)) say("trainen-status", problem(error), true);
}

function showRun(run) {
  byId("trainen-run").hidden = false;
  byId("trainen-uitkomst").textContent = `Training ${run.id}: ${RUN_STATUS[run.status] || run.status}.`;
  byId("trainen-voortgang").textContent = (run.progress || []).join("\n");
  const report = byId("trainen-rapport");
  report.hidden = unfinished(run);
  report.setAttribute("href", `/api/content/retrain/${encodeURIComponent(run.id)}/report`);
  byId("toch-gebruiken").hidden = run.status !== "refused";
  byId("toch-gebruiken").dataset.run = run.id;
}

/** Shows `run` and, while it trains, asks for its progress (the shell stops this at log-out). */
function followRun(run) {
  showRun(run);
  if (state.stopRunPoll) state.stopRunPoll();
  state.stopRunPoll = null;
  if (!unfinished(run)) return;
  const stop = every(RUN_POLL_MS, async () => {
    try {
      const latest = (await get(`/api/content/retrain/${encodeURIComponent(run.id)}`)).run;
      showRun(latest);
      if (!unfinished(latest)) {
        stop();
        loadRetrainState();  // a deployed model leaves one to roll back to; the duration is measured now
      }
    } catch (error) {
      say("trainen-status", problem(error), true);
    }
  });
  state.stopRunPoll = stop;
}

/** "2 minuten", "45 seconden": a duration as a person says it. */
function roughly(seconds) {
  if (seconds < 90) return `${Math.max(Math.round(seconds / 5) * 5, 5)} seconden`;
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? "1 minuut" : `${minutes} minuten`;
}

/** What a retrain costs, and whether there is a model to go back to (the rollback waits until then). */
function showRetrainState(data) {
  const duration = data.duration;
  if (duration) {
    say("trainen-duur", duration.measured
      ? `Opnieuw trainen duurt ongeveer ${roughly(duration.seconds)}: zo lang duurde de vorige training `
        + `(training ${duration.run_id}). De assistent blijft intussen gewoon antwoorden.`
      : `Opnieuw trainen duurt naar schatting ${roughly(duration.seconds)}. Er is nog niet getraind in de console; `
        + "na de eerste training staat hier hoe lang die duurde. De assistent blijft intussen gewoon antwoorden.");
  }
  const rollback = data.rollback || { possible: false };
  byId("terugdraaien").disabled = !rollback.possible;
  say("terugdraaien-uitleg", rollback.possible ? `Terugzetten maakt het vorige model weer actief (${rollback.to}).`
    : "Er is nog geen vorig model om terug te zetten.");
}

async function loadRetrainState() {
  try {
    showRetrainState(await get("/api/content/retrain"));
  } catch (error) {
    retrainFailed(error);
  }
}

async function loadRuns() {
  try {
    const data = await get("/api/content/retrain");
    showRetrainState(data);
    if (data.runs && data.runs.length) followRun(data.runs[0]);
    else say("trainen-status", "Er is nog niet opnieuw getraind.");
  } catch (error) {
    retrainFailed(error);
  }
}

byId("trainen-starten").addEventListener("click", async () => {
  say("trainen-status", "Training aanvragen…");
  try {
    const data = await post("/api/content/retrain", { override: false });
    say("trainen-status", "Training gestart.");
    followRun(data.run);
  } catch (error) {
    retrainFailed(error);
  }
});

byId("terugdraaien").addEventListener("click", async () => {
  try {
    const data = await post("/api/content/rollback", {});
    say("trainen-status", "Het vorige model is teruggezet.");
    followRun(data.run);
    await loadRetrainState();
  } catch (error) {
    retrainFailed(error);
  }
});

byId("toch-gebruiken").addEventListener("submit", async (event) => {
  event.preventDefault();
  const runId = byId("toch-gebruiken").dataset.run;
  try {
    const data = await post(`/api/content/retrain/${encodeURIComponent(runId)}/deploy`,
      { reason: byId("toch-reden").value });
    say("trainen-status", "Het model is toch in gebruik genomen.");
    followRun(data.run);
    await loadRetrainState();
  } catch (error) {
    retrainFailed(error);
  }
});

// ---- start --------------------------------------------------------------------------------------
byId("inbox-dagen").addEventListener("change", loadInbox);
byId("inbox-vernieuwen").addEventListener("click", loadInbox);
byId("controle-starten").addEventListener("click", loadCheck);
byId("cijfers-dagen").addEventListener("change", loadFigures);

/** Once a content owner is logged in (again): the intents for the choice lists, then every section. */
async function start() {
  let inbox = loadInbox;
  try {
    state.intents = (await get("/api/content/intents")).intents;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;  // the shell shows the log-in
    inbox = async () => say("inbox-status", `De onderwerpen zijn niet te laden: ${problem(error)}`, true);
  }
  await Promise.allSettled([inbox(), loadCheck(), loadFigures(), loadRuns()]);
}

startPage({ allowed: roles.content, elsewhere: () => null, ready: start });
