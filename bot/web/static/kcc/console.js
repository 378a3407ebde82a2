// The chats page: the queue of residents waiting for a person (a new one is announced with
// a sound, a browser notification and the count in the tab's title), the employee's own
// chats, call-back requests (with their conversation, a phone link, a note and an undo for
// "Gedaan"), one conversation with its whole transcript (polled, so the resident's new
// messages appear) and help with a reply (ready-made replies, an answer suggestion), and the
// bot's health banner. Topics are shown by the Dutch name the
// server gives (`topic_name`, from content/antwoorden.yml), times in the municipality's zone.

import { element } from "../shared/dom.js";
import { queueAlerts } from "./alerts.js";
import { ApiError, get, onUnauthenticated, post } from "./api.js";
import { appendNew } from "./messages.js";
import { announce, duration, every, roles, startPage, syncList } from "./shell.js";
import { clockTime, formatMoment } from "./time.js";

const QUEUE_POLL_MS = 3000;
const CHAT_POLL_MS = 2000;
const STATUS_POLL_MS = 5000;
const CALLBACK_POLL_MS = 15000;
const HASH_PREFIX = "#gesprek-";
const RECENT_DONE = 10;  // call-backs marked done in this tab that can still be undone here

const byId = (id) => document.getElementById(id);
let openId = null;
let stopChatPoll = null;

// The lists

function hidden(text) {
  return element("span", text, "visually-hidden");
}

function actionButton(label, context, onClick, className = "button button--small") {
  const button = element("button", null, className);
  button.type = "button";
  button.append(label, hidden(`: ${context}`));
  button.addEventListener("click", onClick);
  return button;
}

function queueItem(handover) {
  const item = element("li", null, "item");
  const topic = handover.topic_name;
  item.append(element("p", topic, "item__title"), element("p", "", "item__detail"));
  const actions = element("p", null, "item__actions");
  actions.append(actionButton("Bekijken", topic, () => openConversation(handover.conversation_id)),
    actionButton("Overnemen", topic, () => takeOver(handover.conversation_id)));
  item.append(actions);
  return item;
}

function updateQueueItem(item, handover) {
  item.querySelector(".item__detail").textContent = `Wacht ${duration(handover.waiting_seconds)}`;
  item.classList.toggle("item--open", handover.conversation_id === openId);
}

function mineItem(handover) {
  const item = element("li", null, "item");
  const topic = handover.topic_name;
  item.append(element("p", topic, "item__title"), element("p", "", "item__detail"));
  const actions = element("p", null, "item__actions");
  actions.append(actionButton("Openen", topic, () => openConversation(handover.conversation_id)));
  item.append(actions);
  return item;
}

function updateMineItem(item, handover) {
  item.querySelector(".item__detail").textContent = `Overgenomen om ${clockTime(handover.taken_at)}`;
  item.classList.toggle("item--open", handover.conversation_id === openId);
}

function count(n, one, many, none) {
  if (n === 0) return none;
  return n === 1 ? one : many.replace("{n}", String(n));
}

async function refreshQueue() {
  let waiting;
  let taken;
  try {
    [waiting, taken] = await Promise.all([get("/api/kcc/handovers?status=waiting"),
      get("/api/kcc/handovers?status=taken")]);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {
      announce(byId("queue-summary"), "De wachtrij kan nu niet worden bijgewerkt. De console probeert het opnieuw.");
    }
    throw error;
  }
  const queue = waiting.handovers;
  alerts.update(queue);
  syncList(byId("queue"), queue, (h) => h.conversation_id, queueItem, updateQueueItem);
  announce(byId("queue-summary"), count(queue.length, "1 inwoner wacht.", "{n} inwoners wachten.", "Er wacht niemand."));
  const mine = taken.handovers.filter((h) => h.taken_by_me);
  syncList(byId("mine"), mine, (h) => h.conversation_id, mineItem, updateMineItem);
  announce(byId("mine-summary"), count(mine.length, "U heeft 1 gesprek.", "U heeft {n} gesprekken.",
    "U heeft geen gesprekken."));
}

// Call-back requests

const doneHere = [];  // {callback, at}: marked done in this tab, newest first, undoable

