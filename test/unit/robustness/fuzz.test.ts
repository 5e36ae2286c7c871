import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadCorpus, SEED_FILE } from './corpus';
import { formatFailure, runFuzz } from './fuzzer';
import { checkInput } from './invariants';
import { mutate, tokens } from './mutate';
import { Random } from './random';

/** Fixed, so `npm test` sees the same inputs every time; `npm run fuzz` explores other seeds. */
const SEED = 20250601;
/** Inputs per `npm test`: a couple of seconds; longer runs go through `npm run fuzz`. */
const INPUTS = 150;

describe('robustness: mutation fuzzing over the fixture corpus', function () {
  // The per-input bound is CPU time, checked inside; the wall-clock timeout only has to survive a loaded machine.
  this.timeout(180_000);

  const corpus = loadCorpus();

  it('has a corpus to work on', () => {
    assert.ok(corpus.length >= 10, `only ${corpus.length} fixtures found`);
    const seed = fs.readFileSync(SEED_FILE, 'utf8');
    assert.ok(
      corpus.some((f) => f.text === seed),
      'the seed is part of the corpus',
    );
  });

  it('the generator is deterministic for a seed', () => {
    const a = new Random(7);
    const b = new Random(7);
    const text = corpus[0].text;
    assert.deepEqual(mutate(text, a), mutate(text, b));
    assert.ok(tokens(text).length > 10);
  });

  it(`parse, model, rules, migration and the language service handle ${INPUTS} mutants (seed ${SEED})`, () => {
    const stats = runFuzz(corpus, { seed: SEED, count: INPUTS, check: { fixes: true }, serviceEvery: 5, maxRepeatedChars: 20_000 });
    assert.equal(stats.inputs, INPUTS);
    assert.deepEqual(
      stats.failures.map((f) => formatFailure(f, SEED)),
      [],
    );
  });

  describe('inputs fuzzing found, minimised', () => {
    const cases: Array<[string, string]> = [
      // The parser reported an error ending before its start when a `{` stood where `)` was expected.
      ["a '{' where ')' is expected", "('' {"],
      ["a '{' where ')' is expected, in a condition", 'if (a b { x }'],
      // kaniko-unknown-flag computed edit distances of a 50 KB word against every flag (10–20 s).
      ['a 50 KB word after /kaniko/executor', `node { sh '/kaniko/executor --${'destination'.repeat(4500)} --context .' }`],
      // The shell splitter concatenated a word a character at a time (seconds of GC for megabytes).
      ['a 2 MB shell word', `node { sh 'echo ${'a'.repeat(2 * 1024 * 1024)}' }`],
    ];
    for (const [name, text] of cases) {
      it(name, () => assert.deepEqual(checkInput(text, { fixes: true, service: true }).problems, []));
    }
  });
});
