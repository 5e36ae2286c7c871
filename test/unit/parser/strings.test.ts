import * as assert from 'node:assert/strict';
import { concatText, parse, sourceSpan, stringText, type MappedText } from '../../../server/src/parser';
import type * as A from '../../../server/src/parser/ast';
import { parseClean, prng } from './helpers';

/** The first string literal of `x = <literal>`. */
function literalOf(text: string): A.StringLiteral {
  const { program } = parseClean(text);
  const s = program.body[0] as A.ExpressionStatement;
  const value = (s.expression as A.AssignmentExpression).value;
  assert.equal(value.type, 'StringLiteral');
  return value as A.StringLiteral;
}

function mapped(text: string, options?: { interpolation?: 'verbatim' | 'standIn' }): { m: MappedText; lit: A.StringLiteral } {
  const lit = literalOf(text);
  return { m: stringText(lit, text, options), lit };
}

/** `toSource` for every offset. */
function mapping(m: MappedText): number[] {
  return Array.from({ length: m.text.length + 1 }, (_, i) => m.toSource(i));
}

type Form = "'" | '"' | "'''" | '"""' | '/' | '$/';
const FORMS: Form[] = ["'", '"', "'''", '"""', '/', '$/'];

interface Piece {
  source: string;
  text: string;
  /** Every produced character maps to the piece start (escapes), or one-to-one (verbatim). */
  escape: boolean;
  interpolation?: boolean;
}

/** Random pieces valid in `form`, with the text Groovy makes of them. */
function randomPieces(form: Form, random: () => number, count: number): Piece[] {
  const gstring = form !== "'" && form !== "'''";
  const multiline = form !== "'" && form !== '"';
  const pieces: Piece[] = [];
  const verbatim = (s: string): Piece => ({ source: s, text: s, escape: false });
  const escape = (source: string, text: string): Piece => ({ source, text, escape: true });
  for (let i = 0; i < count; i++) {
    const r = Math.floor(random() * 14);
    switch (r) {
      case 0:
      case 1:
      case 2:
        pieces.push(verbatim('abcxyz -:{}[]#'.charAt(Math.floor(random() * 14))));
        break;
      case 3:
        if (multiline) pieces.push(verbatim('\n'));
        else pieces.push(verbatim(' '));
        break;
      case 4:
        if (form === '/') pieces.push(escape('\\/', '/'));
        else if (form === '$/') pieces.push(escape('$/', '/'));
        else pieces.push(escape('\\n', '\n'));
        break;
      case 5:
        if (form === '/' || form === '$/') pieces.push(verbatim('\\d'));
        else pieces.push(escape('\\t', '\t'));
        break;
      case 6:
        if (form === '$/') pieces.push(escape('$$', '$'));
        else if (form === '/') pieces.push(verbatim('\\\\'));
        else pieces.push(escape('\\\\', '\\'));
        break;
      case 7:
        pieces.push(escape('\\u0041', 'A'));
        break;
      case 8:
        if (form === '/' || form === '$/') pieces.push(verbatim('x'));
        else pieces.push(escape('\\$', '$'));
        break;
      case 9:
        if (form === "'" || form === '"' || form === "'''" || form === '"""') pieces.push(escape(form.length === 1 ? '\\' + form : '\\' + form[0], form[0]));
        else pieces.push(verbatim('"'));
        break;
      case 10:
        // Line continuation: produces nothing.
        if (form !== '/' && form !== '$/') pieces.push({ source: '\\\n', text: '', escape: true });
        else pieces.push(verbatim("'"));
        break;
      case 11:
        if (gstring) pieces.push({ source: '${a.b}', text: '${a.b}', escape: false, interpolation: true });
        else pieces.push(verbatim('${a.b}'));
        break;
      case 12:
        // `$name` followed by a non-identifier character so that it ends there.
        if (gstring) {
          pieces.push({ source: '$name', text: '$name', escape: false, interpolation: true });
          pieces.push(verbatim('-'));
        } else pieces.push(verbatim('$name-'));
        break;
      default:
        if (form !== "'" && form !== '"' && form !== '/' && form !== '$/') pieces.push(verbatim('\t'));
        else pieces.push(verbatim('é'));
    }
  }
  // A slashy string cannot start empty (`//` is a comment) or end in a way that merges with its delimiter.
  if (form === '/' || form === '$/') pieces.unshift(verbatim('s'));
  pieces.push(verbatim('z'));
  return pieces;
}

