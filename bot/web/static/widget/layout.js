// The window's elements, inside a shadow root so the page's styles and the window's cannot
// meet: the launcher, the panel with its header, the wipe question, the notice, the message
// log, the typing sign and the form. DOM only; what the buttons do is handed in.

import { el } from "../shared/dom.js";
import { parseColour, readableAccent } from "./colour.js";
import { fill } from "./texts.js";

/**
 * Builds the window (hidden until its style sheet loaded) and returns its parts.
 * `on` = {open, close, askToWipe, wipe, cancelWipe}. Its words are set by relabel(), again
 * whenever the conversation's language changes.
 */
export function buildWindow(chat, on) {
  const words = [];  // [element, attribute ("text" for its text), the words it gets from the texts]
  const say = (node, attribute, pick) => { words.push([node, attribute, pick]); return node; };
  const host = el("div", { id: "gemeente-chat" });
  const shadow = host.attachShadow({ mode: "open" });
  const side = chat.side === "links" ? "gc-left" : "gc-right";
  const root = el("div", { className: "gc " + side, hidden: true });
  root.style.setProperty("--gc-accent", readableAccent(parseColour(chat.colour)));
  const sheet = el("link", { rel: "stylesheet", href: chat.origin + "/static/widget/widget.css" });
  sheet.addEventListener("load", () => { root.hidden = false; });
  sheet.addEventListener("error", () => { root.hidden = false; });

  const unreadText = el("span", { className: "gc-sr", text: "" });
  const launcher = el("button", { type: "button", className: "gc-launcher", "aria-expanded": "false",
                                  "aria-controls": "gc-panel", onclick: on.open },
                      [say(el("span"), "text", (TEXTS) => TEXTS.openen), el("span", { className: "gc-dot", "aria-hidden": "true" }),
                       unreadText]);
  const closedNotice = el("div", { className: "gc-sr", role: "status" });

  const titleText = (TEXTS) => fill(TEXTS.titel, { "gemeente.naam": chat.name });
  const title = say(say(el("h2", { id: "gc-title", className: "gc-title" }), "text", titleText), "title", titleText);
  const subtitle = say(el("p", { id: "gc-subtitle", className: "gc-subtitle" }), "text", (TEXTS) => TEXTS.ondertitel);
  // Only the bin shows (its name stays for screen readers and as a tooltip), so the title keeps one line.
  const wipeButton = say(el("button", { type: "button", className: "gc-link-button", onclick: on.askToWipe },
                            [binIcon(), say(el("span", { className: "gc-wipe-text" }), "text", (TEXTS) => TEXTS.wissen)]),
                         "title", (TEXTS) => TEXTS.wissen);
  const closeButton = el("button", { type: "button", className: "gc-close", onclick: on.close },
                         [el("span", { "aria-hidden": "true", text: "\u00d7" })]);
  say(say(closeButton, "aria-label", (TEXTS) => TEXTS.sluiten), "title", (TEXTS) => TEXTS.sluiten);

  const confirmText = say(el("p", { id: "gc-confirm-text" }), "text", (TEXTS) => TEXTS.wissen_vraag);
  const confirmYes = say(el("button", { type: "button", className: "gc-button gc-danger", onclick: on.wipe }),
                         "text", (TEXTS) => TEXTS.wissen_ja);
  const confirmNo = say(el("button", { type: "button", className: "gc-button gc-secondary", onclick: on.cancelWipe }),
                        "text", (TEXTS) => TEXTS.wissen_nee);
  const confirmBox = el("div", { className: "gc-confirm", role: "group", "aria-labelledby": "gc-confirm-text", hidden: true },
                        [confirmText, el("div", { className: "gc-row" }, [confirmYes, confirmNo])]);

  const notice = el("div", { className: "gc-notice", role: "status" });
  const log = say(el("div", { className: "gc-log", role: "log", "aria-live": "polite", tabindex: "0" }),
                  "aria-label", (TEXTS) => TEXTS.berichten);
  const typing = el("div", { className: "gc-typing", hidden: true },
                    [el("span", { className: "gc-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
                     say(el("span"), "text", (TEXTS) => TEXTS.typt)]);
  const input = say(el("textarea", { id: "gc-input", className: "gc-input", rows: "2", maxlength: "2000",
                                     "aria-describedby": "gc-hint", autocomplete: "off" }),
                    "placeholder", (TEXTS) => TEXTS.invoer);
  const form = el("form", { className: "gc-form", novalidate: true },
                  [say(el("label", { for: "gc-input", className: "gc-sr" }), "text", (TEXTS) => TEXTS.invoer),
                   say(el("p", { id: "gc-hint", className: "gc-sr" }), "text", (TEXTS) => TEXTS.invoer_hulp),
                   input,
                   say(el("button", { type: "submit", className: "gc-button gc-send" }), "text", (TEXTS) => TEXTS.versturen)]);

  const panel = el("div", { id: "gc-panel", className: "gc-panel", role: "dialog", "aria-labelledby": "gc-title",
                            "aria-describedby": "gc-subtitle", hidden: true },
                   [el("div", { className: "gc-header" },
                       [el("div", { className: "gc-heading" }, [title, subtitle]), wipeButton, closeButton]),
                    confirmBox, notice, log, typing, form]);

  root.appendChild(launcher);
  root.appendChild(closedNotice);
  root.appendChild(panel);
  shadow.appendChild(sheet);
  shadow.appendChild(root);
  const view = { host, shadow, root, words, launcher, unreadText, closedNotice, panel, wipeButton, confirmBox,
                 confirmNo, notice, log, typing, input, form, subtitle };
  setWords(view, chat);
  return view;
}

/** The window's own words in the conversation's language, and its region's lang with them. */
export function relabel(chat) {
  setWords(chat.view, chat);
}

function setWords(view, chat) {
  view.root.setAttribute("lang", chat.language);
  view.words.forEach(([node, attribute, pick]) => {
    const text = pick(chat.texts);
    if (attribute === "text") node.textContent = text; else node.setAttribute(attribute, text);
  });
}

/**
 * The header says who answers (AI Act art. 50): a computer while the assistant has the chat,
 * the employee by name while a person has it (the log's takeover notice already says so
 * aloud, so this line is not announced again).
 */
export function showWhoAnswers(chat) {
  const TEXTS = chat.texts;
  const text = chat.status === "taken"
    ? fill(TEXTS.ondertitel_medewerker, { "medewerker.naam": chat.agentName || TEXTS.een_medewerker })
    : TEXTS.ondertitel;
  if (chat.view.subtitle.textContent !== text) chat.view.subtitle.textContent = text;
}

function binIcon() {
  const SVG = "http://www.w3.org/2000/svg";
  const icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("aria-hidden", "true");
  icon.setAttribute("focusable", "false");
  icon.setAttribute("class", "gc-icon");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", "M9 3h6l1 2h4v2H4V5h4zM6 9h12l-1 12H7z");
  icon.appendChild(path);
  return icon;
}

/** A line above the messages; kind "error" makes it an error notice. No text clears it. */
export function showNotice(chat, text, kind) {
  const notice = chat.view.notice;
  notice.textContent = text || "";
  notice.className = "gc-notice" + (text ? " gc-notice-" + (kind || "info") : "");
}

export function showsError(chat) {
  return chat.view.notice.classList.contains("gc-notice-error");
}

export function scrollDown(chat) {
  chat.view.log.scrollTop = chat.view.log.scrollHeight;
}

/** The closed window's launcher says a new message came in, also to a screen reader. */
export function markUnread(chat) {
  const view = chat.view, TEXTS = chat.texts;
  view.launcher.classList.add("gc-unread");
  view.unreadText.textContent = ", " + TEXTS.nieuw_bericht;
  view.closedNotice.textContent = TEXTS.nieuw_bericht;
}