function callbackItem(callback) {
  const item = element("li", null, "item");
  item.append(element("p", callback.name, "item__title"));
  const details = element("dl", null, "item__facts");
  const fact = (term, value) => {
    if (!value) return;
    const dd = element("dd");
    dd.append(value);
    details.append(element("dt", term), dd);
  };
  const phone = element("a", callback.phone);
  phone.href = `tel:${callback.phone}`;
  phone.append(hidden(` (${callback.name} bellen)`));
  fact("Telefoon", phone);
  fact("Onderwerp", callback.topic_name);
  fact("Voorkeur", callback.preferred_time);
  fact("Gevraagd", formatMoment(callback.requested_at, { day: "numeric", month: "short", hour: "2-digit",
    minute: "2-digit" }));
  if (callback.conversation_id) {
    const link = element("a", "Gesprek bekijken");
    link.href = HASH_PREFIX + callback.conversation_id;
    link.append(hidden(` van ${callback.name}`));
    fact("Chat", link);
  }
  item.append(details);
  const note = element("p", null, "field item__note");
  const field = element("textarea");
  field.id = `callback-note-${callback.id}`;
  field.rows = 2;
  field.maxLength = 500;
  const label = element("label", "Notitie (optioneel)");
  label.htmlFor = field.id;
  label.append(hidden(` bij ${callback.name}`));
  note.append(label, field);
  item.append(note);
  const actions = element("p", null, "item__actions");
  actions.append(actionButton("Gedaan", `${callback.name} teruggebeld`, () => callbackDone(callback, item)));
  item.append(actions);
  return item;
}

function doneItem(entry) {
  const { callback } = entry;
  const item = element("li", null, "item");
  const who = callback.note ? `Afgehandeld om ${clockTime(callback.handled_at)}. Notitie: ${callback.note}`
    : `Afgehandeld om ${clockTime(callback.handled_at)}.`;
  item.append(element("p", callback.name, "item__title"), element("p", who, "item__detail"));
  const actions = element("p", null, "item__actions");
  actions.append(actionButton("Ongedaan maken", `${callback.name} weer open zetten`,
    () => callbackReopen(callback), "button button--small button--secondary"));
  item.append(actions);
  return item;
}

function showDoneHere() {
  syncList(byId("callbacks-done"), doneHere, (entry) => entry.callback.id, doneItem, () => {});
  byId("callbacks-done-panel").hidden = doneHere.length === 0;
}

async function refreshCallbacks(before = "") {
  try {
    const answer = await get("/api/kcc/callbacks?status=open");
    syncList(byId("callbacks"), answer.callbacks, (c) => c.id, callbackItem, () => {});
    announce(byId("callbacks-summary"), before + count(answer.callbacks.length, "1 verzoek om terug te bellen.",
      "{n} verzoeken om terug te bellen.", "Geen open verzoeken."));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {  // a lost connection too, like the queue
      announce(byId("callbacks-summary"), "Terugbelverzoeken kunnen nu niet worden getoond.");
    }
    throw error;
  }
}

async function callbackDone(callback, item) {
  const field = item.querySelector("textarea");
  const note = field.value.trim();
  try {
    const answer = await post(`/api/kcc/callbacks/${encodeURIComponent(callback.id)}/done`, note ? { note } : {});
    item.remove();
    doneHere.unshift({ callback: answer.callback });
    doneHere.splice(RECENT_DONE);
    showDoneHere();
    await refreshCallbacks(`${callback.name} is afgehandeld. `).catch(() => {});
    const undo = byId("callbacks-done").querySelector(`[data-key="${callback.id}"] button`);
    (undo || byId("callbacks-title")).focus();  // the button that had the focus is gone
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {  // a colleague was quicker
      item.remove();
      byId("callbacks-title").focus();
      announce(byId("callbacks-summary"), `Een collega heeft ${callback.name} al afgehandeld.`);
      return;
    }
    announce(byId("callbacks-summary"), problemText(error));
  }
}

async function callbackReopen(callback) {
  const forget = () => {
    doneHere.splice(doneHere.findIndex((entry) => entry.callback.id === callback.id), 1);
    showDoneHere();
  };
  try {
    await post(`/api/kcc/callbacks/${encodeURIComponent(callback.id)}/reopen`, {});
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      forget();
      byId("callbacks-title").focus();
      announce(byId("callbacks-summary"), error.code === "done_by_other"
        ? `Een collega heeft ${callback.name} afgehandeld; alleen die collega kan dat ongedaan maken.`
        : `${callback.name} staat al open.`);
      return;
    }
    announce(byId("callbacks-summary"), problemText(error));
    return;
  }
  forget();
  await refreshCallbacks(`${callback.name} staat weer open. `).catch(() => {});
  const again = byId("callbacks").querySelector(`[data-key="${callback.id}"] textarea`);
  (again || byId("callbacks-title")).focus();
}

// The bot's health

