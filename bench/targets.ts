// The targets of issue 14, each judged met or not from the figures of one bench run.

export interface Target {
  /** What is measured, as the results table names it. */
  name: string;
  /** The measured figure (NaN when it could not be measured: then the target is not met). */
  value: number;
  unit: string;
  /** `max`: the figure must not exceed `limit`; `below`: strictly under it; `min`: at least it. */
  kind: 'max' | 'below' | 'min';
  limit: number;
  /** The figure it stands beside, for scale (Typst, today's figure). */
  beside?: string;
}

export function met(t: Target): boolean {
  if (!Number.isFinite(t.value)) return false;
  return t.kind === 'max' ? t.value <= t.limit : t.kind === 'below' ? t.value < t.limit : t.value >= t.limit;
}

function num(n: number, unit: string): string {
  if (!Number.isFinite(n)) return 'not measured';
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return `${n.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

const SIGN = { max: '≤', below: '<', min: '≥' } as const;

/** The targets as a Markdown table: figure, target, met or not, and what it stands beside. */
export function targetTable(targets: Target[]): string {
  const rows = targets.map((t) => [t.name, num(t.value, t.unit), `${SIGN[t.kind]} ${num(t.limit, t.unit)}`, met(t) ? 'met' : 'NOT MET', t.beside ?? '']);
  const head = ['target', 'measured', 'goal', 'met', 'beside'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  return [line(head), `| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
