/* The municipality's chat window for any web page: one script tag, for example
 *   <script src="https://chat.gemeente.nl/widget.js" data-gemeente-naam="Wilgendaal"
 *           data-kleur="#1f5f8b" data-positie="rechts" async></script>
 * The gateway's address is taken from this script's own src. The gateway puts the window's
 * texts (content/antwoorden.yml, section chatvenster) in place of the marker below.
 *
 * Rules kept here: message text is only ever set with textContent (links become <a> nodes for
 * http(s), mailto and tel only); a resident's message waits in a local outbox until the
 * gateway stored it, and is resent with the same client_id, so it is never lost nor stored
 * twice; the conversation's id and token live in localStorage, its messages only on the server.
 */
(function () {
  "use strict";

  var SERVER = /*SERVER_CONFIG*/null;
  var script = document.currentScript || document.querySelector('script[src$="/widget.js"]');
  if (!SERVER || !script || window.gemeenteChatLoaded) return;
  window.gemeenteChatLoaded = true;

  var ORIGIN = new URL(script.getAttribute("src"), location.href).origin;
  var TEXTS = SERVER.texts;
  var NAME = script.getAttribute("data-gemeente-naam") || SERVER.gemeente;
  var STORE_KEY = "gemeente-chat:" + ORIGIN;
  var FAST_POLL_MS = 2000;   // while a person has, or is about to take, the chat
  var SLOW_POLL_MS = 15000;  // otherwise, while the window is open
  var MAX_RETRY_MS = 30000;
  var DEFAULT_COLOUR = [31, 95, 139];
  var BOT_BUBBLE = [242, 244, 247]; // the bot's bubble (widget.css), which accent-coloured links sit on
  var SVG = "http://www.w3.org/2000/svg";

  // ---- colour: the configured one, darkened until text on it and links in it are readable

  function parseColour(value) {
    var match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
    if (!match) return null;
    var hex = match[1].length === 3 ? match[1].replace(/./g, "$&$&") : match[1];
    return [0, 2, 4].map(function (i) { return parseInt(hex.substr(i, 2), 16); });
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v = v / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /* WCAG AA asks 4.5:1 for text: white on the accent and the accent on the bot's bubble. */
  function readableAccent(rgb) {
    var colour = rgb || DEFAULT_COLOUR;
    while (contrast(colour, BOT_BUBBLE) < 4.6) {
      colour = colour.map(function (v) { return Math.floor(v * 0.9); });
    }
    return "rgb(" + colour.join(",") + ")";
  }

  // ---- state kept across page loads

  function freshState() {
    return { conversation: null, outbox: [], votes: {}, open: false };
  }

  function loadState() {
    try {
      var stored = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
      if (stored && Array.isArray(stored.outbox)) return stored;
    } catch (ignored) { /* unreadable or blocked storage: start afresh */ }
    return freshState();
  }

  var state = loadState();

  function save() {
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (ignored) { /* private mode */ }
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function fill(text, values) {
    return text.replace(/\{([a-z_.]+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // ---- building the window (DOM only; no HTML strings)

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else if (key === "className") node.className = props[key];
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), props[key]);
      else if (props[key] !== null && props[key] !== false) node.setAttribute(key, props[key] === true ? "" : props[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function thumb(up) {
    var icon = document.createElementNS(SVG, "svg");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("aria-hidden", "true");
    icon.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", "M3 10h4v11H3zM9 10l4-7c1.5 0 2 1 2 2l-1 4h5c1.2 0 2 1 1.8 2.2l-1.3 8.3c-.2.9-.9 1.5-1.8 1.5H9z");
    if (!up) path.setAttribute("transform", "rotate(180 12 12)");
    icon.appendChild(path);
    return icon;
  }

  var host = el("div", { id: "gemeente-chat" });
  var shadow = host.attachShadow({ mode: "open" });
  var side = script.getAttribute("data-positie") === "links" ? "gc-left" : "gc-right";
  var root = el("div", { className: "gc " + side, lang: "nl", hidden: true });
  root.style.setProperty("--gc-accent", readableAccent(parseColour(script.getAttribute("data-kleur"))));
  var sheet = el("link", { rel: "stylesheet", href: ORIGIN + "/static/widget/widget.css" });
  sheet.addEventListener("load", function () { root.hidden = false; });
  sheet.addEventListener("error", function () { root.hidden = false; });

  var unreadText = el("span", { className: "gc-sr", text: "" });
  var launcher = el("button", { type: "button", className: "gc-launcher", "aria-expanded": "false",
                                "aria-controls": "gc-panel", onclick: function () { openPanel(true); } },
                    [el("span", { text: TEXTS.openen }), el("span", { className: "gc-dot", "aria-hidden": "true" }),
                     unreadText]);
  var closedNotice = el("div", { className: "gc-sr", role: "status" });

  var title = el("h2", { id: "gc-title", className: "gc-title", text: fill(TEXTS.titel, { "gemeente.naam": NAME }) });
  var subtitle = el("p", { id: "gc-subtitle", className: "gc-subtitle", text: TEXTS.ondertitel });
  var wipeButton = el("button", { type: "button", className: "gc-link-button", text: TEXTS.wissen,
                                  onclick: askToWipe });
  var closeButton = el("button", { type: "button", className: "gc-close", "aria-label": TEXTS.sluiten,
                                   title: TEXTS.sluiten, onclick: closePanel }, [el("span", { "aria-hidden": "true", text: "\u00d7" })]);

  var confirmText = el("p", { id: "gc-confirm-text", text: TEXTS.wissen_vraag });
  var confirmYes = el("button", { type: "button", className: "gc-button gc-danger", text: TEXTS.wissen_ja, onclick: wipe });
  var confirmNo = el("button", { type: "button", className: "gc-button gc-secondary", text: TEXTS.wissen_nee,
                                 onclick: cancelWipe });
  var confirmBox = el("div", { className: "gc-confirm", role: "group", "aria-labelledby": "gc-confirm-text", hidden: true },
                      [confirmText, el("div", { className: "gc-row" }, [confirmYes, confirmNo])]);

  var notice = el("div", { className: "gc-notice", role: "status" });
  var log = el("div", { className: "gc-log", role: "log", "aria-live": "polite", "aria-label": TEXTS.berichten,
                        tabindex: "0" });
  var typing = el("div", { className: "gc-typing", hidden: true },
                  [el("span", { className: "gc-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
                   el("span", { text: TEXTS.typt })]);
  var input = el("textarea", { id: "gc-input", className: "gc-input", rows: "2", maxlength: "2000",
                               "aria-describedby": "gc-hint", autocomplete: "off" });
  var form = el("form", { className: "gc-form", novalidate: true },
                [el("label", { for: "gc-input", className: "gc-sr", text: TEXTS.invoer }),
                 el("p", { id: "gc-hint", className: "gc-sr", text: TEXTS.invoer_hulp }),
                 input,
                 el("button", { type: "submit", className: "gc-button gc-send", text: TEXTS.versturen })]);
  input.setAttribute("placeholder", TEXTS.invoer);

  var panel = el("div", { id: "gc-panel", className: "gc-panel", role: "dialog", "aria-labelledby": "gc-title",
                          "aria-describedby": "gc-subtitle", hidden: true },
                 [el("div", { className: "gc-header" },
                     [el("div", { className: "gc-heading" }, [title, subtitle]), wipeButton, closeButton]),
                  confirmBox, notice, log, typing, form]);

  root.appendChild(launcher);
  root.appendChild(closedNotice);
  root.appendChild(panel);
  shadow.appendChild(sheet);
  shadow.appendChild(root);

  // ---- messages

  var known = {};         // seq -> message, of this conversation
  var lastSeq = 0;
  var status = "bot";
  var sending = false;
  var pollTimer = null;
  var retryTimer = null;
  var retryDelay = 1000;
  var historyRead = !state.conversation; // the history read at start is not "new"

  function senderLabel(message) {
    if (message.sender === "resident") return TEXTS.inwoner;
    if (message.sender === "agent") return fill(TEXTS.medewerker, { "medewerker.naam": message.agent_name || "" });
    if (message.sender === "system") return TEXTS.melding;
    return TEXTS.assistent;
  }

  var LINK = /(https?:\/\/[^\s<>"']+)|([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})|((?:\+31|0)[1-9](?:[ -]?[0-9]){8})/g;

  /* Text with its web addresses, e-mail addresses and phone numbers as links; nothing else
     of the text is ever interpreted. */
  function linkified(text) {
    var fragment = document.createDocumentFragment();
    var at = 0;
    text.replace(LINK, function (whole, url, mail, phone, offset) {
      var shown = whole;
      var href = null;
      if (url) {
        shown = url.replace(/[.,;:!?)\]]+$/, "");
        try {
          var parsed = new URL(shown);
          if (parsed.protocol === "http:" || parsed.protocol === "https:") href = parsed.href;
        } catch (ignored) { href = null; }
      } else if (mail) {
        href = "mailto:" + mail;
      } else if (phone && !/\w/.test(text.charAt(offset - 1) + text.charAt(offset + phone.length))) {
        href = "tel:" + phone.replace(/[^0-9+]/g, "");  // not digits inside a longer code (an IBAN)
      }
      if (!href) return whole;
      fragment.appendChild(document.createTextNode(text.slice(at, offset)));
      fragment.appendChild(el("a", { href: href, text: shown }));
      at = offset + shown.length;
      return whole;
    });
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  function ratingButtons(seq) {
    var group = el("div", { className: "gc-rate", role: "group", "aria-label": TEXTS.nuttig_vraag });
    [true, false].forEach(function (helpful) {
      var button = el("button", { type: "button", className: "gc-thumb",
                                  "aria-label": helpful ? TEXTS.nuttig_ja : TEXTS.nuttig_nee,
                                  title: helpful ? TEXTS.nuttig_ja : TEXTS.nuttig_nee,
                                  "aria-pressed": String(state.votes[seq] === helpful),
                                  "data-helpful": String(helpful), onclick: function () { rate(seq, helpful, group); } },
                          [thumb(helpful)]);
      group.appendChild(button);
    });
    group.insertBefore(el("span", { className: "gc-rate-question", text: TEXTS.nuttig_vraag, "aria-hidden": "true" }),
                       group.firstChild);
    return group;
  }

  function messageNode(message, pending) {
    var item = el("div", { className: "gc-msg gc-" + message.sender + (pending ? " gc-pending" : "") });
    var label = el("p", { className: "gc-who" + (message.sender === "resident" ? " gc-sr" : ""), text: senderLabel(message) });
    item.appendChild(label);
    if (message.text || !message.attachment) {
      var bubble = el("p", { className: "gc-bubble" });
      bubble.appendChild(linkified(message.text));
      item.appendChild(bubble);
    }
    if (message.attachment && isDownloadPath(message.attachment.url)) {
      item.appendChild(downloadButton(message.attachment));
    }
    if (pending) item.appendChild(el("p", { className: "gc-state", text: TEXTS.wordt_verstuurd }));
    if (message.buttons && message.buttons.length) {
      item.appendChild(el("div", { className: "gc-choices" }, message.buttons.map(function (choice) {
        return el("button", { type: "button", className: "gc-choice", text: choice.title,
                              onclick: function () { queue({ payload: choice.payload, shown: choice.title }); } });
      })));
    }
    if (message.sender === "bot" && message.seq && startsAnswer(message.seq)) item.appendChild(ratingButtons(message.seq));
    return item;
  }

  /* The token is only ever sent to this conversation's own addresses on the gateway. */
  function isDownloadPath(url) {
    return typeof url === "string" && /^\/api\/conversations\/[0-9a-f-]+\/messages\/[0-9]+\/attachment$/.test(url);
  }

  function downloadButton(attachment) {
    return el("button", { type: "button", className: "gc-button gc-download", text: TEXTS.agenda,
                          onclick: function () { download(attachment); } });
  }

  /* Thumbs go under the first message of each answer, not under every line of it. */
  function startsAnswer(seq) {
    var before = known[seq - 1];
    return !before || before.sender !== "bot";
  }

  function welcome() {
    log.appendChild(messageNode({ sender: "bot", text: TEXTS.welkom, buttons: [] }, false));
  }

  function showMessage(message) {
    if (known[message.seq]) return;
    known[message.seq] = message;
    lastSeq = Math.max(lastSeq, message.seq);
    if (message.client_id) {
      var waiting = log.querySelector('[data-client-id="' + CSS.escape(message.client_id) + '"]');
      if (waiting) waiting.remove();
    }
    var node = messageNode(message, false);
    node.setAttribute("data-seq", String(message.seq));
    var later = Array.prototype.find.call(log.querySelectorAll("[data-seq], [data-client-id]"), function (other) {
      return other.hasAttribute("data-client-id") || Number(other.getAttribute("data-seq")) > message.seq;
    });
    log.insertBefore(node, later || null);
    if (message.sender !== "resident" && panel.hidden && historyRead) markUnread();
  }

  function showPending(item) {
    var node = messageNode({ sender: "resident", text: item.shown, buttons: [] }, true);
    node.setAttribute("data-client-id", item.client_id);
    log.appendChild(node);
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function showNotice(text, kind) {
    notice.textContent = text || "";
    notice.className = "gc-notice" + (text ? " gc-notice-" + (kind || "info") : "");
  }

  function markUnread() {
    launcher.classList.add("gc-unread");
    unreadText.textContent = ", " + TEXTS.nieuw_bericht;
    closedNotice.textContent = TEXTS.nieuw_bericht;
  }

  // ---- talking to the gateway

  function Failure(kind, status, retryAfter) {
    this.kind = kind;            // "network" or "http"
    this.status = status;
    this.retryAfter = retryAfter;
  }

  async function call(method, path, body, withToken) {
    var headers = { "Content-Type": "application/json" };
    if (withToken !== false && state.conversation) headers.Authorization = "Bearer " + state.conversation.token;
    var answer;
    try {
      answer = await fetch(ORIGIN + path, { method: method, headers: headers, cache: "no-store",
                                            body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (problem) {
      throw new Failure("network", 0, 0);
    }
    if (!answer.ok) throw new Failure("http", answer.status, Number(answer.headers.get("Retry-After")) || 0);
    return answer.status === 204 ? null : answer.json();
  }

  function conversationPath(rest) {
    return "/api/conversations/" + encodeURIComponent(state.conversation.id) + (rest || "");
  }

  async function ensureConversation() {
    if (state.conversation) return;
    var made = await call("POST", "/api/conversations", {}, false);
    state.conversation = { id: made.conversation_id, token: made.token };
    save();
  }

  function queue(message) {
    var text = (message.text || "").trim();
    if (!message.payload && !text) return;
    var item = { client_id: newClientId(), shown: message.shown || text };
    if (message.payload) item.payload = message.payload; else item.text = text;
    state.outbox.push(item);
    save();
    showPending(item);
    scrollDown();
    flush();
  }

  async function flush() {
    if (sending || !state.outbox.length) return;
    sending = true;
    clearTimeout(retryTimer);
    retryTimer = null;
    typing.hidden = status !== "bot";
    var again = false;
    try {
      await ensureConversation();
      var item = state.outbox[0];
      var body = item.payload ? { payload: item.payload } : { text: item.text };
      body.client_id = item.client_id;
      var answer = await call("POST", conversationPath("/messages"), body);
      state.outbox.shift();
      save();
      retryDelay = 1000;
      if (notice.classList.contains("gc-notice-error")) showNotice(TEXTS.weer_online);
      if (answer && answer.deleted) {
        startAfresh(TEXTS.gewist);
      } else {
        await sync().catch(function () { /* the next poll brings the replies */ });
      }
      again = state.outbox.length > 0;
    } catch (failure) {
      again = handleSendFailure(failure);
    } finally {
      sending = false;
      typing.hidden = true;
      schedulePoll();
    }
    if (again) flush();
  }

  /* Says whether to try the next message at once; otherwise a retry is planned or the
     message is refused for good. */
  function handleSendFailure(failure) {
    var item = state.outbox[0];
    var gone = failure.kind === "http" && (failure.status === 404 || failure.status === 409);
    if (gone && item && !item.renewed) {
      item.renewed = true;   // deleted, expired or closed: the message goes into a new conversation, once
      forgetConversation();
      return true;
    }
    if (failure.kind === "http" && failure.status >= 400 && failure.status < 500 && failure.status !== 429) {
      var refused = state.outbox.shift();
      save();
      var node = refused && log.querySelector('[data-client-id="' + CSS.escape(refused.client_id) + '"]');
      if (node) {
        node.removeAttribute("data-client-id");
        node.classList.add("gc-failed");
        node.querySelector(".gc-state").textContent = TEXTS.niet_verstuurd;
      }
      showNotice(TEXTS.fout, "error");
      return state.outbox.length > 0;
    }
    if (failure.status !== 429) showNotice(TEXTS.offline, "error");  // too many at once: just wait
    var wait = failure.retryAfter ? failure.retryAfter * 1000 : retryDelay;
    retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
    retryTimer = setTimeout(flush, wait);
    return false;
  }

  async function sync() {
    if (!state.conversation) return;
    var asked = state.conversation;
    var found = await call("GET", conversationPath("/messages?after=" + lastSeq));
    if (state.conversation !== asked) return;  // started afresh meanwhile: not this chat's messages
    var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    (found.messages || []).forEach(showMessage);
    historyRead = true;
    if (found.status) status = found.status;
    if (nearBottom || found.messages.length) scrollDown();
  }

  function schedulePoll() {
    clearTimeout(pollTimer);
    pollTimer = null;
    if (!state.conversation || document.hidden) return;
    var personInvolved = status === "waiting" || status === "taken";
    if (panel.hidden && !personInvolved) return;
    pollTimer = setTimeout(pollOnce, personInvolved ? FAST_POLL_MS : SLOW_POLL_MS);
  }

  async function pollOnce() {
    try {
      await sync();
      if (notice.classList.contains("gc-notice-error") && !state.outbox.length) showNotice(TEXTS.weer_online);
    } catch (failure) {
      if (failure.kind === "http" && failure.status === 404) {
        forgetConversation();  // deleted or expired; what waits in the outbox goes to a new chat
        showNotice(TEXTS.gewist);
        flush();
      } else if (failure.kind === "network") {
        showNotice(TEXTS.offline, "error");
      }
    }
    schedulePoll();
  }

  /* The file needs the conversation's token, so a plain link cannot fetch it: it is fetched
     here and handed to the browser as a download of a local copy (Blob). */
  async function download(attachment) {
    if (!state.conversation) return;
    var file;
    try {
      var answer = await fetch(ORIGIN + attachment.url, { cache: "no-store",
                                                          headers: { Authorization: "Bearer " + state.conversation.token } });
      if (!answer.ok) {
        showNotice(TEXTS.agenda_fout, "error");
        return;
      }
      file = await answer.blob();
    } catch (problem) {
      showNotice(TEXTS.offline, "error");
      return;
    }
    var address = URL.createObjectURL(file);
    var link = el("a", { href: address, download: attachment.filename, hidden: true });
    shadow.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(address); }, 60000);
  }

  async function rate(seq, helpful, group) {
    try {
      await call("POST", conversationPath("/feedback"), { seq: seq, helpful: helpful });
    } catch (failure) {
      showNotice(failure.kind === "network" ? TEXTS.offline : TEXTS.fout, "error");
      return;
    }
    state.votes[seq] = helpful;
    save();
    Array.prototype.forEach.call(group.querySelectorAll(".gc-thumb"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-helpful") === String(helpful)));
    });
    showNotice(TEXTS.nuttig_bedankt);
  }

  // ---- starting afresh and wiping

  function clearLog() {
    known = {};
    lastSeq = 0;
    status = "bot";
    log.textContent = "";
    welcome();
  }

  function forgetConversation() {
    state.conversation = null;
    state.votes = {};
    save();
    clearLog();
    state.outbox.forEach(showPending);
  }

  function startAfresh(message) {
    var open = state.open;
    state = freshState();
    state.open = open;
    save();
    clearLog();
    showNotice(message);
    if (!panel.hidden) input.focus();
  }

  function askToWipe() {
    confirmBox.hidden = false;
    confirmNo.focus();
  }

  function cancelWipe() {
    confirmBox.hidden = true;
    wipeButton.focus();
  }

  async function wipe() {
    if (state.conversation) {
      try {
        await call("DELETE", conversationPath());
      } catch (failure) {
        if (!(failure.kind === "http" && failure.status === 404)) {
          showNotice(failure.kind === "network" ? TEXTS.offline : TEXTS.fout, "error");
          confirmNo.focus();
          return;
        }
      }
    }
    confirmBox.hidden = true;
    startAfresh(TEXTS.gewist);
  }

  // ---- opening and closing

  function openPanel(focusInput) {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    launcher.classList.remove("gc-unread");
    unreadText.textContent = "";
    closedNotice.textContent = "";
    state.open = true;
    save();
    scrollDown();
    if (focusInput) input.focus();
    pollOnce();
  }

  function closePanel() {
    panel.hidden = true;
    confirmBox.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
    schedulePoll();
  }

  // The same widths and heights as widget.css's full-screen rule.
  var FULL_SCREEN = window.matchMedia("(max-width: 30rem), (max-height: 32rem)");

  /* Full screen (a phone, or 200% zoom) the page behind cannot be seen, so Tab stays inside. */
  function keepFocusInside(event) {
    if (!FULL_SCREEN.matches) return;
    var focusable = Array.prototype.filter.call(
      panel.querySelectorAll("button, a[href], textarea, [tabindex='0']"),
      function (node) { return node.offsetParent !== null && !node.disabled; });
    if (!focusable.length) return;
    var first = focusable[0], last = focusable[focusable.length - 1];
    var active = shadow.activeElement;
    if (event.shiftKey && (active === first || !active)) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && active === last) { event.preventDefault(); first.focus(); }
  }

  function followScreenSize() {
    if (FULL_SCREEN.matches) panel.setAttribute("aria-modal", "true"); else panel.removeAttribute("aria-modal");
  }
  followScreenSize();
  if (FULL_SCREEN.addEventListener) FULL_SCREEN.addEventListener("change", followScreenSize);

  panel.addEventListener("keydown", function (event) {
    if (event.key === "Tab") { keepFocusInside(event); return; }
    if (event.key !== "Escape") return;
    event.preventDefault();
    if (!confirmBox.hidden) cancelWipe(); else closePanel();
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    queue({ text: text });
  });

  window.addEventListener("online", function () { flush(); pollOnce(); });
  window.addEventListener("offline", function () { showNotice(TEXTS.offline, "error"); });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) schedulePoll(); else pollOnce();
  });

  // ---- start: the greeting, what is still waiting to be sent, and the history on the server

  welcome();
  state.outbox.forEach(showPending);
  (document.body || document.documentElement).appendChild(host);
  if (state.open) openPanel(false);
  else if (state.conversation) pollOnce();
  flush();
})();
