// What the resident's chat window and the staff console's transcripts agree on about a
// message of the API (sender, seq, text, attachment, buttons, agent_name).

const NAMED_SENDERS = ["resident", "bot", "system"];

/**
 * Who sent `message`, in the reader's words: `words` has resident, bot and system, agent(name)
 * for an employee ("" when the name is unknown) and unknown(sender) for any other sender.
 */
export function senderLabel(message, words) {
  if (message.sender === "agent") return words.agent(message.agent_name || "");
  if (NAMED_SENDERS.includes(message.sender)) return words[message.sender];
  return words.unknown(message.sender);
}

/** Whether the message shows a text: a file sent without words gets no empty bubble. */
export function showsText(message) {
  return Boolean(message.text) || !message.attachment;
}

/**
 * Puts `node` into `list` in its place by `seq` (a reply can arrive before the message stored
 * just before it); messages still waiting to be sent (data-client-id) stay after every stored one.
 */
export function placeBySeq(list, node, seq) {
  node.setAttribute("data-seq", String(seq));
  const later = Array.prototype.find.call(list.children, (other) =>
    other !== node && (other.hasAttribute("data-client-id") || Number(other.getAttribute("data-seq")) > seq));
  list.insertBefore(node, later || null);
}
