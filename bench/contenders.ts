// The bench's contenders, each group in a Node process of its own (bench/run.ts starts them): ours,
// bare pdfkit, Typst. In one process, bare pdfkit's letters (100 ms of garbage each, and pdfkit's
// functions called with other fonts and options) slowed ours down by half: our median went from 1.0 to
// 1.9 ms. A campaign day has no bare pdfkit beside it, and Typst runs in its own compiler anyway.
// run.ts still hands out the letters in rounds, one contender at a time, so the machine's noise hits
// all alike; a round is a run of letters one after the other, as a campaign day renders them (a
// single letter after another process's 100 ms starts with cold CPU caches, whoever renders it). Each
// process times its own letters (wall and CPU, all its threads).
//
// Ours is the pipeline as the build bundles it (ours-bundle.ts), which its process loads alone: src/
// as tsx serves it lacks the packages' patches (fontkit's shaping) that users' letters run with.
//
// Run as a child: `node --import tsx bench/contenders.ts <ours|pdfkit|typst> <case file> [ours bundle]`,
// spoken to over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LetterDocument } from '../src/letter-document.js';
import type { OursWarm } from './ours-bundle.js';
import type { Phases } from './ours-warm.js';
import type { TypstRenderer } from './typst.js';

export type Group = 'ours' | 'pdfkit' | 'typst';

export interface Rendered {
  pdf: Buffer;
  pages: number;
}

type Request =
  { op: 'render'; name: string; count: number } | { op: 'last'; name: string } | { op: 'phases'; letters: number } | { op: 'typst-evicted'; rounds: number };

interface Ready {
  /** The contenders this process renders, with what each is. */
  contenders: { name: string; what: string }[];
  /** Why a contender could not be set up (Typst's addon missing). */
  unavailable?: string;
  /** ms to create Typst's compiler (addon load and fonts). */
  typstCreate?: number;
}

/** A letter's wall ms and CPU ms (user + system, every thread of its process). */
export interface Timed {
  ms: number;
  cpu: number;
}

/** A group's process, as run.ts speaks to it. */
export interface GroupProcess extends Ready {
  /** `count` letters of a contender one after the other, each timed. */
  render(name: string, count: number): Promise<Timed[]>;
  last(name: string): Promise<Rendered | undefined>;
  phases(letters: number): Promise<Phases>;
  typstEvicted(rounds: number): Promise<number[]>;
  close(): void;
}

/**
 * Starts a group's process and waits until its contenders are set up. `oursBundle` is the bundle of
 * our pipeline the `ours` group renders with (ours-bundle.ts's buildOursBundle).
 */
