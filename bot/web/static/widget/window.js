// Opening and closing the window, the question before wiping the conversation, and the
// keyboard: Escape closes (or cancels the question), Enter sends, Shift+Enter is a new line,
// and full screen (a phone, or 200% zoom) Tab stays inside the window. On a phone the window
// keeps to the part of the screen the on-screen keyboard leaves, at the newest message.

import { call, conversationPath } from "./api.js";
import { scrollDown, showNotice } from "./layout.js";
import { startAfresh } from "./log.js";
import { pollOnce, schedulePoll } from "./polling.js";
import { queue } from "./outbox.js";
import { save } from "./storage.js";

// The same widths and heights as widget.css's full-screen rule.
const FULL_SCREEN_QUERY = "(max-width: 30rem), (max-height: 32rem)";

export function openPanel(chat, focusInput) {
  const view = chat.view;
  view.panel.hidden = false;
  view.launcher.hidden = true;
  view.launcher.setAttribute("aria-expanded", "true");
  view.launcher.classList.remove("gc-unread");
  view.unreadText.textContent = "";
  view.closedNotice.textContent = "";
  chat.state.open = true;
  save(chat);
  scrollDown(chat);
  if (focusInput) view.input.focus();
  pollOnce(chat);
}

export function closePanel(chat) {
  const view = chat.view;
  view.panel.hidden = true;
  view.confirmBox.hidden = true;
  view.launcher.hidden = false;
  view.launcher.setAttribute("aria-expanded", "false");
  chat.state.open = false;
  save(chat);
  view.launcher.focus();
  schedulePoll(chat);
}

export function askToWipe(chat) {
  chat.view.confirmBox.hidden = false;
  chat.view.confirmNo.focus();
}

export function cancelWipe(chat) {
  chat.view.confirmBox.hidden = true;
  chat.view.wipeButton.focus();
}

/** Deletes the conversation on the gateway (already gone is fine) and starts afresh. */
export async function wipe(chat) {
  const TEXTS = chat.texts;
  if (chat.state.conversation) {
    try {
      await call(chat, "DELETE", conversationPath(chat));
    } catch (failure) {
      if (!(failure.kind === "http" && failure.status === 404)) {
        showNotice(chat, failure.kind === "network" ? TEXTS.offline : TEXTS.fout, "error");
        chat.view.confirmNo.focus();
        return;
      }
    }
  }
  chat.view.confirmBox.hidden = true;
  startAfresh(chat, TEXTS.gewist);
}

/**
 * The view stays at the newest message when the log gets smaller (the on-screen keyboard
 * opens, the phone turns) if it was there before; full screen, the window takes the visible
 * part of the screen (visualViewport), so the keyboard does not cover the input.
 */
export function followViewport(chat) {
  const { log, panel } = chat.view;
  const fullScreen = window.matchMedia(FULL_SCREEN_QUERY);
  chat.atBottom = true;
  log.addEventListener("scroll", () => {
    chat.atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  });
  const keepAtBottom = () => { if (chat.atBottom && !panel.hidden) scrollDown(chat); };
  if (window.ResizeObserver) new ResizeObserver(keepAtBottom).observe(log);
  const viewport = window.visualViewport;
  if (!viewport) return;
  viewport.addEventListener("resize", () => {
    const shrunk = fullScreen.matches && viewport.height < window.innerHeight - 1;
    panel.style.height = shrunk ? viewport.height + "px" : "";
    panel.style.top = shrunk ? viewport.offsetTop + "px" : "";
    keepAtBottom();
  });
}

/** The window's keys and its form; full screen it is a modal dialog. */
export function bindKeyboard(chat) {
  const { panel, confirmBox, input, form, shadow } = chat.view;
  const fullScreen = window.matchMedia(FULL_SCREEN_QUERY);

  /* Full screen the page behind cannot be seen, so Tab stays inside. */
  function keepFocusInside(event) {
    if (!fullScreen.matches) return;
    const focusable = Array.prototype.filter.call(
      panel.querySelectorAll("button, a[href], textarea, [tabindex='0']"),
      (node) => node.offsetParent !== null && !node.disabled);
    if (!focusable.length) return;
    const first = focusable[0], last = focusable[focusable.length - 1];
    const active = shadow.activeElement;
    if (event.shiftKey && (active === first || !active)) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && active === last) { event.preventDefault(); first.focus(); }
  }

  function followScreenSize() {
    if (fullScreen.matches) panel.setAttribute("aria-modal", "true"); else panel.removeAttribute("aria-modal");
  }
  followScreenSize();
  if (fullScreen.addEventListener) fullScreen.addEventListener("change", followScreenSize);

  panel.addEventListener("keydown", (event) => {
    if (event.key === "Tab") { keepFocusInside(event); return; }
    if (event.key !== "Escape") return;
    event.preventDefault();
    if (!confirmBox.hidden) cancelWipe(chat); else closePanel(chat);
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    queue(chat, { text: text });
  });
}
