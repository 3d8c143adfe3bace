import { ValidationError } from '../errors.js';
import { problemAt } from '../input/read-yaml.js';
import type { Block, LetterDocument, SignatoryEntry } from '../letter-document.js';
import { unreachable } from '../letter-document.js';
import { hanFontFor } from '../fonts/fallback-fonts.js';
import { creationDate } from '../languages/dates.js';
import { labelsFor, unsupportedLanguage } from '../languages/labels.js';
import { languageOf } from '../languages/languages.js';
import { letterContext } from './letter-context.js';
import type { LetterSpec } from '../plan/letter-spec.js';
import { loadTemplate } from './load-template.js';
import { localize, localizeLines } from '../plan/localize.js';
import { MarkdownDepthError, markdownToBlocks } from './markdown-to-blocks.js';
import { noBreakBlocks } from './no-break-blocks.js';
import { numberFootnotes } from './number-footnotes.js';
import { uniqueAddresses } from '../input/email-address.js';

export interface ComposeOptions {
  /** SOURCE_DATE_EPOCH, for reproducible CreationDates. */
  sourceDateEpoch?: string;
}

/** Fills the letter's template with its data and returns the one model both renderers read. */
export function composeLetter(spec: LetterSpec, options: ComposeOptions = {}): LetterDocument {
  const lang = spec.language;
  const { caseData: c, caseOrigin, sender } = spec;
  const unsupported = unsupportedLanguage(lang);
  if (unsupported) throw new ValidationError([problemAt(caseOrigin.source, ['letter', 'language'], unsupported)]);
  const labels = labelsFor(lang);
  const { context, addressees, signatories, title, body: ownBody } = letterContext(spec, labels);
  const { cite, footnotes } = numberFootnotes(c.sources, caseOrigin, ownBody);

  const template = loadTemplate(spec.workspace, spec.template, lang);
  const blocks: Block[] = [];
  // Ordinary white space folds to one space; no-break spaces stay.
  const oneLine = (s: string) => s.replace(/[ \t\n\r\f\v]+/g, ' ').trim();
  for (const section of template.sections) {
    const out = section.render ? section.render(context, lang) : '';
    switch (section.name) {
      case 'letterhead':
        blocks.push({
          kind: 'letterhead',
          lines: sender.data.letterhead ?? [{ name: sender.data.name }],
          officers: sender.data.officers ?? [],
          ...(sender.logo ? { logo: sender.logo } : {}),
        });
        break;
      case 'addressees': {
        const positionFirst = languageOf(lang)?.addressOrder === 'position-first';
        blocks.push({
          kind: 'addressees',
          addressees: addressees.map((a) => ({
            name: [a.honorific, a.name].filter(Boolean).join(' '),
            position: a.position,
            // Each mailbox once, as the e-mail sends it (`x@MFA.kz` and `x@mfa.kz` are one).
            emails: uniqueAddresses(a.emails),
            ...(positionFirst ? { positionFirst } : {}),
          })),
        });
        break;
      }
      case 'delivery':
        if (spec.via) {
          const v = spec.via;
          const name = localize({ origin: v.origin, path: [...v.path, 'name'], value: v.name }, lang, false);
          const address = localizeLines({ origin: v.origin, path: [...v.path, 'address'], value: v.address }, lang, false);
          blocks.push({ kind: 'delivery', line: labels.delivery(name), emails: uniqueAddresses(v.emails), address });
        }
        break;
      case 'reference':
      case 'dateline':
      case 'salutation':
      case 'closing':
        if (oneLine(out)) blocks.push({ kind: section.name, text: oneLine(out) });
        break;
      case 'subject':
        if (oneLine(out)) blocks.push({ kind: 'subject', label: labels.subject, text: oneLine(out) });
        break;
      case 'body': {
        const path = typeof c.body === 'object' && c.body !== null && Object.hasOwn(c.body, lang) ? ['body', lang] : ['body'];
        let body: Block[];
        try {
          body = markdownToBlocks(out, cite);
        } catch (err) {
          if (!(err instanceof MarkdownDepthError)) throw err;
          // The line is of the text as filled in: found as written in the case's body, it is told at its
          // own line and column there; else the body is, with the line of the filled-in text.
          const line = out.split('\n')[err.line - 1]!.trim();
          const raw = path.length === 2 ? (c.body as Record<string, unknown>)[lang] : c.body;
          const index = typeof raw === 'string' && line !== '' ? raw.indexOf(line) : -1;
          const at = index >= 0 ? caseOrigin.source.locateInValue(path, index) : undefined;
          const fix = 'no letter needs that, and the text inside would be lost. Use fewer `>` or list levels.';
          const problem = problemAt(caseOrigin.source, path, `${err.message}${at ? '' : ` at line ${err.line} of the filled-in text`}: ${fix}`);
          throw new ValidationError([{ ...problem, ...(at ? { line: at.line, column: at.column } : {}) }]);
        }
        // The case's own body, filled in to no text (blank, a rule, a block whose condition is false):
        // the letter would be a salutation and a closing alone.
        if (context.body !== undefined && body.length === 0) {
          // The case's body has text, but the template's `::body` part does not print it: the template is at fault.
          if (markdownToBlocks(String(context.body), cite).length > 0) {
            throw new ValidationError([
              {
                file: template.file,
                ...(section.line !== undefined ? { line: section.line, column: 1 } : {}),
                path: '',
                message:
                  "the `::body` part prints nothing for this letter, though the case has a body: print the case's text with {{{body}}} in it, as the built-in templates do.",
                severity: 'error',
              },
            ]);
          }
          throw new ValidationError([
            problemAt(
              caseOrigin.source,
              path,
              'has no text to print once filled in: the letter would hold its salutation and closing alone. Write the letter’s text, or remove `body:` to let the template write it from the timeline and demands.',
            ),
          ]);
        }
        // One by one: a body of 150,000 paragraphs is more arguments than one call's stack holds.
        for (const block of body) blocks.push(block);
        break;
      }
      case 'signatures':
        blocks.push({
          kind: 'signatures',
          signatories: signatories.map(({ name, title, signature }): SignatoryEntry => ({
            name,
            ...(title ? { title } : {}),
            ...(signature ? { signature } : {}),
          })),
        });
        break;
      case 'cc':
        if (spec.cc.length > 0) blocks.push({ kind: 'cc', label: labels.cc, entries: spec.cc });
        break;
      default:
        unreachable(section.name);
    }
  }

  const han = hanFontFor(c.country, c.letter.han);
  return {
    language: lang,
    ...(han !== 'sc' ? { han } : {}),
    ...(spec.reference ? { reference: spec.reference } : {}),
    pageLabel: { template: labels.page },
    ...(sender.data.address ? { footer: sender.data.address } : {}),
    blocks: noBreakBlocks(blocks, lang),
    footnotes,
    meta: {
      title,
      author: sender.data.name,
      subject: `${title}: ${addressees.map((a) => a.name).join(', ')}`,
      keywords: [c.id, spec.id],
      creationDate: creationDate(spec.date, options.sourceDateEpoch),
    },
  };
}
