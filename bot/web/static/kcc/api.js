// The console's one way to call the staff API. The session itself lives in an HttpOnly
// cookie that script cannot read; this module keeps only the CSRF token and sends it with
// every call that changes something. The token is kept in localStorage, which every tab of
// this origin shares (as they share the cookie), so a second tab is logged in too; no other
// site can read it, and a 401 or a log-out removes it. A 401 means the session ended: the
// page is told, so it can show the log-in form again.

const CSRF_KEY = "kcc.csrf";
const store = window.localStorage;
const SAFE_METHODS = new Set(["GET", "HEAD"]);
const unauthenticatedHandlers = [];

/** An answer that is not 2xx: `status`, the API's `code` and its sentence `detail`. */
export class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** The sentence to show for a failed call: the API's own detail, or a general one. */
export function problem(error) {
  if (error instanceof ApiError && error.detail) return error.detail;
  if (error instanceof ApiError) return `De server gaf een fout (${error.status}).`;
  return "De server is nu niet te bereiken. Probeer het zo opnieuw.";
}

/** Call `handler` whenever the session turns out to be gone (401). */
export function onUnauthenticated(handler) {
  unauthenticatedHandlers.push(handler);
}

/**
 * Call `handler(loggedIn)` when another tab logs in (or in as someone else) or ends the
 * session: the tabs share it, so each follows.
 */
export function onSessionChange(handler) {
  window.addEventListener("storage", (event) => {
    if (event.key === CSRF_KEY || event.key === null) handler(Boolean(event.newValue));
  });
}

export function hasSession() {
  return Boolean(store.getItem(CSRF_KEY));
}

function forgetSession() {
  store.removeItem(CSRF_KEY);
}

async function send(method, path, body) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin", cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (!SAFE_METHODS.has(method)) {
    headers["X-CSRF-Token"] = store.getItem(CSRF_KEY) || "";
  }
  const response = await fetch(path, init);
  let data = null;
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch (notJson) {
      data = null;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, data && data.error, data && data.detail);
  }
  return data;
}

/** `request("GET", "/api/...")` or with a body; resolves to the JSON answer. */
export async function request(method, path, body) {
  try {
    return await send(method, path, body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetSession();
      unauthenticatedHandlers.forEach((handler) => handler());
    }
    throw error;
  }
}

export const get = (path) => request("GET", path);
export const post = (path, body) => request("POST", path, body === undefined ? {} : body);

/**
 * Logs in with the password and the code from the authenticator app; a wrong password is an
 * ApiError (401 invalid_login), not a lost session, and too many is a 429. A first log-in
 * resolves to `{enrolment}` (the QR code to scan) instead of the employee.
 */
export async function login(username, password, code) {
  const body = { username, password };
  if (code) body.code = code;
  const answer = await send("POST", "/api/staff/login", body);
  if (answer.enrolment_required) {
    return { enrolment: { secret: answer.secret, qr_svg: answer.qr_svg } };
  }
  store.setItem(CSRF_KEY, answer.csrf_token);
  return { username: answer.username, display_name: answer.display_name, roles: answer.roles,
    recovery_codes: answer.recovery_codes || [] };
}

/** Who is logged in, or null when no session is left. */
export async function whoAmI() {
  if (!hasSession()) {
    return null;
  }
  try {
    return await send("GET", "/api/staff/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetSession();
      return null;
    }
    throw error;
  }
}

export async function logout() {
  try {
    await send("POST", "/api/staff/logout", {});
  } finally {
    forgetSession();
  }
}
