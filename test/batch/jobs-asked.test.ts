import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { jobsAsked, jobsFor, lettersListed, LETTERS_PER_THREAD } from '../../src/batch/jobs-asked.js';

describe('jobsAsked', () => {
  it('is --jobs when given, whatever the letters', () => {
    expect(jobsAsked(3)).toBe(3);
    expect(jobsAsked(1, 1_000_000)).toBe(1);
    expect(jobsAsked(2, 10)).toBe(2);
  });

  it('else gives each thread LETTERS_PER_THREAD letters, from one thread to one per core', () => {
    const cores = availableParallelism();
    expect(jobsAsked(undefined, 0)).toBe(1);
    expect(jobsAsked(undefined, 1000)).toBe(1);
    expect(jobsAsked(undefined, 2 * LETTERS_PER_THREAD - 1)).toBe(1);
    expect(jobsAsked(undefined, 2 * LETTERS_PER_THREAD)).toBe(Math.min(2, cores));
    expect(jobsAsked(undefined, 1000 * LETTERS_PER_THREAD)).toBe(cores);
    expect(jobsAsked(undefined)).toBe(cores);
  });
});

describe('jobsFor', () => {
  it('never gives a day more threads than letters, so a one-letter day renders in the batch thread', () => {
    expect(jobsFor(4, 1)).toBe(1);
    expect(jobsFor(4, 3)).toBe(3);
    expect(jobsFor(4, 0)).toBe(1);
    expect(jobsFor(2, undefined)).toBe(2);
    expect(jobsFor(undefined, 10)).toBe(1);
  });
});

describe('lettersListed', () => {
  it('multiplies the lengths of the three lists of a campaign file', () => {
    expect(lettersListed({ cases: ['a', 'b'], senders: [{}, {}, {}], officials: ['x', 'y'] })).toBe(12);
    expect(lettersListed({ cases: [], senders: [{}], officials: ['x'] })).toBe(0);
  });

  it('is undefined for anything else, so the default is one thread per core', () => {
    expect(lettersListed(null)).toBeUndefined();
    expect(lettersListed([1, 2])).toBeUndefined();
    expect(lettersListed({ cases: 'a', senders: [], officials: [] })).toBeUndefined();
    expect(lettersListed({ cases: [], senders: [] })).toBeUndefined();
  });
});
