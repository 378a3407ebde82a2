// The frame every console page shares: the log-in form, the header with the employee's
// name, the links their roles open and the log-out button, and the polling timers, which
// stop when the session ends. A page calls startPage() with who may see it and what to do
// once someone who may is logged in. A page using it includes the shared header and log-in
// form (`{% include "kcc/header.html" %}`, `{% include "kcc/login.html" %}`, templates in
// bot/web/templates/kcc/, filled in by the server: ids account, nav-links, who, logout, login,
// login-form, username, password, code, enrolment, login-error, recovery) and has its own app,
// app-title, no-access and no-access-title. A first log-in shows the QR code to enrol the
// second factor; the log-in that enrols shows the recovery codes once. The tabs of one browser
// share the session: a tab opened later is logged in, and a log-in or log-out in one tab is
// followed by the others.

import { ApiError, login, logout, onSessionChange, onUnauthenticated, whoAmI } from "./api.js";

const pollers = new Set();

export const roles = {
  chat: (list) => list.includes("kcc") || list.includes("admin"),
  agency: (list) => list.some((role) => role.startsWith("agency:")),
  content: (list) => list.includes("content") || list.includes("admin"),
};

const LINKS = [
  { href: "/kcc", text: "Chats", shown: roles.chat },
  { href: "/kcc/afspraken", text: "Afspraken", shown: (list) => roles.chat(list) || roles.agency(list) },
  { href: "/kcc/content", text: "Inhoud", shown: roles.content },
  { href: "/kcc/audit", text: "Auditlog", shown: (list) => list.includes("admin") },
  { href: "/kcc/sessies", text: "Sessies", shown: () => true },
];

/**
 * A timer that a background tab does not slow down: a worker (ticker.js) that answers each
 * delay when it has passed; plain setTimeout where there are no workers.
 * Returns {after(ms, callback), stop()}.
 */
function backgroundTimer() {
  if (!window.Worker) {
    let timer = null;
    return { after: (ms, callback) => { timer = setTimeout(callback, ms); }, stop: () => clearTimeout(timer) };
  }
  const worker = new Worker("/static/kcc/ticker.js");
  let next = null;
  worker.onmessage = () => {
    const callback = next;
    next = null;
    if (callback) callback();
  };
  return {
    after: (ms, callback) => {
      next = callback;
      worker.postMessage(ms);
    },
    stop: () => {
      next = null;
      worker.terminate();
    },
  };
}

/**
 * Runs `task` now and then every `ms` milliseconds (after the previous run ended) until
 * stopped; with `{background: true}` at that pace in a background tab too.
 */
export function every(ms, task, options = {}) {
  const timer = options.background ? backgroundTimer() : null;
  let plain = null;
  let stopped = false;
  const run = async () => {
    try {
      await task();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        console.warn("poll failed", error);
      }
    }
    if (!stopped) {
      if (timer) timer.after(ms, run);
      else plain = setTimeout(run, ms);
    }
  };
  const stop = () => {
    stopped = true;
    clearTimeout(plain);
    if (timer) timer.stop();
    pollers.delete(stop);
  };
  pollers.add(stop);
  run();
  return stop;
}

function stopPolling() {
  [...pollers].forEach((stop) => stop());
}

const byId = (id) => document.getElementById(id);

function show(element, visible) {
  element.hidden = !visible;
}

function fillHeader(staff) {
  byId("who").textContent = staff.display_name;
  const nav = byId("nav-links");
  nav.replaceChildren();
  for (const link of LINKS.filter((item) => item.shown(staff.roles))) {
    const item = document.createElement("li");
    const anchor = document.createElement("a");
    anchor.href = link.href;
    anchor.textContent = link.text;
    if (link.href === location.pathname) {
      anchor.setAttribute("aria-current", "page");
    }
    item.append(anchor);
    nav.append(item);
  }
  show(byId("account"), true);
}

function markLoginFields(invalid) {
  for (const id of ["username", "password", "code"]) {
    if (invalid) byId(id).setAttribute("aria-invalid", "true");
    else byId(id).removeAttribute("aria-invalid");
  }
}

let shownAs = null;  // the username whose page is shown, null while the log-in form is

function showLogin(message) {
  shownAs = null;
  stopPolling();
  const banner = byId("bot-status");
  if (banner) banner.replaceChildren();
  show(byId("app"), false);
  show(byId("no-access"), false);
  show(byId("account"), false);
  show(byId("login"), true);
  byId("login-error").textContent = message || "";
  markLoginFields(false);
  byId("password").value = "";
  byId("code").value = "";
  show(byId("enrolment"), false);
  byId("username").focus();
}

