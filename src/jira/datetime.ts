/**
 * Jira writes date-times as `2013-07-23T15:27:59.000-0400`: ISO 8601, but with the offset's colon
 * left out, which `Date.parse` is not required to accept. Cloud writes `+0000`; exports and the
 * bulk changelog API may write `Z` or `+00:00`. All of these are read here, strictly.
 */
const JIRA_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/** Milliseconds since the epoch, or null when the text is not a Jira date-time. */
export function parseJiraDateTime(text: string): number | null {
  const m = JIRA_DATE_TIME.exec(text);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-6);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const offset = offsetMs(m[8] ?? 'Z');
  if (offset === null) return null;
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes the year as written.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  if (date.getUTCDate() !== day) return null;
  return date.getTime() - offset;
}

// Real offsets run from UTC−12:00 to UTC+14:00; `+9999` is no time zone.
const MAX_OFFSET_MINUTES = 14 * 60;

function offsetMs(zone: string): number | null {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (minutes > 59 || hours * 60 + minutes > MAX_OFFSET_MINUTES) return null;
  return sign * (hours * 60 + minutes) * 60_000;
}