function closeOf(form: Form): string {
  return form === '$/' ? '/$' : form;
}

describe('parser/strings: stringText', () => {
  // A literal of one chunk without escapes takes a short path (no Builder); the others the general one.
  it('maps a one-chunk literal the same with and without escapes, and an empty one', () => {
    const plain = mapped("x = 'ab c'");
    assert.equal(plain.m.text, 'ab c');
    assert.deepEqual(mapping(plain.m), [5, 6, 7, 8, 9]);
    assert.deepEqual(plain.m.interpolations, []);
    assert.deepEqual(mapping(plain.m.slice(1, 3)), [6, 7, 8]);
    assert.deepEqual(sourceSpan(plain.m, 0, 4), { start: 5, end: 9 });
    const escaped = mapped("x = 'a\\tc'");
    assert.equal(escaped.m.text, 'a\tc');
    assert.deepEqual(mapping(escaped.m), [5, 6, 8, 9]);
    const crlf = mapped("x = '''a\r\nb'''");
    assert.equal(crlf.m.text, 'a\nb');
    assert.deepEqual(mapping(crlf.m), [7, 9, 10, 11]);
    const empty = mapped("x = ''");
    assert.equal(empty.m.text, '');
    assert.deepEqual(mapping(empty.m), [5]);
  });

  it('maps every character back, for every string form (generated strings)', () => {
    const random = prng(20240607);
    for (const form of FORMS) {
      for (let round = 0; round < 60; round++) {
        const pieces = randomPieces(form, random, 1 + Math.floor(random() * 25));
        const prefix = 'x = ';
        const source = prefix + form + pieces.map((p) => p.source).join('') + closeOf(form) + '\n';
        const { m, lit } = mapped(source);
        const contentStart = prefix.length + form.length;
        assert.equal(lit.contentStart, contentStart);
        assert.equal(m.text, pieces.map((p) => p.text).join(''), `text of ${JSON.stringify(source)}`);
        const expected: number[] = [];
        const interpolations: Array<{ start: number; end: number }> = [];
        let at = contentStart;
        for (const p of pieces) {
          if (p.interpolation) interpolations.push({ start: expected.length, end: expected.length + p.text.length });
          for (let k = 0; k < p.text.length; k++) expected.push(p.escape ? at : at + k);
          at += p.source.length;
        }
        expected.push(lit.contentEnd);
        assert.deepEqual(mapping(m), expected, `mapping of ${JSON.stringify(source)}`);
        assert.deepEqual(m.interpolations, interpolations);
        // The character at toSource(i) is the character itself unless an escape produced it.
        let i = 0;
        for (const p of pieces) {
          for (let k = 0; k < p.text.length; k++, i++) {
            if (!p.escape) assert.equal(source.slice(m.toSource(i), m.toSource(i) + 1), m.text[i]);
            else assert.equal(source.slice(sourceSpan(m, i, i + 1).start, sourceSpan(m, i, i + 1).end), p.source);
          }
        }
      }
    }
  });

  it('maps escapes to the start of their sequence and spans them fully', () => {
    const source = 'x = "a\\nb\\u0041c"';
    const { m } = mapped(source);
    assert.equal(m.text, 'a\nbAc');
    assert.deepEqual(mapping(m), [5, 6, 8, 9, 15, 16]);
    assert.deepEqual(sourceSpan(m, 1, 2), { start: 6, end: 8 });
    assert.deepEqual(sourceSpan(m, 3, 4), { start: 9, end: 15 });
    assert.deepEqual(sourceSpan(m, 0, 5), { start: 5, end: 16 });
  });

  it('removes line continuations and the CR of CRLF where Groovy does', () => {
    assert.equal(mapped('x = """\\\na\r\nb"""').m.text, 'a\nb');
    assert.equal(mapped("x = '''a\r\nb'''").m.text, 'a\nb');
    assert.equal(mapped('x = /a\r\nb/').m.text, 'a\nb');
    const { m } = mapped('x = "a\\\r\nb"');
    assert.equal(m.text, 'ab');
    assert.deepEqual(mapping(m), [5, 9, 10]);
  });

  it('keeps interpolations verbatim by default, or as same-length stand-ins', () => {
    const source = 'x = """image: ${REG}/app:$tag\n  x: ${a\n}"""';
    const verbatim = mapped(source).m;
    assert.equal(verbatim.text, 'image: ${REG}/app:$tag\n  x: ${a\n}');
    assert.deepEqual(verbatim.interpolations, [
      { start: 7, end: 13 },
      { start: 18, end: 22 },
      { start: 28, end: 33 },
    ]);
    const standIn = mapped(source, { interpolation: 'standIn' }).m;
    // Line breaks inside an interpolation survive, so the lines stay where they were.
    assert.equal(standIn.text, 'image: xxxxxx/app:xxxx\n  x: xxx\nx');
    assert.deepEqual(standIn.interpolations, verbatim.interpolations);
    assert.deepEqual(mapping(standIn), mapping(verbatim));
  });

  it('maps the end of an unterminated literal to its content end', () => {
    const source = "sh 'abc";
    const { program } = parse(source);
    const call = (program.body[0] as A.ExpressionStatement).expression as A.CallExpression;
    const lit = call.args[0].value as A.StringLiteral;
    const m = stringText(lit, source);
    assert.equal(m.text, 'abc');
    assert.equal(m.toSource(3), source.length);
    assert.equal(lit.contentEnd, source.length);
  });

  it('agrees with the chunk values the parser stores', () => {
    const source = "x = \"a\\tb\\$c\\u00e9\" + '\\'q\\\\' + /s\\/l/ + $/d$$o$/l/$";
    const { program } = parseClean(source);
    const literals: A.StringLiteral[] = [];
    const stack: A.Expression[] = [((program.body[0] as A.ExpressionStatement).expression as A.AssignmentExpression).value];
    while (stack.length) {
      const e = stack.pop() as A.Expression;
      if (e.type === 'BinaryExpression') stack.push(e.left, e.right);
      else if (e.type === 'StringLiteral') literals.push(e);
    }
    assert.equal(literals.length, 4);
    for (const lit of literals) {
      assert.equal(stringText(lit, source).text, lit.parts.map((p) => (p as A.StringChunk).value).join(''));
    }
  });

  it('handles a large literal with a compact mapping', () => {
    const body = 'a'.repeat(1_000_000);
    const source = `x = '${body}'`;
    const { m } = mapped(source);
    assert.equal(m.text.length, body.length);
    assert.equal(m.toSource(500_000), 5 + 500_000);
    assert.equal(m.slice(100, 200).toSource(0), 105);
  });
});

