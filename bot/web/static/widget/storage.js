// What the widget keeps across page loads, in localStorage under one key per gateway: the
// conversation's id and token, the outbox of messages the gateway has not stored yet, the
// votes, whether the window was open and the conversation's language. Never the messages: those live only on the server.

export function freshState() {
  return { conversation: null, outbox: [], votes: {}, open: false };
}

export function loadState(key) {
  try {
    const stored = JSON.parse(localStorage.getItem(key) || "null");
    if (stored && Array.isArray(stored.outbox)) return stored;
  } catch (ignored) { /* unreadable or blocked storage: start afresh */ }
  return freshState();
}

export function save(chat) {
  try { localStorage.setItem(chat.storeKey, JSON.stringify(chat.state)); } catch (ignored) { /* private mode */ }
}

/** The id a message keeps while it is resent, so the gateway stores it once. */
export function newClientId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, (b) => ("0" + b.toString(16)).slice(-2)).join("");
}
