import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { splitShell, type ShellCommand } from '../../../server/src/model';

/** Each command as `text@start-end` words, its operator and whether it is inside a substitution. */
function shape(commands: ShellCommand[]): string[] {
  return commands.map(
    (c) =>
      `${c.words.map((w) => `${w.text}@${w.start}-${w.end}`).join(' ')} [${c.start}-${c.end}]${c.substitution ? ' sub' : ''} next=${JSON.stringify(c.next)}`,
  );
}

describe('model/shell splitShell: commands, words and their exact characters', () => {
  it('splits words at blanks (spaces, tabs, CR) and keeps their offsets', () => {
    assert.deepEqual(shape(splitShell('  docker\tbuild \r -t x  .')), ['docker@2-8 build@9-14 -t@17-19 x@20-21 .@23-24 [2-24] next=undefined']);
    // A lone blank, a run of them, and blanks at the end of the text or of the part split.
    assert.deepEqual(shape(splitShell('a b\t \tc ')), ['a@0-1 b@2-3 c@6-7 [0-7] next=undefined']);
    assert.deepEqual(shape(splitShell('a   b c', 0, 3)), ['a@0-1 [0-1] next=undefined']);
    assert.deepEqual(shape(splitShell('a b c', 0, 2)), ['a@0-1 [0-1] next=undefined']);
  });

  it('reads characters past ASCII as word characters, plain or after a quote (the splitter looks up only ASCII kinds)', () => {
    assert.deepEqual(shape(splitShell('écho 日本 "a"🐳\u00a0x;y')), ['écho@0-4 日本@5-7 a🐳\u00a0x@8-15 [0-15] next=";"', 'y@16-17 [16-17] next=undefined']);
  });

  it('ends a quoted word at every blank and operator', () => {
    for (const end of [' ', '\t', '\r', '\n', ';', '&', '|', '(', ')']) {
      const commands = splitShell(`a"b"${end}c`);
      assert.deepEqual(commands[0].words[0], { text: 'ab', start: 0, end: 4 }, JSON.stringify(end));
      assert.deepEqual(commands.at(-1)!.words.at(-1), { text: 'c', start: 5, end: 6 }, JSON.stringify(end));
    }
  });

  it('removes quotes and escapes from the text, not from the offsets', () => {
    const line = `echo 'a b'"c \\" \\x"\\ d e\\f`;
    assert.deepEqual(splitShell(line)[0].words, [
      { text: 'echo', start: 0, end: 4 },
      { text: 'a bc " \\x d', start: 5, end: 22 },
      { text: 'ef', start: 23, end: 26 },
    ]);
  });

  it('keeps $name, ${…}, $(…) and backticks as written, and a # inside a word', () => {
    const line = 'x=$HOME/${A:-b c}/$(id -u)`id -g`#k';
    assert.equal(splitShell(line).at(-1)!.words[0].text, line);
  });

  it('joins commands by their operators; ( and ) separate as ; does; the last has none', () => {
    assert.deepEqual(
      splitShell('a && b || c | d; e & f\ng (h) i').map((c) => [c.words.map((w) => w.text).join(' '), c.next]),
      [
        ['a', '&&'],
        ['b', '||'],
        ['c', '|'],
        ['d', ';'],
        ['e', '&'],
        ['f', '\n'],
        ['g', ';'],
        ['h', ';'],
        ['i', undefined],
      ],
    );
    // `next` is always present, so that every command has the same fields.
    assert.deepEqual(Object.keys(splitShell('a')[0]), ['words', 'start', 'end', 'substitution', 'next']);
  });

  it('skips comments, blank lines and line continuations', () => {
    assert.deepEqual(shape(splitShell('# c1\n  a \\\n b # c2 && x\n\nc#d')), ['a@7-8 b@12-13 [7-13] next="\\n"', 'c#d@25-28 [25-28] next=undefined']);
  });

  it('adds the commands of substitutions before the command that holds them, nested and in double quotes', () => {
    assert.deepEqual(shape(splitShell('echo "v=$(cat `ls x`) w" `a; b` && c')), [
      'ls@15-17 x@18-19 [15-19] sub next=undefined',
      'cat@10-13 `ls x`@14-20 [10-20] sub next=undefined',
      'a@26-27 [26-27] sub next=";"',
      'b@29-30 [29-30] sub next=undefined',
      'echo@0-4 v=$(cat `ls x`) w@5-24 `a; b`@25-31 [0-31] next="&&"',
      'c@35-36 [35-36] next=undefined',
    ]);
  });

  it('finds the closing ) past a quoted one and an escaped one, and a backtick past an escaped one', () => {
    assert.deepEqual(shape(splitShell("a $(b ')' \\) c) `d \\` e` f")), [
      'b@4-5 )@6-9 )@10-12 c@13-14 [4-14] sub next=undefined',
      'd@17-18 `@19-21 e@22-23 [17-23] sub next=undefined',
      "a@0-1 $(b ')' \\) c)@2-15 `d \\` e`@16-24 f@25-26 [0-26] next=undefined",
    ]);
  });

  it('ends unterminated quotes, substitutions and ${ at the end of the text', () => {
    assert.deepEqual(shape(splitShell("a 'b c")), ['a@0-1 b c@2-6 [0-6] next=undefined']);
    assert.deepEqual(shape(splitShell('a "b $(c d')), ['c@7-8 d@9-10 [7-10] sub next=undefined', 'a@0-1 b $(c d@2-10 [0-10] next=undefined']);
    assert.deepEqual(shape(splitShell('a `b')), ['b@3-4 [3-4] sub next=undefined', 'a@0-1 `b@2-4 [0-4] next=undefined']);
    assert.deepEqual(shape(splitShell('a ${b')), ['a@0-1 ${b@2-5 [0-5] next=undefined']);
  });

  it('reads an operator, an escape or $ at the very end of the text (nothing follows)', () => {
    assert.deepEqual(shape(splitShell('a &')), ['a@0-1 [0-1] next="&"']);
    assert.deepEqual(shape(splitShell('a |')), ['a@0-1 [0-1] next="|"']);
    assert.deepEqual(shape(splitShell('a \\')), ['a@0-1 @2-3 [0-3] next=undefined']);
    assert.deepEqual(shape(splitShell('a $')), ['a@0-1 $@2-3 [0-3] next=undefined']);
    assert.deepEqual(shape(splitShell('a "$')), ['a@0-1 $@2-4 [0-4] next=undefined']);
  });

  it('splits only [from, to), reading the character after an operator or escape past `to` as the shell text goes on', () => {
    assert.deepEqual(shape(splitShell('x a&&b', 2, 4)), ['a@2-3 [2-3] next="&&"']);
    assert.deepEqual(shape(splitShell('x a "b c" d', 2, 9)), ['a@2-3 b c@4-9 [2-9] next=undefined']);
    assert.deepEqual(shape(splitShell('x a "b c" d', 2, 7)), ['a@2-3 b @4-7 [2-7] next=undefined']);
  });

  it('reads a word plain up to its first quote, escape or substitution, then with quote removal', () => {
    // The plain start of a word is matched whole ($name, ${…} and a # included); the rest goes through the quote-removing loop.
    assert.deepEqual(shape(splitShell('a$b ${c d}e x${y "q" z')), ['a$b@0-3 ${c d}e@4-11 x${y "q" z@12-22 [0-22] next=undefined']);
    assert.deepEqual(shape(splitShell('ab"c d"e f\\ g h\'i j\'')), ['abc de@0-8 f g@9-13 hi j@14-20 [0-20] next=undefined']);
    assert.deepEqual(shape(splitShell('tag=$IMAGE:$BUILD_NUMBER# x#y $')), ['tag=$IMAGE:$BUILD_NUMBER#@0-25 x#y@26-29 $@30-31 [0-31] next=undefined']);
    assert.deepEqual(shape(splitShell('p ${q')), ['p@0-1 ${q@2-5 [0-5] next=undefined']);
  });

  it('cuts a plain word, and a ${ whose } lies further, at the end of the part being split', () => {
    assert.deepEqual(shape(splitShell('x ab cd', 2, 5)), ['ab@2-4 [2-4] next=undefined']);
    assert.deepEqual(shape(splitShell('x a${b c} d', 2, 6)), ['a${b@2-6 [2-6] next=undefined']);
    assert.deepEqual(shape(splitShell('echo $(x ${a)b}) y')), [
      'x@7-8 ${a@9-12 [7-12] sub next=undefined',
      'echo@0-4 $(x ${a)b}@5-15 [0-15] next=";"',
      'y@17-18 [17-18] next=undefined',
    ]);
  });

  it('stops splitting substitutions 16 deep, keeping their text in the word', () => {
    const line = `${'$('.repeat(18)}x${')'.repeat(18)}`;
    const commands = splitShell(line);
    assert.equal(commands.length, 17);
    assert.equal(commands.at(-1)!.words[0].text, line);
    assert.equal(commands[0].words[0].text, '$($(x))');
  });

  it('gives the same commands for a two-byte, a concatenated and a sliced text', () => {
    const line = 'echo "$(date)" \'a b\' && docker build -t x:$TAG .';
    const expected = shape(splitShell(line));
    const twoByte = `😀 ${line}`;
    assert.deepEqual(
      shape(splitShell(twoByte, 3)).map((s) => s.replace(/\d+/g, (n) => String(Number(n) - 3))),
      expected,
    );
    const joined = ['echo "$(da', "te)\" 'a b' && docker", ' build -t x:$TAG .'].join('');
    assert.deepEqual(shape(splitShell(joined)), expected);
    assert.deepEqual(shape(splitShell(`  ${line}  `.slice(2, -2))), expected);
  });
});

