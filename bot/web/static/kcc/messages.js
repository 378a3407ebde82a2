// One transcript message as a list item, for the chat view and the appointment's attached
// transcript. Every text is set with textContent: what a resident typed stays text.

import { clockTime, element } from "./shell.js";

const SENDERS = { resident: "Inwoner", bot: "Assistent", agent: "Medewerker", system: "Melding" };

export function messageItem(message) {
  const item = element("li", null, `message message--${message.sender}`);
  item.dataset.seq = String(message.seq);
  const meta = element("p", null, "message__meta");
  const who = message.sender === "agent" && message.agent_name
    ? `${SENDERS.agent} ${message.agent_name}` : (SENDERS[message.sender] || message.sender);
  meta.append(element("span", who, "message__sender"), " ");
  const time = element("time", clockTime(message.sent_at));
  time.dateTime = message.sent_at;
  meta.append(time);
  item.append(meta, element("p", message.text, "message__text"));
  if (message.buttons && message.buttons.length) {
    const offered = message.buttons.map((button) => button.title).join(" · ");
    item.append(element("p", `Knoppen: ${offered}`, "message__buttons"));
  }
  return item;
}

/** Adds the messages that `list` does not show yet (by seq); returns how many were new. */
export function appendNew(list, messages) {
  const last = Number(list.dataset.lastSeq || 0);
  const fresh = messages.filter((message) => message.seq > last);
  for (const message of fresh) {
    list.append(messageItem(message));
  }
  if (fresh.length) {
    list.dataset.lastSeq = String(fresh[fresh.length - 1].seq);
  }
  return fresh.length;
}