async function refreshStatus() {
  const region = byId("bot-status");
  const status = await get("/api/kcc/status");
  const down = [];
  if (status.rasa !== "up") down.push("de assistent (Rasa)");
  if (status.actions !== "up") down.push("de actieserver");
  if (!down.length) {
    region.replaceChildren();
    return;
  }
  const text = `De bot is niet bereikbaar: ${down.join(" en ")} reageert niet. `
    + "Inwoners krijgen nu geen antwoord van de assistent. Neem wachtende gesprekken over.";
  const shown = region.querySelector(".bot-status__text");
  if (!shown || shown.textContent !== text) {
    region.replaceChildren(element("p", text, "bot-status__text"));
  }
}

// One conversation

function problemText(error) {
  if (error instanceof ApiError) {
    if (error.code === "taken_by_other") return "Een collega heeft dit gesprek al overgenomen.";
    if (error.code === "conversation_closed") return "Dit gesprek is al gesloten.";
    if (error.code === "not_taken") return "U heeft dit gesprek niet (meer) overgenomen.";
    if (error.status === 404) return "Dit gesprek bestaat niet meer.";
    if (error.status === 403) return "Uw account mag dit niet.";
    if (error.status === 401) return "Uw sessie is verlopen.";
  }
  return "Dat lukte niet. Probeer het zo opnieuw.";
}

function openHandover(transcript) {
  const open = transcript.handovers.filter((h) => h.status === "waiting" || h.status === "taken");
  return open.length ? open[open.length - 1] : null;
}

// No changing numbers here: this line is a live region, read out whenever it changes.
function describe(transcript, current) {
  const last = transcript.handovers[transcript.handovers.length - 1];
  switch (transcript.status) {
    case "waiting": return "Wacht op een medewerker.";
    case "taken": return current && current.taken_by_me ? "U voert dit gesprek."
      : `Een collega voert dit gesprek${current && current.taken_by ? ` (${current.taken_by})` : ""}.`;
    case "closed": return `Gesloten.${last && last.summary ? ` Samenvatting: ${last.summary}` : ""}`;
    default: return "De assistent voert dit gesprek.";
  }
}

async function refreshConversation() {
  if (!openId) return;
  const id = openId;
  let transcript;
  try {
    transcript = await get(`/api/conversations/${encodeURIComponent(id)}/transcript`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && id === openId) {
      // The resident deleted the conversation (their right), or the link was wrong.
      if (stopChatPoll) stopChatPoll();
      byId("conversation-error").textContent = problemText(error);
      byId("take").hidden = true;
      byId("reply-form").hidden = true;
      byId("release-form").hidden = true;
    }
    throw error;
  }
  if (id !== openId) return;
  const log = byId("transcript-log");
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  if (appendNew(byId("transcript"), transcript.messages) && nearBottom) {
    log.scrollTop = log.scrollHeight;
  }
  const current = openHandover(transcript);
  const mine = transcript.status === "taken" && current && current.taken_by_me;
  const english = transcript.locale === "en" ? " (in het Engels)" : "";
  byId("conversation-title").textContent = `Gesprek: ${transcript.topic_name}${english}`;
  announce(byId("conversation-state"), describe(transcript, current));
  byId("take").hidden = !(transcript.status === "waiting" || transcript.status === "bot");
  byId("reply-form").hidden = !mine;
  byId("release-form").hidden = !mine;
}

async function openConversation(id) {
  if (stopChatPoll) stopChatPoll();
  openId = id;
  history.replaceState(null, "", HASH_PREFIX + id);
  const list = byId("transcript");
  list.replaceChildren();
  byId("conversation-error").textContent = "";
  byId("conversation-state").textContent = "";
  byId("conversation-empty").hidden = true;
  byId("conversation-body").hidden = false;
  document.querySelectorAll(".item[data-key]").forEach((item) => {
    item.classList.toggle("item--open", item.dataset.key === id);
  });
  try {
    await refreshConversation();
  } catch (error) {
    byId("conversation-error").textContent = problemText(error);
  }
  byId("conversation-title").focus();
  stopChatPoll = every(CHAT_POLL_MS, refreshConversation);
}

async function takeOver(id) {
  if (id !== openId) await openConversation(id);
  byId("conversation-error").textContent = "";
  try {
    await post(`/api/kcc/handovers/${encodeURIComponent(id)}/take`);
  } catch (error) {
    byId("conversation-error").textContent = problemText(error);
    return;
  }
  await Promise.allSettled([refreshConversation(), refreshQueue()]);
  byId("reply").focus();
}

