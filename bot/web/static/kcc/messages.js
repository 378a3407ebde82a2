// One transcript message as a list item, for the chat view and the appointment's attached
// transcript. Every text is set with textContent: what a resident typed stays text.

import { element } from "../shared/dom.js";
import { placeBySeq, senderLabel, showsText } from "../shared/messages.js";
import { clockTime } from "./time.js";

const SENDERS = {
  resident: "Inwoner", bot: "Assistent", system: "Melding",
  agent: (name) => (name ? `Medewerker ${name}` : "Medewerker"),
  unknown: (sender) => sender,
};

export function messageItem(message) {
  const item = element("li", null, `message message--${message.sender}`);
  item.dataset.seq = String(message.seq);
  const meta = element("p", null, "message__meta");
  meta.append(element("span", senderLabel(message, SENDERS), "message__sender"), " ");
  const time = element("time", clockTime(message.sent_at));
  time.dateTime = message.sent_at;
  meta.append(time);
  item.append(meta);
  if (showsText(message)) item.append(element("p", message.text, "message__text"));
  if (message.attachment) {
    // Only the name: the file itself (the appointment's calendar file) is the resident's download.
    item.append(element("p", `Bijlage: ${message.attachment.filename}`, "message__attachment"));
  }
  if (message.buttons && message.buttons.length) {
    const offered = message.buttons.map((button) => button.title).join(" · ");
    item.append(element("p", `Knoppen: ${offered}`, "message__buttons"));
  }
  return item;
}

/**
 * Adds the messages that `list` does not show yet, each in its place by seq: a reply the
 * employee just sent can arrive before a resident's message that was stored just before it.
 * Returns how many were new.
 */
export function appendNew(list, messages) {
  const shown = new Set([...list.children].map((item) => Number(item.dataset.seq)));
  let added = 0;
  for (const message of messages) {
    if (shown.has(message.seq)) continue;
    placeBySeq(list, messageItem(message), message.seq);
    shown.add(message.seq);
    added += 1;
  }
  return added;
}
