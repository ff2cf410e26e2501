import { JqlError } from './jql-model';

/** JQL's dates: absolute and relative values, and the date functions, on the emulator's clock. */

const MINUTE = 60_000;
const DAY = 86_400_000;

const DURATION_UNITS: Record<string, number> = { w: 7 * DAY, d: DAY, h: 60 * MINUTE, m: MINUTE };

/** Absolute dates (in UTC, the emulator users' zone) and relative periods such as -12w or "4w 2d". */
export function parseJqlDate(text: string, now: number): number | null {
  const t = text.trim();
  const absolute = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(t);
  if (absolute !== null) {
    const [, y, mo, d, h, mi] = absolute;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
    return Number.isNaN(ms) ? null : ms;
  }
  const relative = /^([+-])?\s*((?:\d+\s*[wdhm]\s*)+)$/i.exec(t);
  if (relative !== null) {
    const sign = relative[1] === '-' ? -1 : 1;
    let total = 0;
    for (const m of (relative[2] ?? '').matchAll(/(\d+)\s*([wdhm])/gi)) {
      total += Number(m[1]) * (DURATION_UNITS[(m[2] ?? 'd').toLowerCase()] ?? DAY);
    }
    return now + sign * total;
  }
  return null;
}

/** now(), startOfDay(), endOfDay(), startOfWeek() … with an optional increment like -3 or "-1M". */
export function dateFunction(name: string, args: readonly string[], now: number): number {
  const fn = name.toLowerCase();
  if (fn === 'now') return now;
  const m = /^(start|end)of(day|week|month|year)$/.exec(fn);
  if (m === null) throw new JqlError(`Unable to find JQL function '${name}()'.`);
  const [, edge, unit] = m;
  const arg = (args[0] ?? '0').trim();
  const inc = /^([+-]?\d+)([dwmMy])?$/.exec(arg);
  if (inc === null) throw new JqlError(`The argument '${arg}' of '${name}' is not a valid increment.`);
  const amount = Number(inc[1]);
  const incUnit = inc[2] ?? { day: 'd', week: 'w', month: 'M', year: 'y' }[unit ?? 'day'] ?? 'd';
  const d = new Date(now);
  let y = d.getUTCFullYear();
  let mo = d.getUTCMonth();
  let day = d.getUTCDate();
  if (incUnit === 'y') y += amount;
  else if (incUnit === 'M') mo += amount;
  else if (incUnit === 'w') day += 7 * amount;
  else if (incUnit === 'd') day += amount;
  else if (incUnit === 'm') mo += amount; // Jira reads a lower-case m in these functions as months too
  let start: number;
  let length: (s: number) => number;
  switch (unit) {
    case 'day':
      start = Date.UTC(y, mo, day);
      length = () => DAY;
      break;
    case 'week': {
      // Jira's week starts on Sunday in its default locale.
      const base = Date.UTC(y, mo, day);
      start = base - new Date(base).getUTCDay() * DAY;
      length = () => 7 * DAY;
      break;
    }
    case 'month':
      start = Date.UTC(y, mo, 1);
      length = (s) => Date.UTC(new Date(s).getUTCFullYear(), new Date(s).getUTCMonth() + 1, 1) - s;
      break;
    default:
      start = Date.UTC(y, 0, 1);
      length = (s) => Date.UTC(new Date(s).getUTCFullYear() + 1, 0, 1) - s;
  }
  return edge === 'start' ? start : start + length(start) - 1;
}
