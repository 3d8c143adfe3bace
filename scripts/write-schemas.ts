// Writes schemas/<kind>.schema.json from the zod schemas: `npm run schemas`. A test fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jsonSchemas } from '../src/input/json-schemas.js';

const dir = resolve(import.meta.dirname, '..', 'schemas');
mkdirSync(dir, { recursive: true });
for (const [kind, text] of Object.entries(jsonSchemas())) {
  const file = join(dir, `${kind}.schema.json`);
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