describe('model/shell splitShell: the words dash makes of a line', () => {
  // Lines of quoting only (no $, backticks, globs or ~), whose words the shell does not expand:
  // what dash prints for each word after quote removal is what the word's text must be.
  const parts = [
    'a',
    'b-c',
    'k=v',
    'x.y/z',
    "'s q'",
    "'\\'",
    '"d q"',
    '"a\\"b"',
    '"\\\\"',
    '"\\$x"',
    '"\\a"',
    '\\ ',
    '\\"',
    "\\'",
    '\\\\',
    'e\\\nf',
    'g#h',
    '""',
    "''",
  ];
  const blanks = [' ', '  ', '\t', ''];

  function lines(count: number): string[] {
    let seed = 7;
    const pick = <T>(list: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return list[seed % list.length];
    };
    const result: string[] = [];
    for (let n = 0; n < count; n++) {
      let line = pick(['a', 'echo', 'docker']);
      for (let k = 0; k < 6; k++) line += (k === 0 ? ' ' : pick(blanks)) + pick(parts);
      result.push(line);
    }
    return result;
  }

  it('has the words of the shell, quotes and escapes removed', () => {
    const cases = lines(400);
    // One dash for all lines: each prints its words NUL-terminated, then a lone SOH line marker.
    const script = cases.map((line) => `for w in ${line}\ndo printf '%s\\0' "$w"; done; printf '\\1\\0'`).join('\n');
    const run = spawnSync('dash', ['-c', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const printed = run.stdout.split('\u0001\0').slice(0, -1);
    assert.equal(printed.length, cases.length);
    cases.forEach((line, n) => {
      const shell = printed[n].split('\0').slice(0, -1);
      const ours = splitShell(line)[0].words.map((w) => w.text);
      assert.deepEqual(ours, shell, JSON.stringify(line));
    });
  });
});
