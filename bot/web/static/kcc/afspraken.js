// The appointments page: the appointments of one day (and location), and one appointment
// with the chat transcript the resident agreed to send along. KCC employees see all
// appointments; an agency employee gets only those of their own agency from the API.

import { ApiError, get } from "./api.js";
import { appendNew } from "./messages.js";
import { announce, element, roles, startPage, syncList } from "./shell.js";

const STATUSES = { booked: "Gepland", cancelled: "Geannuleerd" };
const byId = (id) => document.getElementById(id);
const knownLocations = new Map();

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function time(iso) {
  return new Date(iso).toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" });
}

function longDate(day) {
  return new Date(`${day}T12:00:00`).toLocaleDateString("nl-NL", { weekday: "long", day: "numeric", month: "long" });
}

function problemText(error, oneAppointment = false) {
  if (error instanceof ApiError) {
    if (error.status === 403) return "Uw account mag deze afspraken niet zien.";
    if (error.status === 404 && oneAppointment) return "Deze afspraak is niet gevonden.";
    if (error.status === 400 || error.status === 422) return `Dat zoekt de server niet: ${error.detail || "controleer datum en locatie."}`;
  }
  return "De afspraken kunnen nu niet worden getoond. Probeer het zo opnieuw.";
}

function row(appointment) {
  const tr = document.createElement("tr");
  for (let i = 0; i < 6; i += 1) tr.append(document.createElement("td"));
  const cell = document.createElement("td");
  const button = element("button", null, "button button--small");
  button.type = "button";
  button.append("Bekijken", element("span", `: afspraak ${appointment.reference}`, "visually-hidden"));
  button.addEventListener("click", () => showDetail(appointment.reference));
  cell.append(button);
  tr.append(cell);
  return tr;
}

function updateRow(tr, appointment) {
  const cells = tr.children;
  cells[0].textContent = `${time(appointment.start)}–${time(appointment.end)}`;
  cells[1].textContent = appointment.name || "";
  cells[2].textContent = appointment.product_name || appointment.product;
  cells[3].textContent = appointment.location_name || appointment.location;
  cells[4].textContent = STATUSES[appointment.status] || appointment.status;
  cells[5].textContent = appointment.has_transcript ? "Meegestuurd" : "Geen";
}

function rememberLocations(appointments) {
  const select = byId("location");
  for (const appointment of appointments) {
    if (!knownLocations.has(appointment.location)) {
      knownLocations.set(appointment.location, appointment.location_name || appointment.location);
      select.append(new Option(knownLocations.get(appointment.location), appointment.location));
    }
  }
}

async function showList(event) {
  if (event) event.preventDefault();
  const day = byId("day").value || today();
  const location = byId("location").value;
  const query = new URLSearchParams({ date: day });
  if (location) query.set("location", location);
  byId("list-error").textContent = "";
  try {
    const answer = await get(`/api/appointments?${query}`);
    const appointments = answer.appointments;
    rememberLocations(appointments);
    syncList(byId("appointments"), appointments, (a) => a.reference, row, updateRow);
    const where = location ? ` in ${knownLocations.get(location) || location}` : "";
    byId("list-caption").textContent = `Afspraken op ${longDate(day)}${where}`;
    byId("list-wrap").hidden = appointments.length === 0;
    announce(byId("list-summary"), appointments.length === 0 ? `Geen afspraken op ${longDate(day)}${where}.`
      : `${appointments.length} ${appointments.length === 1 ? "afspraak" : "afspraken"} op ${longDate(day)}${where}.`);
  } catch (error) {
    byId("list-error").textContent = problemText(error);
  }
}

function fact(list, term, value) {
  if (value) list.append(element("dt", term), element("dd", value));
}

async function showDetail(reference) {
  byId("list-error").textContent = "";
  let appointment;
  try {
    appointment = (await get(`/api/appointments/${encodeURIComponent(reference)}`)).appointment;
  } catch (error) {
    byId("list-error").textContent = problemText(error, true);
    return;
  }
  byId("detail-title").textContent = `Afspraak ${appointment.reference}`;
  const facts = byId("detail-facts");
  facts.replaceChildren();
  fact(facts, "Naam", appointment.name);
  fact(facts, "Product", appointment.product_name || appointment.product);
  fact(facts, "Locatie", appointment.location_name || appointment.location);
  fact(facts, "Tijd", `${new Date(appointment.start).toLocaleDateString("nl-NL")} ${time(appointment.start)}–${time(appointment.end)}`);
  fact(facts, "Status", STATUSES[appointment.status] || appointment.status);
  fact(facts, "Organisaties", (appointment.agencies || []).join(", "));
  fact(facts, "E-mail", appointment.email);
  fact(facts, "Telefoon", appointment.phone);
  const list = byId("detail-transcript");
  list.replaceChildren();
  const transcript = appointment.transcript;
  if (transcript) {
    const consent = new Date(transcript.consent_at).toLocaleString("nl-NL",
      { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
    byId("detail-consent").textContent = `De inwoner gaf op ${consent} toestemming om dit gesprek mee te sturen.`;
    appendNew(list, transcript.messages);
    byId("detail-transcript-wrap").hidden = false;
  } else {
    byId("detail-consent").textContent = "Er is geen gesprek meegestuurd.";
    byId("detail-transcript-wrap").hidden = true;
  }
  byId("detail").hidden = false;
  byId("detail-title").focus();
}

function start() {
  if (!byId("day").value) byId("day").value = today();
  showList();
}

byId("filters").addEventListener("submit", showList);

startPage({
  allowed: (list) => roles.chat(list) || roles.agency(list),
  elsewhere: () => null,
  ready: start,
});
