// scripts/bundle-patches.ts has Handlebars keep each template's wrapped helpers from call to call:
// bundled with the patch, templates must render (and fail) exactly as Handlebars renders them, on
// every call, and see helpers registered after their first call.
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { handlebarsHelpersKept } from '../../scripts/bundle-patches.js';
import { bundled } from '../helpers/bundled.js';

type HandlebarsModule = typeof Handlebars;

const patched = () => bundled<{ default: HandlebarsModule }>("export { default } from 'handlebars';", [handlebarsHelpersKept]).then((m) => m.default);

/** Each call's output, or its error's message, for a template in a fresh environment of `hb`. */
function outputs(hb: HandlebarsModule): string[] {
  const env = hb.create();
  env.registerHelper('shout', (text: unknown) => String(text).toUpperCase());
  env.registerPartial('sig', '— {{shout name}}');
  const out: string[] = [];
  const attempt = (f: () => string) => {
    try {
      out.push(f());
    } catch (err) {
      out.push(`error: ${(err as Error).message}`);
    }
  };
  const context = { name: 'Erlan', items: ['a', 'b'], nested: { value: 1 }, section: { x: 2 }, list: [{ x: 1 }, { x: 2 }] };
  const templates = [
    'Dear {{shout name}}, {{#each items}}{{@index}}={{this}} {{/each}}{{#with nested}}{{value}}{{/with}} {{> sig}}',
    // A field used as a block: blockHelperMissing, each call.
    '{{#section}}[{{x}}]{{/section}}{{#list}}<{{x}}>{{/list}}{{#missing}}never{{else}}none{{/missing}}',
    // A helper call with arguments that is no helper: helperMissing throws, each call.
    '{{nohelper name}}',
    '{{#if name}}yes{{else}}no{{/if}} {{lookup items 1}} {{{name}}}',
    '{{constructor.name}}|{{__proto__}}|{{name.constructor}}',
  ];
  const compiled = templates.map((t) => env.compile(t, { strict: false }));
  // The same options object call after call, as a letter's parts are filled in, then others.
  const own = { helpers: { shout: (t: unknown) => `(${String(t)})` } };
  for (let round = 0; round < 3; round++) {
    for (const template of compiled) for (let i = 0; i < 3; i++) attempt(() => template(context));
    for (const template of compiled) for (let i = 0; i < 2; i++) attempt(() => template(context, own));
    for (const template of compiled) attempt(() => template(context, { helpers: { ...own.helpers } }));
    // A helper registered, replaced or removed after the templates' first calls counts from the next call.
    if (round === 0) env.registerHelper('nohelper', (text: unknown) => `now a helper: ${String(text)}`);
    if (round === 1) env.unregisterHelper('shout');
  }
  attempt(() => compiled[0]!(context, { allowCallsToHelperMissing: true }));
  return out;
}

describe('Handlebars, as the build bundles it', () => {
  it('renders and fails as Handlebars does, call after call, and sees helpers registered between calls', async () => {
    const expected = outputs(Handlebars);
    // The cases do what they are here for.
    expect(expected).toContain('error: Missing helper: "nohelper"');
    expect(expected.some((o) => o.startsWith('now a helper: Erlan'))).toBe(true);
    expect(expected[3]).toBe('[2]<1><2>none');
    expect(outputs(await patched())).toEqual(expected);
  });
});
