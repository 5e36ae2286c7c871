/**
 * Inputs built to hurt: deep nesting, a 10 MB string, unterminated strings and comments at every
 * position, YAML alias bombs and deep YAML. Each must come back within a gross bound, without a
 * stack overflow (caught or not) and without a memory blow-up.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { buildModel } from '../../../server/src/model';
import { parse } from '../../../server/src/parser';
import { checkInput, type CheckOptions } from './invariants';
import { SEED_FILE } from './corpus';

const SEED = fs.readFileSync(SEED_FILE, 'utf8');
const MB = 1024 * 1024;
/** Gross bounds, in CPU milliseconds: an order of magnitude above what these take, so only a blow-up fails. */
const BOUND_MS = 2000;
const BOUND_10MB_MS = 5000;
/** Resident memory an input may add: far above need, far below what an expanded alias bomb would take. */
const MAX_RSS_GROWTH = 768 * MB;

function assertHandled(name: string, text: string, options: CheckOptions & { bound?: number } = {}): void {
  const rssBefore = process.memoryUsage().rss;
  const result = checkInput(text, { ...options, timeBoundMs: options.bound ?? BOUND_MS });
  const grown = process.memoryUsage().rss - rssBefore;
  assert.deepEqual(result.problems, [], `${name}: ${result.problems.join('\n')}`);
  assert.ok(grown < MAX_RSS_GROWTH, `${name}: resident memory grew by ${(grown / MB).toFixed(0)} MB`);
}

/** No stack overflow may hide behind a caught error either. */
function assertNoStackOverflow(name: string, text: string): void {
  const model = buildModel(text);
  const messages = [...model.parse.errors.map((e) => e.message), ...model.pods.flatMap((pod) => pod.yaml?.errors.map((e) => e.message) ?? [])];
  assert.ok(
    !messages.some((m) => /call stack|Internal parser error/i.test(m)),
    `${name}: ${messages.find((m) => /call stack|Internal parser error/i.test(m))}`,
  );
}

function podPipeline(yaml: string): string {
  return `pipeline {
  agent {
    kubernetes {
      yaml '''
${yaml}
'''
    }
  }
  stages {
    stage('Build') {
      steps {
        container('dind') {
          sh 'docker build -t app . && docker push app'
        }
      }
    }
  }
}
`;
}

