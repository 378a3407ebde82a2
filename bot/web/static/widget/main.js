// The chat window's entry module, loaded by /widget.js (which reads the script tag and the
// gateway's texts): start() builds the window and puts the parts together. The conversation's
// id and token live in localStorage, its messages only on the server.

import { rate, download } from "./feedback.js";
import { buildWindow, showNotice } from "./layout.js";
import { showPending, welcome } from "./log.js";
import { flush, queue } from "./outbox.js";
import { startingLanguage, useLanguage } from "./language.js";
import { follow } from "./live.js";
import { pollOnce, schedulePoll, showFound } from "./polling.js";
import { loadState } from "./storage.js";
import { askToWipe, bindKeyboard, cancelWipe, closePanel, followViewport, openPanel, wipe } from "./window.js";

/**
 * options = {origin: the gateway's address, texts: the window's texts by language ({nl, en}),
 * name: the municipality's name, colour: data-kleur, side: data-positie, language: data-taal}.
 */
export function start(options) {
  const storeKey = "gemeente-chat:" + options.origin;
  const state = loadState(storeKey);
  const chat = {
    origin: options.origin, textsByLanguage: options.texts, name: options.name, colour: options.colour,
    side: options.side, pageLanguage: options.language, storeKey: storeKey, state: state,
    language: null,       // the conversation's language (language.js), and chat.texts its words
    texts: null,
    known: {},            // seq -> message, of this conversation
    lastSeq: 0,
    status: "bot",        // bot, waiting or taken: who answers
    agentName: null,      // the employee who has, or last had, the chat
    sending: false,
    pollTimer: null,
    stream: null,         // the push channel while a person is involved (live.js)
    retryTimer: null,
    retryDelay: 1000,
    historyRead: !state.conversation, // the history read at start is not "new"
  };
  chat.actions = {
    choose: (choice) => queue(chat, { payload: choice.payload, shown: choice.title }),
    rate: (seq, helpful, group) => rate(chat, seq, helpful, group),
    download: (attachment) => download(chat, attachment),
    flush: () => flush(chat),
    follow: () => follow(chat),
    found: (found) => showFound(chat, found),
  };
  useLanguage(chat, startingLanguage(chat));
  chat.view = buildWindow(chat, {
    open: () => openPanel(chat, true), close: () => closePanel(chat),
    askToWipe: () => askToWipe(chat), wipe: () => wipe(chat), cancelWipe: () => cancelWipe(chat),
  });
  bindKeyboard(chat);
  followViewport(chat);

  window.addEventListener("online", () => { flush(chat); pollOnce(chat); });
  window.addEventListener("offline", () => showNotice(chat, chat.texts.offline, "error"));
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) schedulePoll(chat); else pollOnce(chat);
    follow(chat);
  });

  // The greeting, what is still waiting to be sent, and the history on the server.
  welcome(chat);
  chat.state.outbox.forEach((item) => showPending(chat, item));
  (document.body || document.documentElement).appendChild(chat.view.host);
  if (chat.state.open) openPanel(chat, false);
  else if (chat.state.conversation) pollOnce(chat);
  flush(chat);
}