function showEnrolment(enrolment) {
  byId("enrolment-secret").textContent = enrolment.secret;
  byId("enrolment-qr").src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qr_svg)}`;
  show(byId("enrolment"), true);
  byId("login-error").textContent = "Stel eerst de tweede stap in: scan de QR-code en vul de code uit de app in.";
  byId("code").focus();
}

function showRecoveryCodes(codes, then) {
  const list = byId("recovery-codes");
  list.replaceChildren(...codes.map((code) => {
    const item = document.createElement("li");
    item.textContent = code;
    return item;
  }));
  show(byId("login"), false);
  show(byId("recovery"), true);
  byId("recovery-title").focus();
  byId("recovery-done").addEventListener("click", () => {
    show(byId("recovery"), false);
    list.replaceChildren();
    then();
  }, { once: true });
}

const LOGIN_ERRORS = {
  invalid_login: "Gebruikersnaam of wachtwoord klopt niet.",
  code_required: "Vul de code uit uw authenticator-app in.",
  invalid_code: "De code klopt niet. Vul de nieuwe code uit de app in.",
};

/**
 * page = {allowed(roles): bool, elsewhere(roles): url|null, ready(staff)}: `elsewhere` names
 * the page to send an employee to who may not see this one.
 */
export function startPage(page) {
  const enter = (staff) => {
    shownAs = staff.username;
    if (!page.allowed(staff.roles)) {
      const target = page.elsewhere ? page.elsewhere(staff.roles) : null;
      if (target) {
        location.replace(target);
        return;
      }
      fillHeader(staff);
      show(byId("login"), false);
      show(byId("no-access"), true);
      byId("no-access-title").focus();
      return;
    }
    fillHeader(staff);
    show(byId("login"), false);
    show(byId("no-access"), false);
    show(byId("app"), true);
    byId("app-title").focus();
    page.ready(staff);
  };

  onUnauthenticated(() => showLogin("Uw sessie is verlopen. Log opnieuw in."));
  onSessionChange(async (loggedIn) => {
    if (!loggedIn) {
      if (shownAs) showLogin("U bent uitgelogd.");
      return;
    }
    const staff = await whoAmI().catch(() => null);
    if (!staff) return;
    if (!shownAs && !byId("login").hidden) enter(staff);  // logged in in another tab
    else if (shownAs && staff.username !== shownAs) location.reload();  // someone else logged in there
  });

  byId("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = byId("login-error");
    const username = byId("username").value.trim();
    const password = byId("password").value;
    if (!username || !password) {
      error.textContent = "Vul uw gebruikersnaam en wachtwoord in.";
      markLoginFields(true);
      byId(username ? "password" : "username").focus();
      return;
    }
    error.textContent = "";
    try {
      const answer = await login(username, password, byId("code").value.trim());
      if (answer.enrolment) {
        showEnrolment(answer.enrolment);
        return;
      }
      byId("code").value = "";
      show(byId("enrolment"), false);
      if (answer.recovery_codes.length) {
        showRecoveryCodes(answer.recovery_codes, () => enter(answer));
      } else {
        enter(answer);
      }
    } catch (problem) {
      const api = problem instanceof ApiError;
      const wrong = api && problem.status === 401;
      error.textContent = (api && problem.status === 429 && problem.detail.split(" (")[0])
        || (wrong && (LOGIN_ERRORS[problem.code] || LOGIN_ERRORS.invalid_login))
        || "Inloggen lukt nu niet. Probeer het zo opnieuw.";
      markLoginFields(wrong);
      byId("code").value = "";
      if (wrong && problem.code !== "invalid_login") {
        byId("code").focus();
        return;
      }
      byId("password").value = "";
      byId("password").focus();
    }
  });

  byId("logout").addEventListener("click", async () => {
    stopPolling();
    try {
      await logout();
    } finally {
      showLogin("U bent uitgelogd.");
    }
  });

  whoAmI().then((staff) => (staff ? enter(staff) : showLogin("")),
    () => showLogin("De console kan de server nu niet bereiken. Probeer het zo opnieuw."));
}

/** "2 min 05 s", "45 s", "1 uur 3 min": a waiting time a person reads at a glance. */
export function duration(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours) return `${hours} uur ${minutes} min`;
  if (minutes) return `${minutes} min ${String(rest).padStart(2, "0")} s`;
  return `${rest} s`;
}

/**
 * Makes `list` show `items` in order, reusing the element of each key, so a poll does not
 * take the keyboard focus away or make a screen reader read the whole list again.
 * build(item) makes a new element; update(element, item) refreshes its changing parts.
 */
export function syncList(list, items, keyOf, build, update) {
  const existing = new Map([...list.children].map((child) => [child.dataset.key, child]));
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let child = existing.get(key);
    if (child) {
      existing.delete(key);
    } else {
      child = build(item);
      child.dataset.key = key;
    }
    update(child, item);
    const expected = previous ? previous.nextElementSibling : list.firstElementChild;
    if (expected !== child) {
      list.insertBefore(child, expected);
    }
    previous = child;
  }
  existing.forEach((child) => child.remove());
}

/** Sets a live region's text only when it changes, so it is announced once. */
export function announce(region, text) {
  if (region.textContent !== text) {
    region.textContent = text;
  }
}

/**
 * Lets a table reflow on a narrow screen (200% zoom, a phone): console.css stacks the cells
 * of a `table.reflow` there, each with its column's name (`data-label`) before it. The roles
 * keep it a table for screen readers whatever CSS does to its display. Call it after the rows
 * change.
 */
export function labelColumns(table) {
  const headers = [...table.querySelectorAll("thead th")].filter((th) => !th.hidden);
  const names = headers.map((th) => (th.querySelector(".visually-hidden") ? "" : th.textContent.trim()));
  table.setAttribute("role", "table");
  table.querySelectorAll("thead, tbody").forEach((group) => group.setAttribute("role", "rowgroup"));
  table.querySelectorAll("tr").forEach((row) => row.setAttribute("role", "row"));
  headers.forEach((th) => th.setAttribute("role", "columnheader"));
  table.querySelectorAll("tbody tr").forEach((row) => {
    [...row.children].forEach((cell, index) => {
      cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
      if (names[index]) cell.dataset.label = names[index];
      else delete cell.dataset.label;
    });
  });
}
