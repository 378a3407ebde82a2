// Times as the console shows them: always in the municipality's time zone, whatever the
// device's own zone is (a laptop set to UTC must still show 11:00 for an 11:00 appointment).
// The zone comes from the page (`<html data-tijdzone>`, filled in by the server from
// bot.core.clock.TIMEZONE), so it is written in one place.

const ZONE = document.documentElement.dataset.tijdzone || "Europe/Amsterdam";
const LOCALE = "nl-NL";
const formats = new Map();

function format(options) {
  const key = JSON.stringify(options);
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(LOCALE, { timeZone: ZONE, ...options }));
  return formats.get(key);
}

function parts(moment) {
  const found = {};
  for (const part of format({ year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(moment)) {
    found[part.type] = part.value;
  }
  return found;
}

/** The municipality's time zone, as the page names it. */
export const timeZone = ZONE;

/** "2026-11-24": the calendar day of a moment (an ISO string or a Date) in the municipality. */
export function dayOf(moment) {
  const { year, month, day } = parts(new Date(moment));
  return `${year}-${month}-${day}`;
}

/** Today's date in the municipality, "2026-11-24". */
export function today() {
  return dayOf(new Date());
}

/** A calendar day plus `count` days, "2026-11-30"; a day is no moment, so no zone shifts it. */
export function addDays(day, count) {
  const moment = new Date(`${day}T12:00:00Z`);
  moment.setUTCDate(moment.getUTCDate() + count);
  return moment.toISOString().slice(0, 10);
}

/** "dinsdag 24 november": a calendar day in words. */
export function longDate(day) {
  return new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" })
    .format(new Date(`${day}T12:00:00Z`));
}

/** "11:00": the time of day of a moment in the municipality. */
export function hourMinute(iso) {
  return format({ hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** A moment with any Intl options (day, month, hour, ...), in the municipality's zone. */
export function formatMoment(iso, options) {
  return format(options).format(new Date(iso));
}

/** A time of day (14:05), or with the date when it is not today (in the municipality). */
export function clockTime(iso) {
  if (!iso) return "";
  const sameDay = dayOf(iso) === today();
  return formatMoment(iso, sameDay ? { hour: "2-digit", minute: "2-digit" }
    : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}
