/**
 * Jira writes date-times as `2013-07-23T15:27:59.000-0400`: ISO 8601, but with the offset's colon
 * left out, which `Date.parse` is not required to accept. Cloud writes `+0000`; exports and the
 * bulk changelog API may write `Z` or `+00:00`. All of these are read here, strictly.
 */
const JIRA_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/** Milliseconds since the epoch, or null when the text is not a Jira date-time. */
export function parseJiraDateTime(text: string): number | null {
  const common = parseCommonForm(text);
  return common !== undefined ? common : parseAnyForm(text);
}

function parseAnyForm(text: string): number | null {
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

/*
 * Nearly every date-time Jira sends has one form, `2021-09-06T04:34:26.204+0000`, and a cold load
 * of 10 000 work items reads some 100 000 of them: that form is read from its character codes.
 * Anything else, and the rare cases (a leap second, a year before 100), go to the regex above,
 * which decides.
 */
const COMMON_LENGTH = 28;
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 24, 25, 26, 27];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The instant of a date-time in the common form; undefined when it is not in it, or is a rare case. */
function parseCommonForm(t: string): number | null | undefined {
  if (
    t.length !== COMMON_LENGTH ||
    t.charCodeAt(4) !== 45 || // -
    t.charCodeAt(7) !== 45 ||
    t.charCodeAt(10) !== 84 || // T
    t.charCodeAt(13) !== 58 || // :
    t.charCodeAt(16) !== 58 ||
    t.charCodeAt(19) !== 46 // .
  ) {
    return undefined;
  }
  const sign = t.charCodeAt(23);
  if (sign !== 43 && sign !== 45) return undefined; // + or -
  for (const i of DIGIT_POSITIONS) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const year = digitsAt(t, 0, 4);
  const second = digitsAt(t, 17, 19);
  if (year < 100 || second === 60) return undefined;
  const month = digitsAt(t, 5, 7);
  const day = digitsAt(t, 8, 10);
  const hour = digitsAt(t, 11, 13);
  const minute = digitsAt(t, 14, 16);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const offsetHours = digitsAt(t, 24, 26);
  const offsetMinutes = digitsAt(t, 26, 28);
  if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES) return null;
  const offset = (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return Date.UTC(year, month - 1, day, hour, minute, second, digitsAt(t, 20, 23)) - offset;
}

function digitsAt(t: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + t.charCodeAt(i) - 48;
  return v;
}