describe('robustness: pathological inputs', function () {
  // What these assert is the CPU-time bound inside each check; mocha's wall-clock timeout only
  // has to survive a loaded machine.
  this.timeout(180_000);

  describe('100,000 nested brackets', () => {
    const N = 100_000;
    const cases: Array<[string, string]> = [
      ['open braces', '{'.repeat(N)],
      ['balanced braces', '{'.repeat(N) + '}'.repeat(N)],
      ['balanced brackets', 'def x = ' + '['.repeat(N) + ']'.repeat(N)],
      ['open parentheses and closures', 'node {\n' + 'x({'.repeat(N / 2)],
      ['nested stages', 'pipeline { stages {\n' + "stage('s') { stages {\n".repeat(N / 10) + '}}\n'.repeat(N / 10) + '}}'],
      ['nested GString interpolations', 'def x = ' + '"${'.repeat(N / 2) + '1' + '}"'.repeat(N / 2)],
    ];
    for (const [name, text] of cases) {
      it(name, () => {
        assertHandled(name, text);
        assertNoStackOverflow(name, text);
      });
    }
  });

  describe('a 10 MB string', () => {
    const big = 'a'.repeat(10 * MB);
    const cases: Array<[string, string]> = [
      ['single-quoted literal', `def x = '${big}'`],
      ['unterminated triple-quoted GString', `def x = """${big}`],
      ['line comment', `// ${big}`],
      ['one shell word', `node { sh '${big}' }`],
      ['pod YAML scalar', podPipeline(`spec:\n  containers:\n  - name: dind\n    image: docker:dind\n    args: [${big}]`)],
    ];
    for (const [name, text] of cases) {
      it(name, () => assertHandled(name, text, { bound: BOUND_10MB_MS }));
    }
  });

  // 98f3d53 searched each comment's newline to the end of the script: 1.2 MB took 5.8 s.
  it('a shell line of 400,000 backtick substitutions holding a comment', () => {
    assertHandled('comments in substitutions', `node { sh '${'`#`'.repeat(400_000)}' }`);
  });

  describe('unterminated strings and comments at every position of the seed', () => {
    const OPENERS = ["'", '"', "'''", '"""', '/*', '$/', '${', '/'];

    it('every opener at every position parses without a crash', () => {
      for (let at = 0; at <= SEED.length; at++) {
        for (const opener of OPENERS) {
          const text = SEED.slice(0, at) + opener + SEED.slice(at);
          const result = parse(text);
          const bad = result.errors.find((e) => /Internal parser error/.test(e.message) || e.start < 0 || e.end > text.length || e.start > e.end);
          assert.equal(bad, undefined, `${JSON.stringify(opener)} at ${at}: ${bad?.message}`);
        }
      }
    });

    it('parse, model and rules hold their invariants with an opener at every position', () => {
      const failures: string[] = [];
      for (let at = 0; at <= SEED.length; at++) {
        // Openers take turns by position, so each position gets one and each opener ~200 positions.
        const opener = OPENERS[at % OPENERS.length];
        const result = checkInput(SEED.slice(0, at) + opener + SEED.slice(at));
        if (result.problems.length > 0) failures.push(`${JSON.stringify(opener)} at ${at}: ${result.problems.join('; ')}`);
      }
      assert.deepEqual(failures, []);
    });

    it('the seed cut off at every position', () => {
      const failures: string[] = [];
      for (let at = 0; at <= SEED.length; at++) {
        const text = SEED.slice(0, at);
        // Every cut is parsed; every fifth also goes through model, rules and fixes (the costly part).
        if (at % 5 === 0) {
          const result = checkInput(text, { fixes: true });
          if (result.problems.length > 0) failures.push(`cut at ${at}: ${result.problems.join('; ')}`);
        } else if (parse(text).errors.some((e) => /Internal parser error/.test(e.message))) {
          failures.push(`cut at ${at}: parser crashed`);
        }
      }
      assert.deepEqual(failures, []);
    });
  });

  describe('YAML alias bombs and deep YAML in a pod', () => {
    it('billion laughs: nine levels of nine aliases', () => {
      let yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
      let previous = 'a';
      for (const name of 'bcdefghi') {
        yaml += `    ${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
        previous = name;
      }
      yaml +=
        'spec:\n  containers:\n  - name: dind\n    image: docker:dind\n    securityContext:\n      privileged: true\n    args: *i\n    env: *i\n    command: *i\n';
      const text = podPipeline(yaml);
      assertHandled('billion laughs', text, { service: true, fixes: true });
      // The pod is still understood: the bomb is not expanded, and not an excuse to miss the dind container.
      const model = buildModel(text);
      assert.deepEqual(
        model.pods[0]?.containers.map((c) => c.name),
        ['dind'],
      );
    });

    it('billion laughs through merge keys', () => {
      let yaml = 'x0: &x0 {k: v}\n';
      for (let i = 1; i < 40; i++) yaml += `x${i}: &x${i} {<<: [*x${i - 1}, *x${i - 1}], k${i}: v}\n`;
      yaml += 'spec:\n  containers:\n  - name: dind\n    <<: *x39\n    image: docker:dind\n';
      assertHandled('merge-key bomb', podPipeline(yaml), { service: true, fixes: true });
    });

    it('aliases to their own ancestors', () => {
      const yaml =
        'spec: &spec\n  containers: &c\n  - name: dind\n    image: docker:dind\n    securityContext: {privileged: true}\n    volumeMounts: *c\n    env: *spec\n';
      assertHandled('self-referencing aliases', podPipeline(yaml), { service: true, fixes: true });
    });

    it('10,000 nested flow sequences', () => {
      const yaml = `spec:\n  containers:\n  - name: dind\n    image: docker:dind\n    args: ${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      assertHandled('deep flow YAML', podPipeline(yaml), { service: true });
    });

    it('3,000 nested block mappings and sequences', () => {
      let mappings = 'spec:\n  containers:\n  - name: dind\n    image: docker:dind\n    env:\n';
      let indent = '      ';
      for (let i = 0; i < 3000; i++, indent += ' ') mappings += `${indent}a:\n`;
      assertHandled('deep block mappings', podPipeline(mappings), { service: true });
      let sequences = 'spec:\n  containers:\n';
      indent = '  ';
      for (let i = 0; i < 3000; i++, indent += '  ') sequences += `${indent}- `;
      assertHandled('deep block sequences', podPipeline(sequences + 'x'), { service: true });
    });

    it('10,000 pod documents', () => {
      assertHandled('many documents', podPipeline('---\na: 1\n'.repeat(10_000)));
    });
  });
});