describe('parser/strings: slice, trim, stripIndent', () => {
  it('slices with the mapping and the interpolation spans', () => {
    const source = 'x = "ab\\ncd${e}fg"';
    const { m } = mapped(source);
    assert.equal(m.text, 'ab\ncd${e}fg');
    const s = m.slice(2, 9);
    assert.equal(s.text, '\ncd${e}');
    assert.deepEqual(mapping(s), [7, 9, 10, 11, 12, 13, 14, 15]);
    assert.deepEqual(s.interpolations, [{ start: 3, end: 7 }]);
    const inner = s.slice(1, 3);
    assert.equal(inner.text, 'cd');
    assert.deepEqual(mapping(inner), [9, 10, 11]);
    assert.equal(m.slice(5, 5).text, '');
    assert.equal(m.slice(-3, 100).text, m.text);
  });

  it("trims like Java's String.trim()", () => {
    const { m } = mapped("x = '''\n  a b \t\n'''");
    const t = m.trim();
    assert.equal(t.text, 'a b');
    assert.deepEqual(mapping(t), [10, 11, 12, 13]);
    assert.equal(mapped("x = '\\u00a0a'").m.trim().text, '\u00a0a');
  });

  it("strips indentation like Groovy's stripIndent (first empty line kept)", () => {
    const source = "yaml '''\n    spec:\n      containers:\n\n    - name: x\n'''.stripIndent()";
    const { program } = parseClean(source);
    const call = (program.body[0] as A.ExpressionStatement).expression as A.CallExpression;
    const lit = ((call.args[0].value as A.CallExpression).callee as A.PropertyAccess).object as A.StringLiteral;
    const m = stringText(lit, source).stripIndent();
    assert.equal(m.text, '\nspec:\n  containers:\n\n- name: x\n');
    // Every character maps to the same character in the source.
    for (let i = 0; i < m.text.length; i++) assert.equal(source[m.toSource(i)], m.text[i], `offset ${i}`);
    assert.equal(m.toSource(1), source.indexOf('spec:'));
    assert.equal(m.toSource(m.text.length), lit.contentEnd);
  });

  it('normalizes blank lines and CRLF, and leaves text without common indentation alone', () => {
    const { m } = mapped("x = '''  a\r\n   \r\n    b'''");
    const stripped = m.stripIndent();
    assert.equal(stripped.text, 'a\n\n  b');
    assert.equal(stripped.toSource(0), 9);
    const none = mapped("x = '''a\n  b'''").m;
    assert.equal(none.stripIndent().text, 'a\n  b');
    assert.equal(mapped("x = ''").m.stripIndent().text, '');
    assert.equal(mapped("x = '''\t\tx\n\ty'''").m.stripIndent().text, '\tx\ny');
  });

  it('keeps the text of a first line with `"""\\` (line continuation) and interpolations', () => {
    const source = 'x = """\\\n    a: ${v}\n      b\n    """';
    const m = mapped(source).m.stripIndent();
    assert.equal(m.text, 'a: ${v}\n  b\n');
    assert.deepEqual(m.interpolations, [{ start: 3, end: 7 }]);
    assert.equal(source.slice(m.toSource(3), m.toSource(7)), '${v}');
  });

  it("offers Java's String.stripIndent as the 'jdk' flavor", () => {
    assert.equal(mapped("x = '''\n    a  \n      b\n'''").m.stripIndent('jdk').text, '\n    a\n      b\n');
    assert.equal(mapped("x = '''\n    a  \n      b\n    '''").m.stripIndent('jdk').text, '\na\n  b\n');
    assert.equal(mapped("x = '''    a\n      b'''").m.stripIndent('jdk').text, 'a\n  b');
  });
});

