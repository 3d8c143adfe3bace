import { describe, expect, it } from 'vitest';
import { creationDate, formatLetterDate, isCalendarDate } from '../../src/languages/dates.js';

describe('dates', () => {
  it('writes the date as each language writes it', () => {
    expect(formatLetterDate('2019-12-16', 'en')).toBe('16 December 2019');
    expect(formatLetterDate('2019-12-16', 'fr')).toBe('16 décembre 2019');
    expect(formatLetterDate('2019-12-16', 'es')).toBe('16 de diciembre de 2019');
    expect(formatLetterDate('2019-12-16', 'de')).toBe('16. Dezember 2019');
    expect(formatLetterDate('2019-12-16', 'ru')).toBe('16 декабря 2019 г.');
    expect(formatLetterDate('2020-03-01', 'fr-BE')).toBe('1er mars 2020');
    expect(formatLetterDate('2020-03-02', 'fr')).toBe('2 mars 2020');
  });

  it('knows the calendar', () => {
    expect(isCalendarDate('2020-02-29')).toBe(true);
    expect(isCalendarDate('2019-02-29')).toBe(false);
    expect(isCalendarDate('2019-02-30')).toBe(false);
    expect(isCalendarDate('2019-13-01')).toBe(false);
    expect(isCalendarDate('05.07.19')).toBe(false);
    expect(() => formatLetterDate('2019-02-30', 'en')).toThrow(RangeError);
  });

  it('pins the CreationDate to the letter date at noon UTC, or to SOURCE_DATE_EPOCH', () => {
    expect(creationDate('2019-12-16').toISOString()).toBe('2019-12-16T12:00:00.000Z');
    expect(creationDate('2019-12-16', '1577836800').toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(creationDate('2019-12-16', 'garbage').toISOString()).toBe('2019-12-16T12:00:00.000Z');
  });

  it('never shifts a day, whatever the process time zone (the suite also runs under several TZ values)', () => {
    // Dates are built and formatted in local time, so the calendar day survives any offset.
    for (const d of ['2019-01-01', '2019-12-31', '2020-02-29', '2019-03-31', '2019-10-27']) {
      expect(formatLetterDate(d, 'en')).toBe(
        new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`)),
      );
    }
  });
});
