import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadCorpus, SEED_FILE } from './corpus';
import { fixtureOf, formatFailure, fuzzInput, runFuzz } from './fuzzer';
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

  it('picks each fixture by a hash of its name: a fixture added or removed moves only the inputs it wins or held', () => {
    const inputs = 20 * corpus.length;
    const before = Array.from({ length: inputs }, (_, i) => fixtureOf(corpus, SEED, i).name);
    const added = { name: 'test/fixtures/migration/a-new-shape/before.Jenkinsfile', text: 'node {}' };
    const withNew = [...corpus.slice(0, 3), added, ...corpus.slice(3)];
    const after = Array.from({ length: inputs }, (_, i) => fixtureOf(withNew, SEED, i).name);
    const moved = before.flatMap((name, i) => (after[i] === name ? [] : [i]));
    assert.ok(
      moved.every((i) => after[i] === added.name),
      'an input moved to another old fixture',
    );
    // About 1 in n inputs go to the new fixture (20 expected here); never most of them.
    assert.ok(moved.length > 0 && moved.length < 3 * 20, `${moved.length} of ${inputs} inputs moved`);
    // Removing a fixture moves only its own inputs, and the order of the corpus does not matter.
    const gone = corpus[1].name;
    const without = [...corpus].reverse().filter((f) => f.name !== gone);
    before.forEach((name, i) => {
      if (name !== gone) assert.equal(fixtureOf(without, SEED, i).name, name, `input ${i}`);
    });
    // Every fixture is fuzzed: nearly all of them are picked in 20 inputs each.
    assert.ok(new Set(before).size >= 0.9 * corpus.length, `${new Set(before).size} of ${corpus.length} fixtures picked`);
    // The input text follows its fixture: same (seed, index, fixture) → same mutant.
    assert.deepEqual(fuzzInput(withNew, SEED, moved[0]).text, fuzzInput([added], SEED, moved[0]).text);
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
