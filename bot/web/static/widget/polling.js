// New messages come by polling: often while a person has, or is about to take, the chat
// (beside the push channel, live.js), slowly while the window is open, not at all while it is
// closed or the tab is hidden.

import { call, conversationPath } from "./api.js";
import { followLanguage } from "./language.js";
import { scrollDown, showNotice, showsError, showWhoAnswers } from "./layout.js";
import { forgetConversation, offerNewConversation, showMessage } from "./log.js";

const FAST_POLL_MS = 2000;
const SLOW_POLL_MS = 15000;

/** Fetches and shows the messages after the last one shown. */
export async function sync(chat) {
  if (!chat.state.conversation) return;
  const asked = chat.state.conversation;
  const found = await call(chat, "GET", conversationPath(chat, "/messages?after=" + chat.lastSeq));
  if (chat.state.conversation !== asked) return;  // started afresh meanwhile: not this chat's messages
  showFound(chat, found);
}

/** A poll's (or the push channel's) answer: its messages, who answers now and in which language. */
export function showFound(chat, found) {
  const log = chat.view.log;
  followLanguage(chat, found.locale);
  const messages = found.messages || [];
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  messages.forEach((message) => showMessage(chat, message));
  chat.historyRead = true;
  if (found.status) chat.status = found.status;
  showWhoAnswers(chat);
  if (chat.status === "closed") offerNewConversation(chat);
  if (nearBottom || messages.length) scrollDown(chat);
  chat.actions.follow();
}

export function schedulePoll(chat) {
  clearTimeout(chat.pollTimer);
  chat.pollTimer = null;
  if (!chat.state.conversation || document.hidden) return;
  const personInvolved = chat.status === "waiting" || chat.status === "taken";
  if (chat.view.panel.hidden && !personInvolved) return;
  chat.pollTimer = setTimeout(() => pollOnce(chat), personInvolved ? FAST_POLL_MS : SLOW_POLL_MS);
}

export async function pollOnce(chat) {
  const TEXTS = chat.texts;
  try {
    await sync(chat);
    if (showsError(chat) && !chat.state.outbox.length) showNotice(chat, TEXTS.weer_online);
  } catch (failure) {
    if (failure.kind === "http" && failure.status === 404) {
      forgetConversation(chat);  // deleted or expired; what waits in the outbox goes to a new chat
      showNotice(chat, TEXTS.gewist);
      chat.actions.flush();
    } else if (failure.kind === "network") {
      showNotice(chat, TEXTS.offline, "error");
    }
  }
  schedulePoll(chat);
}
