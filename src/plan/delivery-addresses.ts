import type { LetterSpec } from './letter-spec.js';

/** Where a letter goes: the e-mail addresses of its delivery channel (the embassy), then the addressees' own, each once. */
export function deliveryAddresses(spec: Pick<LetterSpec, 'via' | 'addressees'>): string[] {
  return [...new Set([...(spec.via?.emails ?? []), ...spec.addressees.flatMap((a) => a.data.emails ?? [])])];
}
