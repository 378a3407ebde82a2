// The audit log page (administrators): search by who, action, object, result and dates, and
// export the same selection as CSV. Every search and export is itself in the log.

import { element } from "../shared/dom.js";
import { get } from "./api.js";
import { labelColumns, startPage } from "./shell.js";
import { formatMoment } from "./time.js";

const RESULTS = { ok: "Gelukt", refused: "Geweigerd", failed: "Mislukt" };
const byId = (id) => document.getElementById(id);

function query() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(byId("audit-filters")).entries()) {
    if (String(value).trim()) params.set(name, String(value).trim());
  }
  return params.toString();
}

async function search() {
  const found = await get(`/api/staff/audit?${query()}`);
  const rows = found.events.map((event) => {
    const row = document.createElement("tr");
    const object = [event.object_type, event.object_id].filter(Boolean).join(" ");
    for (const text of [formatMoment(event.at, { dateStyle: "short", timeStyle: "medium" }), event.actor, event.action, object,
      RESULTS[event.result] || event.result, event.origin || ""]) {
      row.append(element("td", text));
    }
    return row;
  });
  byId("audit-rows").replaceChildren(...rows);
  labelColumns(byId("audit-table"));
  byId("audit-summary").textContent = `${rows.length} ${rows.length === 1 ? "gebeurtenis" : "gebeurtenissen"}`;
  byId("audit-export").href = `/api/staff/audit.csv?${query()}`;
}

startPage({
  allowed: (roles) => roles.includes("admin"),
  elsewhere: () => null,
  ready: () => {
    byId("audit-filters").addEventListener("submit", (event) => {
      event.preventDefault();
      search();
    });
    search();
  },
});
