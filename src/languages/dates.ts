// The only module that formats with date-fns (each language module names its date-fns locale). Dates
// stay `YYYY-MM-DD` strings until formatted, and are built from their parts and read in UTC (CalendarDay),
// so no time zone can shift a day.
// Per-module imports: the date-fns barrels cost a third of a second of start-up.
import { BoundedCache } from '../bounded-cache.js';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { languageOf } from './languages.js';
import { en } from './en.js';

function parts(date: string): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function isCalendarDate(date: string): boolean {
  const p = parts(date);
  if (!p) return false;
  const [y, mo, d] = p;
  const utc = new Date(Date.UTC(y, mo - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === mo - 1 && utc.getUTCDate() === d;
}

/**
 * A calendar day as date-fns reads it: its day, month, year and weekday are those of UTC. date-fns
 * formats by a Date's local getters, and a day built in local time is not always that day: a time
 * zone may skip a whole day (Kiritimati went from 30 December 1994 to 1 January 1995, Samoa from 29
 * to 31 December 2011), and there noon of the skipped day came out as the next one. UTC skips none.
 */
class CalendarDay extends Date {
  override getFullYear(): number {
    return this.getUTCFullYear();
  }
  override getMonth(): number {
    return this.getUTCMonth();
  }
  override getDate(): number {
    return this.getUTCDate();
  }
  override getDay(): number {
    return this.getUTCDay();
  }
}

function calendarDay(date: string): CalendarDay {
  const p = parts(date);
  if (!p || !isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const d = new CalendarDay(Date.UTC(p[0], p[1] - 1, p[2], 12));
  if (!isValid(d)) throw new RangeError(`not a calendar date: ${date}`);
  return d;
}

/** Formatted dates by language and date: a campaign dates every letter alike. Cleared when full. */
const FORMATTED = new BoundedCache<string, string>(1_000);

/** "16 December 2019", "16 décembre 2019", "16. Dezember 2019", "16 декабря 2019 г.". */
export function formatLetterDate(date: string, language: string): string {
  return FORMATTED.getOrMake(`${language}\u0000${date}`, () => formatUncached(date, language));
}

function formatUncached(date: string, language: string): string {
  const { date: style } = languageOf(language) ?? en;
  const day = calendarDay(date);
  // Some languages write the first of the month otherwise: French "1er janvier 2020".
  const pattern = day.getDate() === 1 && style.firstOfMonth !== undefined ? style.firstOfMonth : style.pattern;
  return format(day, pattern, { locale: style.locale });
}

export function baseLanguage(language: string): string {
  return language.split('-')[0]!.toLowerCase();
}

/**
 * The PDF's CreationDate: SOURCE_DATE_EPOCH when set (reproducible builds), else noon UTC on the
 * letter's date, so the same inputs give the same bytes in every time zone.
 */
export function creationDate(letterDate: string, sourceDateEpoch?: string): Date {
  if (sourceDateEpoch !== undefined && /^\d+$/.test(sourceDateEpoch)) return new Date(Number(sourceDateEpoch) * 1000);
  const p = parts(letterDate);
  if (!p) throw new RangeError(`not a calendar date: ${letterDate}`);
  return new Date(Date.UTC(p[0], p[1] - 1, p[2], 12));
}
