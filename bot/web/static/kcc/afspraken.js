// The appointments page: the appointments of a day or of the coming days (and a location),
// grouped per day, and one appointment with the chat transcript the resident agreed to send
// along. KCC employees see all appointments and locations; an agency employee gets only those
// of their own agency, and the pilot locations where it is, from the API. Days and times are
// the municipality's (time.js), whatever the device's time zone; the tables reflow at 200%.

import { element } from "../shared/dom.js";
import { ApiError, get } from "./api.js";
import { appendNew } from "./messages.js";
import { announce, labelColumns, roles, startPage, syncList } from "./shell.js";
import { addDays, dayOf, formatMoment, hourMinute as time, longDate, today } from "./time.js";

const STATUSES = { booked: "Gepland", cancelled: "Geannuleerd" };
const COLUMNS = ["Tijd", "Naam", "Product", "Organisaties", "Locatie", "Status", "Gesprek"];
// The period's words: relative to today when the date is today, else to the chosen date.
const PERIODS = {
  1: ["Vandaag", "Alleen die dag"],
  7: ["Komende 7 dagen", "7 dagen vanaf die dag"],
  14: ["Komende 14 dagen", "14 dagen vanaf die dag"],
};
const byId = (id) => document.getElementById(id);

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function problemText(error, oneAppointment = false) {
  if (error instanceof ApiError) {
    if (error.status === 403) return "Uw account mag deze afspraken niet zien.";
    if (error.status === 404 && oneAppointment) return "Deze afspraak is niet gevonden.";
    if (error.status === 400 || error.status === 422) return `Dat zoekt de server niet: ${error.detail || "controleer datum, periode en locatie."}`;
  }
  return "De afspraken kunnen nu niet worden getoond. Probeer het zo opnieuw.";
}

function labelPeriods() {
  const relative = byId("day").value === today() ? 0 : 1;
  for (const option of byId("period").options) option.textContent = PERIODS[option.value][relative];
}

function row(appointment) {
  const tr = document.createElement("tr");
  for (let i = 0; i < COLUMNS.length; i += 1) tr.append(document.createElement("td"));
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
  cells[3].textContent = (appointment.agency_names || appointment.agencies || []).join(", ");
  cells[4].textContent = appointment.location_name || appointment.location;
  cells[5].textContent = STATUSES[appointment.status] || appointment.status;
  cells[6].textContent = appointment.has_transcript ? "Meegestuurd" : "Geen";
}

/** One day's part of the list: a heading and a table of its appointments. */
function daySection(group) {
  const section = element("section", null, "panel table-wrap day");
  const heading = element("h2");
  heading.id = `dag-${group.day}`;
  section.setAttribute("aria-labelledby", heading.id);
  const table = element("table", null, "reflow");
  const caption = element("caption", null, "visually-hidden");
  const head = element("tr");
  for (const column of COLUMNS) {
    const th = element("th", column);
    th.scope = "col";
    head.append(th);
  }
  const details = element("th");
  details.scope = "col";
  details.append(element("span", "Details", "visually-hidden"));
  head.append(details);
  const thead = element("thead");
  thead.append(head);
  table.append(caption, thead, element("tbody"));
  section.append(heading, table);
  return section;
}

function updateDay(section, group) {
  const count = group.appointments.length;
  section.querySelector("h2").textContent = `${capitalised(longDate(group.day))} (${count} ${count === 1 ? "afspraak" : "afspraken"})`;
  section.querySelector("caption").textContent = `Afspraken op ${longDate(group.day)}`;
  syncList(section.querySelector("tbody"), group.appointments, (a) => a.reference, row, updateRow);
  labelColumns(section.querySelector("table"));
}

/** The appointments (earliest first) per day on which they start, in order. */
function perDay(appointments) {
  const groups = [];
  for (const appointment of appointments) {
    const day = dayOf(appointment.start);
    if (!groups.length || groups[groups.length - 1].day !== day) groups.push({ day, appointments: [] });
    groups[groups.length - 1].appointments.push(appointment);
  }
  return groups;
}

/** The location choice as the API gives it, keeping what is chosen. */
function offerLocations(locations) {
  const select = byId("location");
  const chosen = select.value;
  [...select.options].slice(1).forEach((option) => option.remove());  // the first: "Alle locaties"
  for (const place of locations) select.append(new Option(place.name, place.code));
  select.value = locations.some((place) => place.code === chosen) ? chosen : "";
}

function periodText(day, days) {
  return days === 1 ? `op ${longDate(day)}` : `van ${longDate(day)} tot en met ${longDate(addDays(day, days - 1))}`;
}

async function showList(event) {
  if (event) event.preventDefault();
  const day = byId("day").value || today();
  const days = Number(byId("period").value) || 1;
  const select = byId("location");
  const location = select.value;
  const query = new URLSearchParams({ date: day, days: String(days) });
  if (location) query.set("location", location);
  byId("list-error").textContent = "";
  try {
    const answer = await get(`/api/appointments?${query}`);
    const appointments = answer.appointments;
    offerLocations(answer.locations || []);
    syncList(byId("appointments"), perDay(appointments), (group) => group.day, daySection, updateDay);
    const where = location ? ` in ${select.options[select.selectedIndex].text}` : "";
    const count = appointments.length;
    announce(byId("list-summary"), count === 0 ? `Geen afspraken ${periodText(day, days)}${where}.`
      : `${count} ${count === 1 ? "afspraak" : "afspraken"} ${periodText(day, days)}${where}.`);
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
  fact(facts, "Tijd", `${formatMoment(appointment.start, { day: "numeric", month: "numeric", year: "numeric" })} `
    + `${time(appointment.start)}–${time(appointment.end)}`);
  fact(facts, "Status", STATUSES[appointment.status] || appointment.status);
  fact(facts, "Organisaties", (appointment.agency_names || appointment.agencies || []).join(", "));
  fact(facts, "E-mail", appointment.email);
  fact(facts, "Telefoon", appointment.phone);
  const list = byId("detail-transcript");
  list.replaceChildren();
  const transcript = appointment.transcript;
  if (transcript) {
    const consent = formatMoment(transcript.consent_at, { day: "numeric", month: "long", hour: "2-digit",
      minute: "2-digit" });
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
  labelPeriods();
  showList();
}

byId("filters").addEventListener("submit", showList);
byId("day").addEventListener("input", labelPeriods);

startPage({
  allowed: (list) => roles.chat(list) || roles.agency(list),
  elsewhere: () => null,
  ready: start,
});
