// Talking to the gateway's resident API at the widget's origin. The conversation's token is
// only ever sent to this conversation's own addresses there.

import { followLanguage } from "./language.js";
import { save } from "./storage.js";

/** A call that did not succeed: kind "network" or "http", with its status and Retry-After. */
export class Failure {
  constructor(kind, status, retryAfter) {
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

export async function call(chat, method, path, body, withToken) {
  const headers = { "Content-Type": "application/json" };
  if (withToken !== false && chat.state.conversation) headers.Authorization = "Bearer " + chat.state.conversation.token;
  let answer;
  try {
    answer = await fetch(chat.origin + path, { method: method, headers: headers, cache: "no-store",
                                               body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (problem) {
    throw new Failure("network", 0, 0);
  }
  if (!answer.ok) throw new Failure("http", answer.status, Number(answer.headers.get("Retry-After")) || 0);
  return answer.status === 204 ? null : answer.json();
}

export function conversationPath(chat, rest) {
  return "/api/conversations/" + encodeURIComponent(chat.state.conversation.id) + (rest || "");
}

/** A new conversation starts in the window's language (English after an English one). */
export async function ensureConversation(chat) {
  if (chat.state.conversation) return;
  const made = await call(chat, "POST", "/api/conversations", { locale: chat.language }, false);
  chat.state.conversation = { id: made.conversation_id, token: made.token };
  save(chat);
  followLanguage(chat, made.locale);
}

/** The attachment at `url` of the current conversation, fetched with its token: a Response. */
export function fetchAttachment(chat, url) {
  return fetch(chat.origin + url, { cache: "no-store",
                                    headers: { Authorization: "Bearer " + chat.state.conversation.token } });
}

/** Only this conversation's own file addresses on the gateway get the token. */
export function isDownloadPath(url) {
  return typeof url === "string" && /^\/api\/conversations\/[0-9a-f-]+\/messages\/[0-9]+\/attachment$/.test(url);
}
