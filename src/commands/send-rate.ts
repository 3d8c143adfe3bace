// `letters send --rate`: read by the command line's checks and by the send command alike, so the
// rule and its message are written once.

/** Fits an ordinary mail account's sending limits; raise it for a campaign's own relay. */
export const DEFAULT_RATE = 20;

/**
 * The slowest rate, one message every 100 minutes. From one a month on, the wait between messages
 * overflows node's timers (24.8 days at most), which then fire at once: the rate was not kept at all.
 */
export const MIN_RATE = 0.01;

/** Messages per minute from `20` or `20/min`; undefined when the text is no such rate. */
export function readRate(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*min)?\s*$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  return n >= MIN_RATE && Number.isFinite(n) ? n : undefined;
}

/** What is wrong with a `--rate`, and an example. */
export function rateMessage(text: string): string {
  return `--rate must be a number of messages per minute from ${MIN_RATE} (one every ${1 / MIN_RATE} minutes) up, such as 20 or 20/min, not \`${text}\`; e.g. letters send out/kazakhstan-day-2020 --send --rate 20`;
}
