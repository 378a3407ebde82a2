// One message of the conversation as elements: who sent it, its text with links, the file it
// carries, its choice buttons and, under the first line of an answer (not of a form's
// question), the thumbs. A booking's confirmation is a card: its "Label: waarde" lines as
// rows, the calendar file and the buttons to move or cancel together under it. Message text
// is only ever set with textContent; links become <a> nodes for http(s), mailto and tel only.
// What a button does is chat.actions' (choose, rate, download).

import { el } from "../shared/dom.js";
import { senderLabel, showsText } from "../shared/messages.js";
import { isDownloadPath } from "./api.js";
import { fill } from "./texts.js";

const SVG = "http://www.w3.org/2000/svg";
const LINK = /(https?:\/\/[^\s<>"']+)|([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})|((?:\+31|0)[1-9](?:[ -]?[0-9]){8})/g;

/** Text with its web addresses, e-mail addresses and phone numbers as links; nothing else
    of the text is ever interpreted. */
export function linkified(text) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  text.replace(LINK, (whole, url, mail, phone, offset) => {
    let shown = whole;
    let href = null;
    if (url) {
      shown = url.replace(/[.,;:!?)\]]+$/, "");
      try {
        const parsed = new URL(shown);
        if (parsed.protocol === "http:" || parsed.protocol === "https:") href = parsed.href;
      } catch (ignored) { href = null; }
    } else if (mail) {
      href = "mailto:" + mail;
    } else if (phone && !/\w/.test(text.charAt(offset - 1) + text.charAt(offset + phone.length))) {
      href = "tel:" + phone.replace(/[^0-9+]/g, "");  // not digits inside a longer code (an IBAN)
    }
    if (!href) return whole;
    fragment.appendChild(document.createTextNode(text.slice(at, offset)));
    fragment.appendChild(el("a", { href: href, text: shown }));
    at = offset + shown.length;
    return whole;
  });
  fragment.appendChild(document.createTextNode(text.slice(at)));
  return fragment;
}

function thumb(up) {
  const icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  icon.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", "M3 10h4v11H3zM9 10l4-7c1.5 0 2 1 2 2l-1 4h5c1.2 0 2 1 1.8 2.2l-1.3 8.3c-.2.9-.9 1.5-1.8 1.5H9z");
  if (!up) path.setAttribute("transform", "rotate(180 12 12)");
  icon.appendChild(path);
  return icon;
}

function ratingButtons(chat, seq) {
  const TEXTS = chat.texts;
  const group = el("div", { className: "gc-rate", role: "group", "aria-label": TEXTS.nuttig_vraag });
  [true, false].forEach((helpful) => {
    const button = el("button", { type: "button", className: "gc-thumb",
                                  "aria-label": helpful ? TEXTS.nuttig_ja : TEXTS.nuttig_nee,
                                  title: helpful ? TEXTS.nuttig_ja : TEXTS.nuttig_nee,
                                  "aria-pressed": String(chat.state.votes[seq] === helpful),
                                  "data-helpful": String(helpful), onclick: () => chat.actions.rate(seq, helpful, group) },
                      [thumb(helpful)]);
    group.appendChild(button);
  });
  group.insertBefore(el("span", { className: "gc-rate-question", text: TEXTS.nuttig_vraag, "aria-hidden": "true" }),
                     group.firstChild);
  return group;
}

/** Shows which thumb of `group` is the resident's vote. */
export function showVote(group, helpful) {
  Array.prototype.forEach.call(group.querySelectorAll(".gc-thumb"), (button) => {
    button.setAttribute("aria-pressed", String(button.getAttribute("data-helpful") === String(helpful)));
  });
}

function downloadButton(chat, attachment) {
  const TEXTS = chat.texts;
  return el("button", { type: "button", className: "gc-button gc-download", text: TEXTS.agenda,
                        onclick: () => chat.actions.download(attachment) });
}

/* Thumbs go under the first message of each answer, not under every line of it. */
function startsAnswer(chat, seq) {
  const before = chat.known[seq - 1];
  return !before || before.sender !== "bot";
}

function senderWords(chat) {
  const TEXTS = chat.texts;
  return { resident: TEXTS.inwoner, bot: TEXTS.assistent, system: TEXTS.melding,
           agent: (name) => fill(TEXTS.medewerker, { "medewerker.naam": name }), unknown: () => TEXTS.assistent };
}

const CARD_ROW = /^([^:\n]{1,20}): (.+)$/;

/* The confirmation's text as a card: its first line the heading, "Label: waarde" lines as
   rows (the code among them), other paragraphs as they are. */
function cardBody(text) {
  const body = el("div", { className: "gc-bubble gc-card-body" });
  const lines = text.split("\n");
  body.appendChild(el("p", { className: "gc-card-title", text: lines.shift() }));
  let rows = null;
  lines.forEach((line) => {
    const row = CARD_ROW.exec(line);
    if (row) {
      if (!rows) rows = body.appendChild(el("dl", { className: "gc-card-rows" }));
      rows.appendChild(el("div", { className: "gc-card-row" }, [el("dt", { text: row[1] }), el("dd", { text: row[2] })]));
    } else if (line.trim()) {
      rows = null;
      const paragraph = el("p");
      paragraph.appendChild(linkified(line));
      body.appendChild(paragraph);
    }
  });
  return body;
}

/** The message's element; `pending` while it waits in the outbox. */
export function messageNode(chat, message, pending) {
  const TEXTS = chat.texts;
  const card = message.kind === "confirmation";
  const item = el("div", { className: "gc-msg gc-" + message.sender + (pending ? " gc-pending" : "") + (card ? " gc-card" : "") });
  const label = el("p", { className: "gc-who" + (message.sender === "resident" ? " gc-sr" : ""),
                          text: senderLabel(message, senderWords(chat)) });
  item.appendChild(label);
  if (card && message.text) {
    item.appendChild(cardBody(message.text));
  } else if (showsText(message)) {
    const bubble = el("p", { className: "gc-bubble" });
    bubble.appendChild(linkified(message.text));
    item.appendChild(bubble);
  }
  const file = message.attachment && isDownloadPath(message.attachment.url) ? downloadButton(chat, message.attachment) : null;
  if (file && !card) item.appendChild(file);
  if (pending) item.appendChild(el("p", { className: "gc-state", text: TEXTS.wordt_verstuurd }));
  const choices = (message.buttons || []).map((choice) =>
    el("button", { type: "button", className: "gc-choice", text: choice.title, onclick: () => chat.actions.choose(choice) }));
  if (file && card) choices.unshift(file);  // the card's buttons together: calendar, move, cancel
  if (choices.length) item.appendChild(el("div", { className: "gc-choices" }, choices));
  if (message.sender === "bot" && message.seq && !message.kind && startsAnswer(chat, message.seq)) {
    item.appendChild(ratingButtons(chat, message.seq));
  }
  return item;
}
