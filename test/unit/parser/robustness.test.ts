import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parse } from '../../../server/src/parser';
import type * as A from '../../../server/src/parser/ast';
import { checkOffsets, checkTree, prng, SEED } from './helpers';

/** Parses, checks the tree invariants, and that the last-resort handler never fired. */
function robust(text: string, offsets = false): A.ParseResult {
  const result = parse(text);
  checkTree(text, result);
  if (offsets) checkOffsets(text, result.program, { unclosed: true });
  const internal = result.errors.find((e) => e.message.startsWith('Internal parser error'));
  assert.equal(internal, undefined, `internal error for ${JSON.stringify(text.slice(0, 80))}: ${internal?.message}`);
  return result;
}

const GROOVY_BITS = [
  'pipeline',
  'stage',
  'sh',
  'def',
  'if',
  'else',
  'for',
  'in',
  'try',
  'catch',
  'finally',
  'return',
  'new',
  'class',
  'import',
  'as',
  'x',
  'foo',
  '1',
  '2.5',
  '0x1F',
  "'",
  '"',
  "'''",
  '"""',
  '/',
  '$/',
  '/$',
  '$',
  '${',
  '}',
  '{',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  ';',
  '.',
  '?.',
  '*.',
  '.&',
  '?:',
  '?',
  '=',
  '==',
  '+',
  '-',
  '*',
  '!',
  '->',
  '@',
  '\\',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '//',
  '/*',
  '*/',
  '#!',
  'a\\nb',
  '\\u00',
  'é',
  '😀',
  '\u0000',
];

describe('parser: robustness', () => {
  it('never throws on random bytes (seeded)', () => {
    const random = prng(42);
    for (let n = 0; n < 300; n++) {
      const length = Math.floor(random() * 200);
      let text = '';
      for (let i = 0; i < length; i++) {
        const r = random();
        // Mostly printable ASCII, some control characters and arbitrary UTF-16 units (lone surrogates included).
        text +=
          r < 0.8
            ? String.fromCharCode(32 + Math.floor(random() * 95))
            : r < 0.9
              ? String.fromCharCode(Math.floor(random() * 32))
              : String.fromCharCode(Math.floor(random() * 0x10000));
      }
      robust(text, true);
    }
  });

  it('never throws on random Groovy token soup (seeded)', () => {
    const random = prng(7);
    for (let n = 0; n < 300; n++) {
      const length = Math.floor(random() * 80);
      const parts: string[] = [];
      for (let i = 0; i < length; i++) {
        parts.push(GROOVY_BITS[Math.floor(random() * GROOVY_BITS.length)]);
        if (random() < 0.5) parts.push(' ');
      }
      robust(parts.join(''), true);
    }
  });

  it('parses every prefix of the seed', () => {
    for (let i = 0; i <= SEED.length; i++) robust(SEED.slice(0, i));
  });

  it('survives an unterminated string or comment inserted at every position of the seed', () => {
    const openers = ["'", '"', '"""', "'''", '/*', '$/', '/', '"${'];
    for (let i = 0; i <= SEED.length; i++) {
      // Every position gets a double quote (the GString, with interpolation); the other openers take turns.
      robust(SEED.slice(0, i) + '"' + SEED.slice(i), i % 5 === 0);
      robust(SEED.slice(0, i) + openers[i % openers.length] + SEED.slice(i), i % 5 === 1);
    }
  });

  it('returns quickly from 100,000 nested brackets of each kind, without a stack overflow', () => {
    const n = 100000;
    const m = 20000;
    for (const text of ['{'.repeat(n), '['.repeat(n), '('.repeat(n), 'x = ' + '('.repeat(m) + '1' + ')'.repeat(m), 'a{'.repeat(m), '"${'.repeat(m)]) {
      const result = robust(text);
      assert.ok(result.errors.length >= 1);
      assert.ok(result.errors.length <= 1001);
    }
  });

  it('caps deep operator chains too', () => {
    const n = 20000;
    for (const text of [
      'x = ' + '!'.repeat(n) + 'y',
      'x = ' + '-'.repeat(n) + 'y',
      'x = ' + 'a ? b : '.repeat(n) + 'c',
      'x = ' + 'a ?: '.repeat(n) + 'c',
      'a = '.repeat(n) + '1',
      'x = 2' + ' ** 2'.repeat(n),
      'if (x) '.repeat(n) + 'y()',
    ]) {
      const result = robust(text);
      assert.ok(
        result.errors.some((e) => /too deep/.test(e.message)),
        text.slice(0, 20),
      );
    }
  });

  it('parses moderately deep nesting without errors', () => {
    const depth = 100;
    const text = 'pipeline ' + '{ stage("x") '.repeat(depth) + '{ sh "a" }' + ' }'.repeat(depth);
    const result = robust(text);
    assert.deepEqual(result.errors, []);
  });

  it('handles a 10 MB string literal', () => {
    const body = 'x'.repeat(10_000_000);
    const text = `sh '''${body}'''`;
    const result = robust(text);
    assert.deepEqual(result.errors, []);
    const call = (result.program.body[0] as A.ExpressionStatement).expression as A.CallExpression;
    const literal = call.args[0].value as A.StringLiteral;
    assert.equal(literal.contentEnd - literal.contentStart, body.length);
    assert.equal((literal.parts[0] as A.StringChunk).value.length, body.length);
  });

  it('parses a 1 MB Jenkinsfile', () => {
    const copies = Math.ceil(1_000_000 / SEED.length);
    const text = Array.from({ length: copies }, () => SEED).join('\n');
    const result = robust(text);
    assert.deepEqual(result.errors, []);
    assert.equal(result.program.body.length, copies);
  });

  it('caps the number of errors', () => {
    const result = robust(')'.repeat(50000));
    assert.equal(result.errors.length, 1001);
    assert.match(result.errors[1000].message, /Too many errors/);
  });
});

describe('parser: offsets under damage', () => {
  it('keeps node spans consistent on every prefix of the seed', () => {
    for (let i = 0; i <= SEED.length; i += 3) checkOffsets(SEED.slice(0, i), parse(SEED.slice(0, i)).program, { unclosed: true });
  });
});

describe('parser: small stacks', () => {
  it('handles deep nesting even when little stack is left (child process with a 100 KB stack)', () => {
    const parserPath = require.resolve('../../../server/src/parser');
    const helpersPath = require.resolve('./helpers');
    const script = `
      const { parse } = require(${JSON.stringify(parserPath)});
      const { checkTree } = require(${JSON.stringify(helpersPath)});
      const n = 3000;
      const inputs = ['{'.repeat(n), 'x = ' + '('.repeat(n) + '1' + ')'.repeat(n), 'a' + '[b'.repeat(n), '"\${'.repeat(n), 'a{'.repeat(n), 'x = 2' + ' ** 2'.repeat(n)];
      for (const text of inputs) {
        const result = parse(text);
        checkTree(text, result);
        const internal = result.errors.find((e) => e.message.startsWith('Internal parser error'));
        if (internal) throw new Error(internal.message);
      }
      process.stdout.write('ok');
    `;
    const output = execFileSync(process.execPath, ['--stack-size=100', '-e', script], { encoding: 'utf8' });
    assert.equal(output, 'ok');
  });
});
