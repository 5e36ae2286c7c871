/**
 * The mutation fuzzer shared by the unit test (fixed seed, small count) and `npm run fuzz`
 * (a count or a time budget). Input i of a run depends only on (seed, i) and the names of the
 * fixtures (see `fixtureOf`), so a failure is reproduced with `npm run fuzz -- --seed S --only I`.
 */
import { checkInput, type CheckOptions } from './invariants';
import { mutate, type MutateOptions } from './mutate';
import { Random } from './random';
import type { CorpusFile } from './corpus';

export interface FuzzOptions {
  seed: number;
  /** Stop after this many inputs… */
  count?: number;
  /** …or after this many seconds, whichever comes first. */
  seconds?: number;
  /** Run only input number `only` (to reproduce a failure). */
  only?: number;
  check?: Omit<CheckOptions, 'random'>;
  /** Service checks on every n-th input (they cost several times the core checks). */
  serviceEvery?: number;
  /** Upper bound on what one huge repetition adds (default MAX_REPEATED_CHARS). */
  maxRepeatedChars?: number;
}

export interface FuzzFailure {
  index: number;
  fixture: string;
  steps: string[];
  text: string;
  problems: string[];
}

export interface FuzzStats {
  inputs: number;
  failures: FuzzFailure[];
  /** CPU milliseconds of the costliest input. */
  slowestMs: number;
  slowest?: { index: number; fixture: string; length: number };
  totalMs: number;
  largestInput: number;
}

/** Input number `index` of a run: its fixture and mutations. */
export function fuzzInput(
  corpus: readonly CorpusFile[],
  seed: number,
  index: number,
  options: MutateOptions = {},
): { fixture: CorpusFile; text: string; steps: string[]; random: Random } {
  // One generator per input, seeded from (seed, index), so inputs do not depend on each other.
  const random = new Random((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0);
  const fixture = fixtureOf(corpus, seed, index);
  const mutant = mutate(fixture.text, random, options);
  return { fixture, text: mutant.text, steps: mutant.steps, random };
}

/**
 * The fixture input `index` mutates: of all fixtures, the one whose name scores highest for
 * (seed, index) (rendezvous hashing). Not `corpus[index % corpus.length]`, where one fixture added
 * anywhere gives almost every input another fixture: here a new fixture takes over only the inputs
 * it wins (about 1 in n) and every other input keeps its fixture and, since its generator depends on
 * (seed, index) alone, its mutations; the findings of a seed stay where they were.
 */
export function fixtureOf(corpus: readonly CorpusFile[], seed: number, index: number): CorpusFile {
  if (corpus.length === 0) throw new Error('the fuzzing corpus is empty');
  const key = mix32(Math.imul(seed >>> 0, 0x9e3779b1) ^ mix32(index + 1));
  let best = corpus[0];
  let bestScore = -1;
  for (const fixture of corpus) {
    const score = mix32(nameHash(fixture.name) ^ key);
    // Ties (1 in 2^32) go to the smaller name, so the order of the corpus never matters.
    if (score > bestScore || (score === bestScore && fixture.name < best.name)) [best, bestScore] = [fixture, score];
  }
  return best;
}

const nameHashes = new Map<string, number>();

/** FNV-1a of the fixture's name (its path from the repository root, with `/`), stable across machines. */
export function nameHash(name: string): number {
  let hash = nameHashes.get(name);
  if (hash === undefined) {
    hash = 0x811c9dc5;
    for (const byte of Buffer.from(name.split('\\').join('/'), 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193);
    hash >>>= 0;
    nameHashes.set(name, hash);
  }
  return hash;
}

/** murmur3's 32-bit finaliser: every input bit moves every output bit. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function runFuzz(corpus: readonly CorpusFile[], options: FuzzOptions, onFailure?: (failure: FuzzFailure) => void): FuzzStats {
  const stats: FuzzStats = { inputs: 0, failures: [], slowestMs: 0, totalMs: 0, largestInput: 0 };
  const started = performance.now();
  const deadline = options.seconds !== undefined ? started + options.seconds * 1000 : Infinity;
  const count = options.count ?? (options.seconds !== undefined ? Infinity : 100);
  const first = options.only ?? 0;
  const last = options.only !== undefined ? options.only + 1 : count;
  for (let index = first; index < last && performance.now() < deadline; index++) {
    const input = fuzzInput(corpus, options.seed, index, { maxRepeatedChars: options.maxRepeatedChars });
    const serviceEvery = options.serviceEvery ?? 1;
    const check = (random: Random) =>
      checkInput(input.text, { ...options.check, service: (options.check?.service ?? true) && index % serviceEvery === 0, random });
    let result = check(input.random);
    // Over the time bound and nothing else wrong: once more, with the same positions. A blow-up is
    // slow both times; a major garbage collection of what earlier tests left on the heap (its
    // threads count as this process's CPU time) is not.
    if (result.overTime && result.problems.length === 1)
      result = check(fuzzInput(corpus, options.seed, index, { maxRepeatedChars: options.maxRepeatedChars }).random);
    stats.inputs++;
    stats.largestInput = Math.max(stats.largestInput, input.text.length);
    if (result.cpuMs > stats.slowestMs) {
      stats.slowestMs = result.cpuMs;
      stats.slowest = { index, fixture: input.fixture.name, length: input.text.length };
    }
    if (result.problems.length > 0) {
      const failure = { index, fixture: input.fixture.name, steps: input.steps, text: input.text, problems: result.problems };
      stats.failures.push(failure);
      onFailure?.(failure);
    }
  }
  stats.totalMs = performance.now() - started;
  return stats;
}

export function formatFailure(failure: FuzzFailure, seed: number): string {
  return [
    `input #${failure.index} (seed ${seed}): ${failure.fixture} after ${failure.steps.join('; ')}`,
    ...failure.problems.slice(0, 8).map((p) => `  - ${p}`),
    `  reproduce: npm run fuzz -- --seed ${seed} --only ${failure.index} --save .cache/fuzz`,
  ].join('\n');
}
