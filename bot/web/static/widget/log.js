// The messages the window shows: the greeting, what the gateway stored (each once, in its
// place by seq) and what still waits in the outbox; and starting afresh.

import { placeBySeq } from "../shared/messages.js";
import { el } from "../shared/dom.js";
import { markUnread, scrollDown, showNotice, showWhoAnswers } from "./layout.js";
import { messageNode } from "./render.js";
import { freshState, save } from "./storage.js";

export function welcome(chat) {
  const TEXTS = chat.texts;
  chat.view.log.appendChild(messageNode(chat, { sender: "bot", text: TEXTS.welkom, buttons: [] }, false));
}

/** A stored message; it replaces its pending copy. A reply to a closed window marks it unread. */
export function showMessage(chat, message) {
  const log = chat.view.log;
  if (chat.known[message.seq]) return;
  chat.known[message.seq] = message;
  if (message.agent_name) chat.agentName = message.agent_name;  // who took the chat, or answered in it
  chat.lastSeq = Math.max(chat.lastSeq, message.seq);
  if (message.client_id) {
    const waiting = log.querySelector('[data-client-id="' + CSS.escape(message.client_id) + '"]');
    if (waiting) waiting.remove();
  }
  const node = messageNode(chat, message, false);
  placeBySeq(log, node, message.seq);
  if (message.kind) dropThumbsBefore(node);
  if (message.sender !== "resident" && chat.view.panel.hidden && chat.historyRead) markUnread(chat);
}

/* A form's question (or a confirmation) makes its whole turn a question: no thumbs under the
   lines of the same turn before it ("Dat lijkt geen naam." before "Wat is uw naam?"). */
function dropThumbsBefore(node) {
  for (let before = node.previousElementSibling; before && before.classList.contains("gc-bot");
    before = before.previousElementSibling) {
    const thumbs = before.querySelector(".gc-rate");
    if (thumbs) thumbs.remove();
  }
}

/** After a closed chat: a "Nieuw gesprek" button at the end of the log, once. */
export function offerNewConversation(chat) {
  const log = chat.view.log;
  if (log.querySelector(".gc-restart")) return;
  const button = el("button", { type: "button", className: "gc-button gc-send", text: chat.texts.nieuw_gesprek,
                                onclick: () => startAfresh(chat, "") });
  log.appendChild(el("div", { className: "gc-restart" }, [button]));
}

/** The newest message gets the focus (after a button), its start scrolled into view. */
export function focusNewest(chat) {
  const log = chat.view.log;
  const messages = log.querySelectorAll(".gc-msg");
  const newest = messages[messages.length - 1];
  if (!newest || chat.view.panel.hidden) return;
  newest.setAttribute("tabindex", "-1");
  scrollDown(chat);
  if (newest.offsetTop < log.scrollTop) log.scrollTop = newest.offsetTop - 8;
  newest.focus({ preventScroll: true });
}

/** An outbox item, marked as being sent, at the end of the log. */
export function showPending(chat, item) {
  const node = messageNode(chat, { sender: "resident", text: item.shown, buttons: [] }, true);
  node.setAttribute("data-client-id", item.client_id);
  chat.view.log.appendChild(node);
}

/** The outbox item that the gateway refused for good: shown as not sent. */
export function markRefused(chat, item) {
  const TEXTS = chat.texts;
  const node = item && chat.view.log.querySelector('[data-client-id="' + CSS.escape(item.client_id) + '"]');
  if (node) {
    node.removeAttribute("data-client-id");
    node.classList.add("gc-failed");
    node.querySelector(".gc-state").textContent = TEXTS.niet_verstuurd;
  }
}

function clearLog(chat) {
  chat.known = {};
  chat.lastSeq = 0;
  chat.status = "bot";
  chat.agentName = null;
  showWhoAnswers(chat);
  chat.view.log.textContent = "";
  welcome(chat);
}

/** The conversation is gone (deleted, expired, closed): what waits in the outbox stays. */
export function forgetConversation(chat) {
  chat.state.conversation = null;
  chat.state.votes = {};
  save(chat);
  clearLog(chat);
  chat.actions.follow();  // no push channel for a conversation that is gone
  chat.state.outbox.forEach((item) => showPending(chat, item));
}

/** Everything forgotten, the outbox too; `message` says why. */
export function startAfresh(chat, message) {
  const open = chat.state.open;
  chat.state = freshState();
  chat.state.open = open;
  chat.state.language = chat.language;  // a new conversation starts in the language of the last
  save(chat);
  clearLog(chat);
  showNotice(chat, message);
  chat.actions.follow();
  if (!chat.view.panel.hidden) chat.view.input.focus();
}