export async function startGroup(group: Group, caseFile: string, oursBundle?: string): Promise<GroupProcess> {
  if (group === 'ours' && !oursBundle) throw new Error('the ours group needs the bundle of our pipeline (buildOursBundle)');
  const child = fork(join(import.meta.dirname, 'contenders.ts'), [group, caseFile, ...(oursBundle ? [oursBundle] : [])], {
    // tsx as the bench's own, wherever the bench was started from.
    execArgv: ['--import', import.meta.resolve('tsx')],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: ((value: unknown) => void)[] = [];
  const failed = new Promise<never>((_, reject) => {
    child.on('exit', (code) => reject(new Error(`the bench's ${group} process ended (${code})`)));
    child.on('error', reject);
  });
  failed.catch(() => undefined);
  child.on('message', (message) => replies.shift()?.(message));
  const next = <T>() => Promise.race([new Promise<T>((resolve) => replies.push(resolve as (v: unknown) => void)), failed]);
  const ask = <T>(request: Request) => {
    const reply = next<T | { error: string }>();
    child.send(request);
    return reply.then((r) => {
      if (r && typeof r === 'object' && 'error' in r) throw new Error(`${group}: ${r.error}`);
      return r as T;
    });
  };
  const ready = await next<Ready>();
  return {
    ...ready,
    render: (name, count) => ask<Timed[]>({ op: 'render', name, count }),
    last: (name) => ask<Rendered | undefined>({ op: 'last', name }).then((r) => r && { pdf: Buffer.from(r.pdf), pages: r.pages }),
    phases: (letters) => ask<Phases>({ op: 'phases', letters }),
    typstEvicted: (rounds) => ask<number[]>({ op: 'typst-evicted', rounds }),
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): void {
  child.removeAllListeners('exit');
  child.disconnect();
}

/** Pages of a PDF by its page objects (pdfjs checks the last PDF of each contender). */
function countPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

/**
 * The child: sets up its group's contenders, then renders and times what it is asked to. Each group
 * imports only what it renders with: ours its bundle, the others src/ (the sample's words) and theirs.
 */
async function serve(group: Group, caseFile: string, oursBundle: string | undefined): Promise<void> {
  const renderers = new Map<string, { what: string; render: () => Promise<Rendered> | Rendered }>();
  const ready: Ready = { contenders: [] };
  let typst: TypstRenderer | undefined;
  let typstDoc: LetterDocument | undefined;
  let ours: { warm: OursWarm; spec: ReturnType<OursWarm['sampleSpec']> } | undefined;
  if (group === 'ours') {
    const { loadOursBundle } = await import('./ours-bundle.js');
    const warm = loadOursBundle(oursBundle);
    const spec = warm.sampleSpec(caseFile);
    ours = { warm, spec };
    renderers.set('ours', { what: 'compose + layout + PDF (produceLetter, as bundled for dist/), warm', render: () => warm.renderOurs(spec) });
    // The campaign-day letter: same case and sender, an addressee never printed before, its body already
    // rendered in this process (by the row above, and by this row's earlier letters).
    let addressees = 0;
    renderers.set('ours (repeated body)', {
      what: 'the sample to a new addressee each letter, body seen before',
      render: () => warm.renderOurs(warm.otherAddressee(spec, ++addressees)),
    });
  } else if (group === 'pdfkit') {
    const [{ renderBarePdfkit }, { loadSample }] = await Promise.all([import('./bare-pdfkit.js'), import('./sample.js')]);
    const { doc } = loadSample();
    for (const [name, source, what] of [
      ['pdfkit (font paths)', 'paths', 'bare pdfkit, fonts and PNG registered by path each letter (naive)'],
      ['pdfkit (font buffers)', 'buffers', 'bare pdfkit, fonts and PNG read once into Buffers'],
    ] as const) {
      renderers.set(name, { what, render: () => renderBarePdfkit(doc, source).then((pdf) => ({ pdf, pages: countPages(pdf) })) });
    }
  } else {
    const [{ createTypst }, { loadSample }] = await Promise.all([import('./typst.js'), import('./sample.js')]);
    const { doc } = loadSample();
    typstDoc = doc;
    try {
      const t0 = performance.now();
      typst = await createTypst();
      ready.typstCreate = performance.now() - t0;
      const t = typst;
      renderers.set('typst', { what: 'typst-ts-node-compiler, one compiler reused: compile + PDF export', render: () => t.render(doc) });
    } catch (err) {
      ready.unavailable = err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
    }
  }
  ready.contenders = [...renderers].map(([name, { what }]) => ({ name, what }));
  const last = new Map<string, Rendered>();
  process.on('disconnect', () => process.exit(0));
  process.on('message', (request: Request) => {
    void answer(request).then(
      (reply) => process.send!(reply ?? null),
      (err: unknown) => process.send!({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
  process.send!(ready);

  async function answer(request: Request): Promise<unknown> {
    switch (request.op) {
      case 'render': {
        const contender = renderers.get(request.name);
        if (!contender) throw new Error(`no contender ${request.name} here`);
        const timed: Timed[] = [];
        for (let i = 0; i < request.count; i++) {
          const cpu0 = process.cpuUsage();
          const t0 = performance.now();
          const out = await contender.render();
          const ms = performance.now() - t0;
          const cpu = process.cpuUsage(cpu0);
          last.set(request.name, out);
          timed.push({ ms, cpu: (cpu.user + cpu.system) / 1000 });
        }
        return timed;
      }
      case 'last':
        return last.get(request.name);
      case 'phases':
        if (!ours) throw new Error('no ours here');
        return ours.warm.ourPhases(ours.spec, request.letters);
      case 'typst-evicted': {
        if (!typst) throw new Error('no typst here');
        const evicted: number[] = [];
        for (let i = 0; i < request.rounds; i++) {
          typst.evict();
          const t0 = performance.now();
          typst.render(typstDoc!);
          evicted.push(performance.now() - t0);
        }
        return evicted;
      }
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await serve(process.argv[2] as Group, resolve(process.argv[3]!), process.argv[4]);