async function sendReply(event) {
  event.preventDefault();
  const field = byId("reply");
  const text = field.value.trim();
  if (!text) {
    byId("conversation-error").textContent = "Typ eerst een bericht.";
    field.focus();
    return;
  }
  byId("conversation-error").textContent = "";
  const button = event.submitter || byId("reply-form").querySelector("button");
  button.disabled = true;  // one click, one message
  try {
    const answer = await post(`/api/kcc/handovers/${encodeURIComponent(openId)}/messages`, { text });
    field.value = "";
    appendNew(byId("transcript"), answer.messages);
    byId("transcript-log").scrollTop = byId("transcript-log").scrollHeight;
  } catch (error) {
    byId("conversation-error").textContent = problemText(error);
  } finally {
    button.disabled = false;
  }
  field.focus();
}

// Help with a reply: ready-made replies (content owners keep them) and the bot's own answer to
// the resident's last question; both only fill the field, the employee changes and sends.

let canned = [];

async function loadCanned() {
  canned = (await get("/api/kcc/replies")).replies;
  const select = byId("canned");
  [...select.options].slice(1).forEach((option) => option.remove());
  canned.forEach((reply, index) => select.append(new Option(reply.title, String(index))));
}

function putInReply(text) {
  const field = byId("reply");
  field.value = field.value.trim() ? `${field.value.trimEnd()}\n\n${text}` : text;
  field.focus();
  field.setSelectionRange(field.value.length, field.value.length);
}

function insertCanned() {
  const chosen = canned[Number(byId("canned").value)];
  if (!byId("canned").value || !chosen) {
    byId("suggest-note").textContent = "Kies eerst een snel antwoord.";
    byId("canned").focus();
    return;
  }
  byId("suggest-note").textContent = "";
  putInReply(chosen.text);
}

async function suggestReply() {
  const note = byId("suggest-note");
  note.textContent = "Voorstel wordt gemaakt…";
  let answer;
  try {
    answer = await get(`/api/kcc/handovers/${encodeURIComponent(openId)}/suggestion`);
  } catch (error) {
    note.textContent = problemText(error);
    return;
  }
  const found = answer.suggestion;
  if (!found) {
    note.textContent = "Geen voorstel: de assistent heeft geen antwoord op deze vraag.";
    return;
  }
  const basis = found.based_on === "last_message" ? "de laatste vraag van de inwoner" : "het onderwerp van het gesprek";
  note.textContent = `Voorstel uit de antwoorden van de assistent over ${found.topic_name} (${basis}). `
    + "Controleer het en pas het aan voordat u het verstuurt.";
  putInReply(found.text);
}

async function release(close) {
  const summary = byId("summary").value.trim();
  if (close && !summary) {
    byId("conversation-error").textContent = "Schrijf een korte samenvatting voordat u afsluit.";
    byId("summary").focus();
    return;
  }
  byId("conversation-error").textContent = "";
  const body = close ? { close: true, summary } : (summary ? { summary } : {});
  try {
    await post(`/api/kcc/handovers/${encodeURIComponent(openId)}/release`, body);
  } catch (error) {
    byId("conversation-error").textContent = problemText(error);
    return;
  }
  byId("summary").value = "";
  await Promise.allSettled([refreshConversation(), refreshQueue()]);
  byId("conversation-title").focus();
}

function openFromHash() {
  if (location.hash.startsWith(HASH_PREFIX)) {
    const id = decodeURIComponent(location.hash.slice(HASH_PREFIX.length));
    if (id !== openId) openConversation(id);
  }
}

const alerts = queueAlerts({
  sound: byId("alert-sound"),
  notify: byId("alert-notify"),
  notifyState: byId("alert-notify-state"),
  onOpen: (id) => openConversation(id),
});
onUnauthenticated(() => alerts.reset());

function start() {
  alerts.reset();
  loadCanned().catch(() => { byId("suggest-note").textContent = "De snelle antwoorden kunnen nu niet worden getoond."; });
  every(QUEUE_POLL_MS, refreshQueue, { background: true });  // a new chat is noticed in a background tab too
  every(STATUS_POLL_MS, refreshStatus);
  every(CALLBACK_POLL_MS, refreshCallbacks);
  if (location.hash.startsWith(HASH_PREFIX)) {
    openConversation(decodeURIComponent(location.hash.slice(HASH_PREFIX.length)));
  } else if (openId) {
    openConversation(openId);
  }
}

byId("take").addEventListener("click", () => takeOver(openId));
byId("logout").addEventListener("click", () => alerts.reset());
window.addEventListener("hashchange", openFromHash);  // a call-back's link to its conversation
byId("reply-form").addEventListener("submit", sendReply);
byId("canned-insert").addEventListener("click", insertCanned);
byId("suggest").addEventListener("click", suggestReply);
byId("hand-back").addEventListener("click", () => release(false));
byId("close").addEventListener("click", () => release(true));

startPage({
  allowed: roles.chat,
  elsewhere: (list) => (roles.agency(list) ? "/kcc/afspraken" : null),
  ready: start,
});
