// A resident's message waits in the outbox (kept in localStorage) until the gateway stored it,
// and is resent with the same client_id, so it is never lost nor stored twice.

import { call, conversationPath, ensureConversation } from "./api.js";
import { followLanguage } from "./language.js";
import { scrollDown, showNotice, showsError } from "./layout.js";
import { focusNewest, forgetConversation, markRefused, showPending, startAfresh } from "./log.js";
import { schedulePoll, sync } from "./polling.js";
import { newClientId, save } from "./storage.js";

const MAX_RETRY_MS = 30000;

/** message = {text} typed, or {payload, shown} of a button (then the answer gets the focus). */
export function queue(chat, message) {
  const text = (message.text || "").trim();
  if (!message.payload && !text) return;
  const item = { client_id: newClientId(), shown: message.shown || text };
  if (message.payload) item.payload = message.payload; else item.text = text;
  if (message.payload) item.focusReply = true;  // after a button the focus goes to the newest message
  chat.state.outbox.push(item);
  save(chat);
  showPending(chat, item);
  scrollDown(chat);
  flush(chat);
}

/** Sends the outbox's messages one by one, oldest first. */
export async function flush(chat) {
  const state = chat.state;
  if (chat.sending || !state.outbox.length) return;
  chat.sending = true;
  clearTimeout(chat.retryTimer);
  chat.retryTimer = null;
  chat.view.typing.hidden = chat.status !== "bot";
  let again = false;
  try {
    await ensureConversation(chat);
    const item = chat.state.outbox[0];
    const body = item.payload ? { payload: item.payload } : { text: item.text };
    body.client_id = item.client_id;
    const answer = await call(chat, "POST", conversationPath(chat, "/messages"), body);
    chat.state.outbox.shift();
    save(chat);
    chat.retryDelay = 1000;
    if (answer) followLanguage(chat, answer.locale);
    const TEXTS = chat.texts;  // in the language the answer named
    if (showsError(chat)) showNotice(chat, TEXTS.weer_online);
    if (answer && answer.deleted) {
      startAfresh(chat, TEXTS.gewist);
    } else {
      await sync(chat).catch(() => { /* the next poll brings the replies */ });
      if (item.focusReply) focusNewest(chat);
    }
    again = chat.state.outbox.length > 0;
  } catch (failure) {
    again = handleSendFailure(chat, failure);
  } finally {
    chat.sending = false;
    chat.view.typing.hidden = true;
    schedulePoll(chat);
  }
  if (again) flush(chat);
}

/* Says whether to try the next message at once; otherwise a retry is planned or the
   message is refused for good. */
function handleSendFailure(chat, failure) {
  const TEXTS = chat.texts;
  const item = chat.state.outbox[0];
  const gone = failure.kind === "http" && (failure.status === 404 || failure.status === 409);
  if (gone && item && !item.renewed) {
    item.renewed = true;   // deleted, expired or closed: the message goes into a new conversation, once
    forgetConversation(chat);
    return true;
  }
  if (failure.kind === "http" && failure.status >= 400 && failure.status < 500 && failure.status !== 429) {
    const refused = chat.state.outbox.shift();
    save(chat);
    markRefused(chat, refused);
    showNotice(chat, TEXTS.fout, "error");
    return chat.state.outbox.length > 0;
  }
  if (failure.status !== 429) showNotice(chat, TEXTS.offline, "error");  // too many at once: just wait
  const wait = failure.retryAfter ? failure.retryAfter * 1000 : chat.retryDelay;
  chat.retryDelay = Math.min(chat.retryDelay * 2, MAX_RETRY_MS);
  chat.retryTimer = setTimeout(() => flush(chat), wait);
  return false;
}
