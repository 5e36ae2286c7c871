import * as assert from 'node:assert/strict';
import { lex, type Token } from '../../../server/src/parser/lexer';

/** `kind:text` for every token but the final eof. */
function kinds(text: string): string[] {
  return lex(text)
    .tokens.filter((t) => t.kind !== 'eof')
    .map((t) => `${t.kind}:${t.kind === 'strChunk' ? JSON.stringify(t.value) : t.text}`);
}

function tokens(text: string): Token[] {
  return lex(text).tokens;
}

describe('parser/lexer', () => {
  it('lists the offsets of the `=` operators, in code and interpolations, not in strings, comments or longer operators', () => {
    const text = `a = 1 // b = 2
c == d; e += f; g = "h=\${i = j}"; k =~ /l=m/; n ==~ o; p != q; r <= s; t >= u
/* v = w */ x=y`;
    assert.deepEqual(
      lex(text).equalsOperators.map((at) => text.slice(at - 1, at + 2)),
      [' = ', ' = ', ' = ', 'x=y'],
    );
    assert.deepEqual(lex('x = 1').equalsOperators, [2]);
    assert.deepEqual(lex("'a=b' == c").equalsOperators, []);
  });

  it('reads words, numbers and operators with exact offsets', () => {
    const ts = tokens('def x1 = a?.b ?: 1_000L');
    assert.deepEqual(
      ts.map((t) => [t.kind, t.text, t.start, t.end]),
      [
        ['word', 'def', 0, 3],
        ['word', 'x1', 4, 6],
        ['op', '=', 7, 8],
        ['word', 'a', 9, 10],
        ['op', '?.', 10, 12],
        ['word', 'b', 12, 13],
        ['op', '?:', 14, 16],
        ['number', '1_000L', 17, 23],
        ['eof', '', 23, 23],
      ],
    );
  });

  it('reads number forms and leaves ranges alone', () => {
    assert.deepEqual(kinds('0x1F 0b101 1.5e-3 2.5f 10G 07'), ['number:0x1F', 'number:0b101', 'number:1.5e-3', 'number:2.5f', 'number:10G', 'number:07']);
    assert.deepEqual(kinds('1..3'), ['number:1', 'op:..', 'number:3']);
    assert.deepEqual(kinds('1..<3'), ['number:1', 'op:..<', 'number:3']);
    assert.deepEqual(kinds('1.toString()'), ['number:1', 'op:.', 'word:toString', 'op:(', 'op:)']);
  });

  it('marks tokens that follow a line break (comments included)', () => {
    const ts = tokens('a // c\nb /* x\n */ c /* y */ d');
    assert.deepEqual(
      ts.filter((t) => t.kind === 'word').map((t) => [t.text, t.nl]),
      [
        ['a', false],
        ['b', true],
        ['c', true],
        ['d', false],
      ],
    );
  });

  it('collects comments of every kind without delimiters', () => {
    const { comments, errors } = lex('#!/usr/bin/env groovy\nagent none//check\n/* b */ x /** doc */');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      comments.map((c) => [c.kind, c.text, c.start, c.end]),
      [
        ['shebang', '/usr/bin/env groovy', 0, 21],
        ['line', 'check', 32, 39],
        ['block', ' b ', 40, 47],
        ['block', '* doc ', 50, 60],
      ],
    );
  });

  it('treats a backslash before a line break as a line continuation', () => {
    const ts = tokens('a \\\n b');
    assert.deepEqual(
      ts.map((t) => [t.text, t.nl]),
      [
        ['a', false],
        ['b', false],
        ['', false],
      ],
    );
  });

  it('tells slashy strings from division by the previous token', () => {
    assert.deepEqual(kinds('a / b / c'), ['word:a', 'op:/', 'word:b', 'op:/', 'word:c']);
    assert.deepEqual(kinds('x = /a b/'), ['word:x', 'op:=', 'strStart:/', 'strChunk:"a b"', 'strEnd:/']);
    assert.deepEqual(kinds('f(a) / 2'), ['word:f', 'op:(', 'word:a', 'op:)', 'op:/', 'number:2']);
    assert.deepEqual(kinds('a[0] / 2'), ['word:a', 'op:[', 'number:0', 'op:]', 'op:/', 'number:2']);
    assert.deepEqual(kinds("'s' / 2"), ["strStart:'", 'strChunk:"s"', "strEnd:'", 'op:/', 'number:2']);
    assert.deepEqual(kinds('return /r/'), ['word:return', 'strStart:/', 'strChunk:"r"', 'strEnd:/']);
    assert.deepEqual(kinds('f(/r/)'), ['word:f', 'op:(', 'strStart:/', 'strChunk:"r"', 'strEnd:/', 'op:)']);
    // After a line break (outside parentheses) a new statement may start with a slashy string.
    assert.deepEqual(kinds('a\n/r/'), ['word:a', 'strStart:/', 'strChunk:"r"', 'strEnd:/']);
    // Inside parentheses a line break does not end the expression: still division.
    assert.deepEqual(kinds('(a\n/ 2)'), ['op:(', 'word:a', 'op:/', 'number:2', 'op:)']);
    assert.deepEqual(kinds('x /= 2'), ['word:x', 'op:/=', 'number:2']);
  });

  it('lexes GStrings into chunks and interpolations', () => {
    assert.deepEqual(kinds('"a $b.c.d. ${e + "f${g}"} h"'), [
      'strStart:"',
      'strChunk:"a "',
      'interpPath:$b.c.d',
      'strChunk:". "',
      'interpStart:${',
      'word:e',
      'op:+',
      'strStart:"',
      'strChunk:"f"',
      'interpStart:${',
      'word:g',
      'interpEnd:}',
      'strEnd:"',
      'interpEnd:}',
      'strChunk:" h"',
      'strEnd:"',
    ]);
    const path = tokens('"$a.b"').find((t) => t.kind === 'interpPath');
    assert.deepEqual(path?.segments, [
      { name: 'a', start: 2, end: 3 },
      { name: 'b', start: 4, end: 5 },
    ]);
  });

  it('keeps braces inside ${…} balanced', () => {
    assert.deepEqual(kinds('"${ m.collect { it } }"'), [
      'strStart:"',
      'interpStart:${',
      'word:m',
      'op:.',
      'word:collect',
      'op:{',
      'word:it',
      'op:}',
      'interpEnd:}',
      'strEnd:"',
    ]);
  });

  it('does not interpolate single-quoted strings', () => {
    assert.deepEqual(kinds("'$(aws ecr get-login) ${x}'"), ["strStart:'", 'strChunk:"$(aws ecr get-login) ${x}"', "strEnd:'"]);
    assert.deepEqual(kinds("'''a $b'''"), ["strStart:'''", 'strChunk:"a $b"', "strEnd:'''"]);
  });

  it('cooks escapes in chunk values', () => {
    assert.deepEqual(kinds(String.raw`'\n\t\\\'\"\$\u0041\101\s'`), ["strStart:'", 'strChunk:"\\n\\t\\\\\'\\"$AA "', "strEnd:'"]);
    assert.deepEqual(kinds('"a\\\nb"'), ['strStart:"', 'strChunk:"ab"', 'strEnd:"']);
  });

  it('ends triple-quoted strings the way Groovy does with extra quotes', () => {
    assert.deepEqual(kinds("'''a''''"), ["strStart:'''", 'strChunk:"a\'"', "strEnd:'''"]);
    assert.deepEqual(kinds('"""a"b""c"""'), ['strStart:"""', 'strChunk:"a\\"b\\"\\"c"', 'strEnd:"""']);
  });

  it('lexes slashy and dollar-slashy strings with their escapes', () => {
    assert.deepEqual(kinds('x = /a\\/b\\d$c$/'), ['word:x', 'op:=', 'strStart:/', 'strChunk:"a/b\\\\d"', 'interpPath:$c', 'strChunk:"$"', 'strEnd:/']);
    // In `$/…/$`, `$/` stands for `/` and `$$` for `$`; `/$` always ends the string.
    assert.deepEqual(kinds('$/a/b$/$$c${d}/$'), ['strStart:$/', 'strChunk:"a/b/$c"', 'interpStart:${', 'word:d', 'interpEnd:}', 'strEnd:$/']);
  });

  it('ends one-line strings at the end of the line when unterminated', () => {
    const { tokens: ts, errors } = lex("sh 'abc\nx");
    assert.deepEqual(
      ts.map((t) => [t.kind, t.start, t.end]),
      [
        ['word', 0, 2],
        ['strStart', 3, 4],
        ['strChunk', 4, 7],
        ['strEnd', 7, 7],
        ['word', 8, 9],
        ['eof', 9, 9],
      ],
    );
    assert.equal(ts[3].terminated, false);
    assert.equal(ts[4].nl, true);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /Unterminated string/);
    assert.deepEqual([errors[0].start, errors[0].end], [3, 7]);
  });

  it('runs unterminated triple-quoted strings, slashy strings and block comments to the end', () => {
    for (const text of ['x = """a\nb', "x = '''a\nb", 'x = /a\nb', 'x = $/a\nb', '/* a\nb']) {
      const { tokens: ts, errors } = lex(text);
      assert.equal(errors.length, 1, text);
      assert.equal(errors[0].end, text.length, text);
      const end = ts.find((t) => t.kind === 'strEnd');
      if (end) assert.deepEqual([end.start, end.end, end.terminated], [text.length, text.length, false]);
    }
  });

  it('closes an interpolation left open in a one-line string at the end of the line', () => {
    const { tokens: ts, errors } = lex('sh "echo ${x\nfoo()');
    assert.deepEqual(
      ts.map((t) => t.kind),
      ['word', 'strStart', 'strChunk', 'interpStart', 'word', 'interpEnd', 'strEnd', 'word', 'op', 'op', 'eof'],
    );
    assert.equal(errors.length, 2);
  });

  it('lexes !in and !instanceof as operators, and merges unexpected characters', () => {
    assert.deepEqual(kinds('a !in b'), ['word:a', 'op:!in', 'word:b']);
    assert.deepEqual(kinds('a !instanceof B'), ['word:a', 'op:!instanceof', 'word:B']);
    assert.deepEqual(kinds('!inside'), ['op:!', 'word:inside']);
    assert.deepEqual(kinds('a ### b'), ['word:a', 'unknown:###', 'word:b']);
  });

  it('reads non-ASCII identifiers and surrogate pairs', () => {
    assert.deepEqual(kinds('größe = 𝑥'), ['word:größe', 'op:=', 'word:𝑥']);
    assert.deepEqual(kinds('a 😀 b'), ['word:a', 'unknown:😀', 'word:b']);
  });

  // Numbers and words are matched by native searches (sticky patterns) with a per-character tail.
  it('ends numbers where Groovy does: suffixes, exponents that are not, underscores', () => {
    assert.deepEqual(kinds('1e+x 1.5e 0xFFL 1_000.5_5e1_0d 0b102 1eL 0x 1.5fx 3.d 2E-1F'), [
      'number:1',
      'word:e',
      'op:+',
      'word:x',
      'number:1.5',
      'word:e',
      'number:0xFFL',
      'number:1_000.5_5e1_0d',
      'number:0b10',
      'number:2',
      'number:1',
      'word:eL',
      'number:0x',
      'number:1.5f',
      'word:x',
      'number:3',
      'op:.',
      'word:d',
      'number:2E-1F',
    ]);
    assert.deepEqual(kinds('x = .5'), ['word:x', 'op:=', 'number:.5']);
  });

  it('reads words whose non-ASCII characters follow an ASCII run', () => {
    assert.deepEqual(kinds('abc_é1 é a$b'), ['word:abc_é1', 'word:é', 'word:a$b']);
  });

  it('skips indentation after CRLF and ends line comments at CR or at the end', () => {
    const { tokens: ts, comments } = lex('a // c\r\n\t\f\ufeff b // end');
    assert.deepEqual(
      ts.map((t) => [t.kind, t.start, t.end, t.nl]),
      [
        ['word', 0, 1, false],
        ['word', 12, 13, true],
        ['eof', 20, 20, false],
      ],
    );
    assert.deepEqual(
      comments.map((c) => [c.start, c.end, c.text]),
      [
        [2, 6, ' c'],
        [14, 20, ' end'],
      ],
    );
  });

  it('keeps the line-break mark of a merged run of unexpected characters', () => {
    assert.deepEqual(
      tokens('a\n## b').map((t) => [t.kind, t.text, t.start, t.end, t.nl]),
      [
        ['word', 'a', 0, 1, false],
        ['unknown', '##', 2, 4, true],
        ['word', 'b', 5, 6, false],
        ['eof', '', 6, 6, false],
      ],
    );
  });

  it('gives every kind of token the same fields in the same order', () => {
    const ts = tokens('a = 1 + "x$y.z${w}" ## \'q\' /r/');
    assert.deepEqual(new Set(ts.map((t) => t.kind)).size, 11);
    for (const t of ts) assert.deepEqual(Object.keys(t), ['kind', 'start', 'end', 'nl', 'text', 'value', 'terminated', 'segments'], t.kind);
  });
});
