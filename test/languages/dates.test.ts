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
    // Dates are built and read in UTC, so the calendar day survives any offset.
    for (const d of ['2019-01-01', '2019-12-31', '2020-02-29', '2019-03-31', '2019-10-27']) {
      expect(formatLetterDate(d, 'en')).toBe(
        new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`)),
      );
    }
  });

  it('writes a day that the process time zone skipped as that day', () => {
    // Kiritimati went from 30 December 1994 to 1 January 1995, Samoa from 29 to 31 December 2011:
    // in those zones the day has no local time at all, noon included.
    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(formatLetterDate('1994-12-31', 'en')).toBe('31 December 1994');
      expect(formatLetterDate('1994-12-31', 'fr')).toBe('31 décembre 1994');
      process.env.TZ = 'Pacific/Apia';
      expect(formatLetterDate('2011-12-30', 'de')).toBe('30. Dezember 2011');
      expect(formatLetterDate('2011-12-30', 'ru')).toBe('30 декабря 2011 г.');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
