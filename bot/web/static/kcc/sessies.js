// The sessions page (every employee): the devices one is logged in on, with the browser,
// the address, when the session started and when it was last used, and "Afmelden" for each.
// An administrator sees everyone's sessions and can end any of them.

import { element } from "../shared/dom.js";
import { get, request } from "./api.js";
import { announce, labelColumns, startPage } from "./shell.js";
import { formatMoment } from "./time.js";

const byId = (id) => document.getElementById(id);
const when = (iso) => formatMoment(iso, { dateStyle: "short", timeStyle: "short" });

/** "Firefox op Windows" from a User-Agent; the whole string when it names nothing known. */
function device(agent) {
  if (!agent) return "Onbekend apparaat";
  const browser = [["Edg/", "Edge"], ["Firefox/", "Firefox"], ["Chrome/", "Chrome"], ["Safari/", "Safari"]]
    .find(([mark]) => agent.includes(mark));
  const system = [["Windows", "Windows"], ["Android", "Android"], ["iPhone", "iPhone"], ["iPad", "iPad"],
    ["Mac OS", "macOS"], ["Linux", "Linux"]].find(([mark]) => agent.includes(mark));
  if (!browser && !system) return agent.slice(0, 60);
  return [browser && browser[1], system && `op ${system[1]}`].filter(Boolean).join(" ");
}

function row(session, everyone) {
  const tr = document.createElement("tr");
  if (everyone) tr.append(element("td", session.username));
  const name = element("td", device(session.user_agent));
  name.title = session.user_agent || "";
  if (session.current) {
    name.append(" ", element("strong", "(dit apparaat)"));
  }
  tr.append(name, element("td", session.origin || "onbekend"), element("td", when(session.created_at)),
    element("td", when(session.last_seen_at)));
  const cell = document.createElement("td");
  const button = element("button", "Afmelden", "button button--secondary");
  button.type = "button";
  const who = everyone ? ` van ${session.username}` : "";
  button.setAttribute("aria-label", session.current ? "Afmelden op dit apparaat"
    : `Afmelden: ${device(session.user_agent)}${who}, ingelogd ${when(session.created_at)}`);
  button.addEventListener("click", () => end(session, everyone));
  cell.append(button);
  tr.append(cell);
  return tr;
}

async function end(session, everyone) {
  await request("DELETE", `/api/staff/sessions/${encodeURIComponent(session.id)}`);
  if (session.current) {
    location.reload(); // this device is logged out: the log-in form
    return;
  }
  await load(everyone);
  announce(byId("sessions-summary"), "De sessie is afgemeld.");
}

async function load(everyone) {
  const found = await get(everyone ? "/api/staff/sessions?all=true" : "/api/staff/sessions");
  byId("sessions-rows").replaceChildren(...found.sessions.map((session) => row(session, everyone)));
  labelColumns(byId("sessions-table"));
  const count = found.sessions.length;
  byId("sessions-summary").textContent = `${count} ${count === 1 ? "sessie" : "sessies"}`;
}

startPage({
  allowed: () => true,
  elsewhere: () => null,
  ready: (staff) => {
    const everyone = staff.roles.includes("admin");
    byId("sessions-who").hidden = !everyone;
    if (everyone) {
      byId("sessions-intro").textContent = "U bent beheerder: u ziet de sessies van alle medewerkers en kunt elke sessie afmelden.";
    }
    load(everyone);
  },
});