describe('parser/strings: concatText', () => {
  it("joins 'a' + \"b\" + '''c''' with the mapping of each piece", () => {
    const source = "yaml 'a\\n' + \"b$c\" + ('''d''')";
    const { program } = parseClean(source);
    const call = (program.body[0] as A.ExpressionStatement).expression as A.CallExpression;
    const m = concatText(call.args[0].value, source);
    assert.ok(m);
    assert.equal(m.text, 'a\nb$cd');
    assert.deepEqual(m.interpolations, [{ start: 3, end: 5 }]);
    assert.deepEqual(mapping(m), [6, 7, 14, 15, 16, 25, 26]);
  });

  it('returns undefined when an operand is not a literal', () => {
    const source = "x = 'a' + b";
    const { program } = parseClean(source);
    const value = ((program.body[0] as A.ExpressionStatement).expression as A.AssignmentExpression).value;
    assert.equal(concatText(value, source), undefined);
    assert.equal(concatText({ type: 'Identifier', start: 0, end: 1, name: 'x' }, source), undefined);
  });

  it('handles a single literal and very long chains', () => {
    const single = "x = 'a'";
    const lit = literalOf(single);
    assert.equal(concatText(lit, single)?.text, 'a');
    const long = 'x = ' + Array.from({ length: 5000 }, () => "'ab'").join(' + ');
    const { program } = parseClean(long);
    const value = ((program.body[0] as A.ExpressionStatement).expression as A.AssignmentExpression).value;
    const m = concatText(value, long);
    assert.equal(m?.text.length, 10000);
    assert.equal(m?.toSource(9999), long.length - 2);
  });
});
