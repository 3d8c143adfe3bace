import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oncePerPath } from '../../src/input/once-per-path.js';
import { loadSender, SENDERS_KEPT } from '../../src/input/load-sender.js';
import { IMAGES_KEPT, loadImage } from '../../src/input/load-image.js';
import { bigCampaign } from '../batch/helpers.js';

describe('oncePerPath', () => {
  it('loads each path once, however it is written', () => {
    const loaded: string[] = [];
    const load = oncePerPath((path) => {
      loaded.push(path);
      return { path };
    });
    const first = load('/tmp/x/a.yaml');
    expect(load('/tmp/x/../x/a.yaml')).toBe(first);
    expect(loaded).toEqual(['/tmp/x/a.yaml']);
  });

  it('with a limit, keeps no more than that many: a long list of files does not grow memory', () => {
    const loaded: string[] = [];
    const load = oncePerPath((path) => {
      loaded.push(path);
      return { path };
    }, 3);
    const first = load('/f/0');
    for (const n of [1, 2]) load(`/f/${n}`);
    expect(load('/f/0')).toBe(first);
    load('/f/3');
    // Full: started over, so the first file is read again, as a new value.
    expect(load('/f/0')).not.toBe(first);
    expect(loaded).toEqual(['/f/0', '/f/1', '/f/2', '/f/3', '/f/0']);
  });
});

describe('loaded senders and images', () => {
  it(`are kept for the last ${SENDERS_KEPT} senders, not for every sender of a long campaign`, () => {
    const ws = bigCampaign(SENDERS_KEPT + 1);
    const files = Array.from({ length: SENDERS_KEPT + 1 }, (_, i) => join(ws, 'senders', `copy-${String(i + 1).padStart(3, '0')}.yaml`));
    const first = loadSender(files[0]!);
    expect(first.sender?.data.id).toBe('copy-001');
    for (const file of files.slice(1, SENDERS_KEPT)) loadSender(file);
    expect(loadSender(files[0]!)).toBe(first);
    loadSender(files[SENDERS_KEPT]!);
    const again = loadSender(files[0]!);
    expect(again).not.toBe(first);
    expect(again.sender?.data).toEqual(first.sender?.data);
  });

  it(`are kept for the last ${IMAGES_KEPT} images`, () => {
    const ws = bigCampaign(1);
    const image = join(ws, 'senders', 'signatures', 'good.png');
    const first = loadImage(image);
    expect(first.ok).toBe(true);
    for (let i = 0; i < IMAGES_KEPT; i++) loadImage(join(ws, 'senders', 'signatures', `missing-${i}.png`));
    const again = loadImage(image);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
