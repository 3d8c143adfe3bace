import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../src/pipeline/load-case.js';
import { buildLetterSpec } from '../../src/plan/build-letter-spec.js';
import { deliveryAddresses } from '../../src/plan/delivery-addresses.js';
import { planCaseLetters } from '../../src/plan/plan-case-letters.js';
import { ROOT } from '../helpers/run-cli.js';

describe('buildLetterSpec', () => {
  const kase = loadCase(join(ROOT, 'cases', 'baltabay-fr.yaml'));
  const planned = planCaseLetters(kase)[0]!;
  const choices = {
    id: planned.id,
    sender: kase.sender,
    signatories: planned.signatories,
    language: 'fr',
    date: '2020-03-23',
    reference: 'X/1',
    addressees: planned.addressees,
    salutation: planned.salutation,
    via: planned.via,
    template: 'appeal',
  };

  it('takes subject and closing from the case, located in the case file', () => {
    const spec = buildLetterSpec(kase, { ...choices, ownSender: true });
    expect(spec.subject?.value).toBe(kase.data.letter.subject);
    expect(spec.subject?.path).toEqual(['letter', 'subject']);
    expect(spec.closing?.path).toEqual(['letter', 'closing']);
    expect(spec.caseOrigin).toEqual({ source: kase.source, language: kase.language });
    expect(spec.senderOrigin.language).toBe(kase.sender.data.language);
  });

  it('gives the case’s place and cc only to a letter from the case’s own sender', () => {
    expect(buildLetterSpec(kase, { ...choices, ownSender: true }).place?.path).toEqual(['letter', 'place']);
    const other = buildLetterSpec(kase, { ...choices, ownSender: false });
    expect(other.place).toBeUndefined();
    expect(other.cc).toEqual([]);
  });

  it('is what planCaseLetters makes of a case', () => {
    expect(
      buildLetterSpec(kase, { ...choices, ownSender: true, language: kase.language, date: kase.data.letter.date, reference: kase.data.letter.reference }),
    ).toEqual(planned);
  });
});

describe('deliveryAddresses', () => {
  it('lists the embassy’s addresses, then the addressees’ own, each once', () => {
    const kase = loadCase(join(ROOT, 'cases', 'baltabay-fr.yaml'));
    const spec = planCaseLetters(kase)[0]!;
    expect(deliveryAddresses(spec).to).toEqual(['kz-embassy-paris@example.org']);
    const addressee = { ...spec.addressees[0]!, data: { ...spec.addressees[0]!.data, emails: ['a@example.org', 'kz-embassy-paris@example.org'] } };
    expect(deliveryAddresses({ ...spec, addressees: [addressee] }).to).toEqual(['kz-embassy-paris@example.org', 'a@example.org']);
    // One mailbox written in two cases, across the embassy and the addressee and the case's cc, is written to once.
    const shouting = { ...addressee, data: { ...addressee.data, emails: ['KZ-Embassy-Paris@EXAMPLE.org', 'A@example.org', 'a@EXAMPLE.ORG'] } };
    const merged = deliveryAddresses({ ...spec, addressees: [shouting], cc: ['kz-embassy-paris@example.ORG', 'Copy@ituc.org', 'copy@ITUC.org'] });
    expect(merged.to).toEqual(['kz-embassy-paris@example.org', 'A@example.org']);
    expect(merged.cc).toEqual(['Copy@ituc.org']);
    const none = deliveryAddresses({ ...spec, via: undefined, addressees: [] });
    expect(none.to).toEqual([]);
    expect(none.problems.map((p) => p.message).join()).toMatch(/no delivery address/);
  });
});
