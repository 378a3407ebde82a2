// While a person has, or is about to take, the chat, the gateway pushes new messages at once
// (server-sent events on /events, read with fetch so that the token goes in a header, never in
// the address). Polling goes on beside it as the fallback; a message shown twice is shown once.

import { conversationPath } from "./api.js";

const RETRY_MS = 2000;

function personInvolved(chat) {
  return chat.status === "waiting" || chat.status === "taken";
}

/** Opens the stream when a person is involved and none is open; closes it otherwise. */
export function follow(chat) {
  if (!personInvolved(chat) || !chat.state.conversation || document.hidden) {
    stopListening(chat);
    return;
  }
  if (chat.stream || !window.ReadableStream || !window.AbortController || !window.TextDecoder) return;
  const control = new AbortController();
  chat.stream = control;
  listen(chat, chat.state.conversation, control).then((ended) => {
    if (chat.stream !== control) return;
    chat.stream = null;
    if (!control.signal.aborted) setTimeout(() => follow(chat), ended ? 0 : RETRY_MS);
  });
}

export function stopListening(chat) {
  if (!chat.stream) return;
  chat.stream.abort();
  chat.stream = null;
}

/* Reads the stream until it ends (true) or fails (false); each event is a poll's answer. */
async function listen(chat, conversation, control) {
  try {
    const answer = await fetch(chat.origin + conversationPath(chat, "/events?after=" + chat.lastSeq), {
      cache: "no-store", signal: control.signal,
      headers: { Authorization: "Bearer " + conversation.token, Accept: "text/event-stream" } });
    if (!answer.ok || !answer.body) return false;
    const reader = answer.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const data = buffer.slice(0, end).split("\n").filter((line) => line.indexOf("data:") === 0)
          .map((line) => line.slice(5).trim()).join("\n");
        buffer = buffer.slice(end + 2);
        if (data && chat.state.conversation === conversation) chat.actions.found(JSON.parse(data));
      }
    }
  } catch (problem) {
    return false;  // aborted, offline or cut off: polling carries on
  }
}
