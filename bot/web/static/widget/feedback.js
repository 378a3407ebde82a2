// What the resident does with an answer: vote on it with the thumbs, or download the file it
// carries (an appointment's calendar file).

import { el } from "../shared/dom.js";
import { call, conversationPath, fetchAttachment } from "./api.js";
import { showNotice } from "./layout.js";
import { showVote } from "./render.js";
import { save } from "./storage.js";

export async function rate(chat, seq, helpful, group) {
  const TEXTS = chat.texts;
  try {
    await call(chat, "POST", conversationPath(chat, "/feedback"), { seq: seq, helpful: helpful });
  } catch (failure) {
    showNotice(chat, failure.kind === "network" ? TEXTS.offline : TEXTS.fout, "error");
    return;
  }
  chat.state.votes[seq] = helpful;
  save(chat);
  showVote(group, helpful);
  showNotice(chat, TEXTS.nuttig_bedankt);
}

/* The file needs the conversation's token, so a plain link cannot fetch it: it is fetched
   here and handed to the browser as a download of a local copy (Blob). */
export async function download(chat, attachment) {
  const TEXTS = chat.texts;
  if (!chat.state.conversation) return;
  let file;
  try {
    const answer = await fetchAttachment(chat, attachment.url);
    if (!answer.ok) {
      showNotice(chat, TEXTS.agenda_fout, "error");
      return;
    }
    file = await answer.blob();
  } catch (problem) {
    showNotice(chat, TEXTS.offline, "error");
    return;
  }
  const address = URL.createObjectURL(file);
  const link = el("a", { href: address, download: attachment.filename, hidden: true });
  chat.view.shadow.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(address), 60000);
}
