/**
 * The fast block-style reader is judged by `yaml` itself: whenever it answers, `yaml` must parse
 * the same text without errors into nodes of the same classes, values, scalar types, flow flags
 * and ranges. The texts are every pod YAML of the fixtures and the corpus (as the model extracts
 * them), thousands of seeded mutants of those, and one inline case per construct.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { buildModel } from '../../../server/src/model';
import { readBlockYaml } from '../../../server/src/yaml/blockReader';
import { REPO_ROOT } from '../robustness/corpus';
import { Random } from '../robustness/random';

/** Everything about a node that a consumer can observe (see model/yaml.ts, fixes/yamlEdit.ts, fixes/podRewrite, docker/pod.ts). */
function project(node: unknown): unknown {
  if (node === null || node === undefined) return node;
  if (isMap(node)) {
    return {
      class: 'YAMLMap',
      instance: node instanceof YAMLMap,
      flow: node.flow,
      range: node.range,
      items: node.items.map((pair) => (isPair(pair) ? { pair: pair instanceof Pair, key: project(pair.key), value: project(pair.value) } : 'not a pair')),
      json: node.toJSON(),
      clone: JSON.stringify(node.clone()),
    };
  }
  if (isSeq(node))
    return { class: 'YAMLSeq', instance: node instanceof YAMLSeq, flow: node.flow, range: node.range, items: node.items.map(project), json: node.toJSON() };
  if (isScalar(node)) {
    const value = typeof node.value === 'number' && Number.isNaN(node.value) ? 'NaN' : node.value;
    return {
      class: 'Scalar',
      instance: node instanceof Scalar,
      value,
      valueType: typeof node.value,
      string: String(node.value),
      type: node.type,
      range: node.range,
      format: node.format,
      minFractionDigits: node.minFractionDigits,
      tag: node.tag,
    };
  }
  return { class: 'other', node: String(node) };
}

const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: false } as const;

/** Undefined when the fast reader declines; otherwise asserts that `yaml` agrees and returns true. */
function judge(text: string, label: string): boolean {
  const fast = readBlockYaml(text);
  if (fast === undefined) return false;
  const documents = parseAllDocuments(text, YAML_OPTIONS);
  assert.ok(Array.isArray(documents), `${label}: yaml found no documents where the fast reader found one\n${text}`);
  assert.equal(documents.length, 1, `${label}: yaml found ${documents.length} documents\n${text}`);
  const [doc] = documents;
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
    `${label}: the fast reader accepted text that yaml rejects\n${JSON.stringify(text)}`,
  );
  assert.deepEqual(project(fast), project(doc.contents), `${label}: the fast reader differs from yaml\n${JSON.stringify(text)}`);
  return true;
}

function collectFiles(directory: string, out: string[]): void {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) collectFiles(full, out);
    else out.push(full);
  }
}

/** Every distinct pod YAML text of test/fixtures and test/corpus: embedded ones as the model extracts them, and the YAML files. */
function realPodYaml(): Array<{ name: string; text: string }> {
  const files: string[] = [];
  for (const root of ['test/fixtures', 'test/corpus']) collectFiles(path.join(REPO_ROOT, root), files);
  const seen = new Set<string>();
  const texts: Array<{ name: string; text: string }> = [];
  const add = (name: string, text: string): void => {
    if (seen.has(text)) return;
    seen.add(text);
    texts.push({ name, text });
  };
  for (const file of files) {
    const name = path.relative(REPO_ROOT, file);
    const base = path.basename(file);
    if (/\.ya?ml$/i.test(base)) add(name, fs.readFileSync(file, 'utf8'));
    else if (/(^Jenkinsfile|\.jenkinsfile|\.groovy)$/i.test(base)) {
      const model = buildModel(fs.readFileSync(file, 'utf8'), { yamlRoot: path.dirname(file) });
      for (const pod of model.pods) if (pod.yaml) add(name, pod.yaml.text.text);
    }
  }
  return texts;
}

/** Small edits that land on the constructs the reader must get right or decline. */
const INSERTIONS = [
  ' ',
  '  ',
  '\n',
  '-',
  '- ',
  ':',
  ': ',
  '#',
  ' #',
  '"',
  "'",
  '\t',
  '\r',
  '[',
  ']',
  '{',
  '}',
  ',',
  '|',
  '>',
  '&a ',
  '*a',
  '!!str ',
  '? ',
  '---\n',
  '...\n',
  '~',
  '0',
  '1.0',
  '\\',
  'x',
];

function mutate(text: string, random: Random): string {
  const lines = text.split('\n');
  const line = random.int(lines.length);
  const at = random.int(text.length + 1);
  switch (random.int(9)) {
    case 0:
      return text.slice(0, at) + random.pick(INSERTIONS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + random.int(3));
    case 2:
      lines.splice(line, 0, lines[line]);
      return lines.join('\n');
    case 3:
      lines.splice(line, 1);
      return lines.join('\n');
    case 4:
      lines[line] = ' '.repeat(1 + random.int(2)) + lines[line];
      return lines.join('\n');
    case 5:
      lines[line] = lines[line].replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 6: {
      // Replace a line's value with another interesting scalar.
      const colon = lines[line].indexOf(': ');
      if (colon < 0) return text.slice(0, at) + random.pick(INSERTIONS) + text.slice(at);
      lines[line] = lines[line].slice(0, colon + 2) + random.pick(SCALARS);
      return lines.join('\n');
    }
    case 7:
      // A comment line at any indentation: it moves the ranges around it.
      lines.splice(line, 0, ' '.repeat(random.int(9)) + random.pick(['# c', '#', '#  x: y']));
      return lines.join('\n');
    default:
      lines[line] = lines[line] + random.pick([' ', '  # note', ':', ' x', '\t']);
      return lines.join('\n');
  }
}

/** Plain and quoted forms whose resolution (null, bool, int, float, string) must match the core schema's. */
const SCALARS = [
  'null',
  'Null',
  'NULL',
  '~',
  'nULL',
  'true',
  'True',
  'TRUE',
  'tRUE',
  'false',
  'False',
  'FALSE',
  'yes',
  'on',
  '0',
  '-0',
  '+12',
  '012',
  '0o17',
  '0o8',
  '0x1F',
  '0xG',
  '1.5',
  '1.50',
  '1.',
  '.5',
  '-.5',
  '1e3',
  '1.5E-3',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  '1_000',
  '0b101',
  '12:30',
  '"1"',
  "'x''y'",
  '"a\\"b\\\\c\\n"',
  '"\\x41"',
  '"\\u0041"',
  '-c',
  '--flag=a:b',
  'a,b',
  'a]b',
  'a#b',
  'a #b',
  '[]',
  '{}',
  '[a, 1, "b"]',
  '[ a , b ]',
  '[a,]',
  '{a: 1}',
  '999999',
  'x'.repeat(3),
];

describe('yaml/blockReader: judged by yaml', () => {
  const texts = realPodYaml();

  it('reads at least 90% of the real pod YAML texts, exactly as yaml does', () => {
    assert.ok(texts.length >= 50, `expected the fixtures' pod YAML, found ${texts.length} texts`);
    const declined = texts.filter((t) => !judge(t.text, t.name));
    const share = (texts.length - declined.length) / texts.length;
    assert.ok(share >= 0.9, `fast path took ${(share * 100).toFixed(1)}% of ${texts.length}; declined: ${declined.map((t) => t.name).join(', ')}`);
  });

  it('agrees with yaml on 6,000 seeded mutants of them (or declines)', function () {
    // About 4 s on a quiet machine; under load, 15 s and more.
    this.timeout(90_000);
    const random = new Random(17);
    let accepted = 0;
    const total = 6000;
    for (let i = 0; i < total; i++) {
      const source = random.pick(texts);
      let text = mutate(source.text, random);
      if (random.chance(0.3)) text = mutate(text, random);
      if (judge(text, `mutant ${i} of ${source.name}`)) accepted++;
    }
    // The judge must have had work to do: most single edits keep the text in the reader's subset.
    assert.ok(accepted > total * 0.3, `only ${accepted} of ${total} mutants took the fast path`);
  });
});

/** A random one-line flow collection, with the spacing and near misses people type. */
function flowText(random: Random, depth: number): string {
  const space = (): string => random.pick(['', '', ' ', '  ']);
  if (depth > 3 || random.chance(0.45))
    return random.pick(['a', 'cat', '9', '-c', 'x y', '"q"', "'s'", 'true', '~', '1.5', 'a:b', '"a:b"', '', ':', '-', 'a#b', ' #c']);
  const items: string[] = [];
  for (let n = random.int(4); n > 0; n--)
    items.push(
      random.chance(0.5)
        ? flowText(random, depth + 1)
        : `${random.pick(['k', 'name', '"k"', 'k k'])}${random.pick([': ', ':', ' : ', ': '])}${flowText(random, depth + 1)}`,
    );
  const [open, close] = random.chance(0.5) ? ['[', ']'] : ['{', '}'];
  return open + space() + items.join(space() + ',' + space()) + random.pick(['', '', ',']) + space() + close;
}

describe('yaml/blockReader: constructs', () => {
  /** Asserts the fast reader takes `text` and agrees with yaml. */
  function reads(text: string): void {
    assert.ok(judge(text, 'inline'), `the fast reader declined ${JSON.stringify(text)}`);
  }
  /** Asserts the fast reader leaves `text` to yaml. */
  function declines(text: string): void {
    assert.equal(readBlockYaml(text), undefined, `the fast reader took ${JSON.stringify(text)}`);
  }

  it('nested maps, a sequence of maps at the key column and indented', () => {
    reads('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    image: b:1\n  volumes:\n    - name: v\n      emptyDir: {}\n');
  });

  it('an indented root (a Groovy literal without stripIndent) and no final line feed', () => {
    reads('    kind: Pod\n    spec:\n      containers:\n      - name: a\n        tty: true');
  });

  it('empty values: at the end of a line, before a sibling, in a sequence, at the end of the text', () => {
    reads('a:\nb:   \nc:\n  d:\ne:\n- \n-\n- x\nf:');
  });

  it('plain scalars resolved as the core schema does', () => {
    for (const value of SCALARS.filter((s) => !/^[["'[{]/.test(s))) reads(`v: ${value}`);
    reads('a: 1\nb: 1.50\nc: 0x1F\nd: 0o17\ne: 1e3\nf: .inf\ng: -.Inf\nh: .nan\ni: ~\nj: True\nk: -c\nl: 012\nm: 1.\n');
  });

  it('plain keys that resolve to non-strings', () => {
    reads('1: a\ntrue: b\nnull: c\n');
  });

  it('quoted scalars: escapes, doubled single quotes, followed by a comment', () => {
    reads("a: \"x\\\"y\\\\z\\n\\t\\/\"\nb: 'it''s'\nc: \"\"  # empty\nd: ''\n");
  });

  it('agrees with yaml on 3,000 generated flow collections (or declines)', () => {
    const random = new Random(1717);
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      let text = `a: ${flowText(random, 0)}${random.pick(['', '  # c', ' '])}\n${random.pick(['', 'b: 1\n', '  c: 2\n'])}`;
      if (random.chance(0.2)) {
        const at = random.int(text.length);
        text = text.slice(0, at) + random.pick(INSERTIONS) + text.slice(at);
      }
      if (judge(text, `flow ${i}`)) accepted++;
    }
    assert.ok(accepted > 300, `only ${accepted} of 3000 flow texts took the fast path`);
  });

  it('flow sequences of scalars and empty flow collections', () => {
    reads('command: ["cat"]\nargs: [ a , "b" ,\'c\', 9 ]\nx: []\ny: [ ]\nz: {}\nw: { }  # none\n');
    reads('- [9, "a"]   \n- x');
    reads('securityContext: {privileged: false}\nspec: {containers: [{name: lint, image: "h:l", command: [cat], tty: true}, {}]}  # one line\n');
    reads('s: {a: 1, b: [x, {c: d}] , e: "f" }  # c\n');
  });

  it('trailing spaces, trailing comments, blank lines', () => {
    reads('a: x   \nb: y # why\n\n\nc:\n\n  - z  \n\n  - w # end\nd: 1');
  });

  it('comment lines: before the root, after a key, between items, more indented than a value, closing nested collections', () => {
    reads(
      '# pod\napiVersion: v1\nspec: # the spec\n  # containers next\n  containers:\n  # first\n  - name: a\n    image: b\n      # deeper than the map: part of the value\n\n    # at the map: closes it\n  - name: c\n    tty: true\n  # at the sequence\nkind: Pod\n',
    );
    reads('a:\n  b: {}\n    # c\n  # d\nc: 1');
    reads('a:\n- x\n  # c\n\n# d\n');
    reads('  a: 1\n  # kept by an indented root\n');
    reads('  a: 1\n # passed to the document\n');
    reads('a: 1\n\n  # c\n  \nb: 1');
    reads('a:\n  b:\n    c: 1\n  # at 2\nd: 1\n');
    reads('- name: a\n  args:\n  - x\n    # under x\n  # under args\n# at 0\n- name: b\n');
  });

  it('colons and hashes inside keys and values, found by searching the line (comments on other lines do not count)', () => {
    reads('a:b: c:d\nimage: gcr.io/x:debug # a:b: c\nurl: http://h:80/p#frag # note: x\nk#1: v#2\n# c: 1\nlast: x:y');
    reads('- a:b\n- c#d # e\n- x: y#z\n  w: 1 #\n');
    reads('a: b\n\n# far: away\n\nc: d#e\n');
    declines('a: b#c: d\n');
    declines('a: x:\n');
    declines('a: x:');
    declines('k#: v: w\n');
  });

  it('lines indented more, less or as far as the collection being read, blank lines of any width, comments between', () => {
    reads('a:\n    b:\n        c: 1\n  \n              \n        d: 2\n      # six\n    e: 3\n \nf: 4\n');
    reads('- a\n-\n  - b\n  -   c\n\n    \n- d: 1\n  e:\n     - f\n  g: 2\n');
    declines('a:\n    b: 1\n   c: 2\n');
    declines('a:\n    b: 1\n     c: 2\n');
  });

  it('keys and values that only look like nulls or booleans by their first letter or their length (and `~`, which is one)', () => {
    for (const word of [
      'nul',
      'nulls',
      'none',
      'Nope',
      'NULLs',
      'tru',
      'trues',
      'tRue',
      'fals',
      'falsy',
      'fALSE',
      'Falsey',
      '~~',
      '~x',
      'n',
      't',
      'f',
      'F',
      '~',
    ])
      reads(`${word}: ${word}\nv: [${word}]\n`);
  });

  it('finds key colons after long runs of lines without one, and colons that are not indicators', () => {
    reads('a:\n' + '- x\n'.repeat(300) + 'b: c\nd:\n' + '  - y:z\n'.repeat(50) + 'e: f\ng:\n' + '- a#b\n'.repeat(20));
    reads('k:\n' + '  - url: http://h:1/p\n'.repeat(30) + '  - a:x\nz: 1\n');
  });

  it('nested sequences of maps with sequences at the key column', () => {
    reads('- name: a\n  args:\n  - x\n  - y\n  env:\n    - name: k\n      value: v\n- name: b\n');
  });

  it('declines what it leaves to yaml', () => {
    for (const text of [
      'a:\n  # comment, then an empty value\nb: 1\n',
      'a: # comment on an empty value\nb: 1\n',
      '-\n  # comment on an empty item\n- x\n',
      'a: |\n  x\n',
      'a: >-\n  x\n',
      '- |\n  x\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '? a\n: b\n',
      '---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\r\nb: 2\r\n',
      'a:\tb\n',
      'a: x\n  y\n',
      'a: "x\n  y"\n',
      'a: [x,\n  y]\n',
      'a: {b}\n',
      'a: {b: }\n',
      'a: {"b": 1}\n',
      'a: {b:1}\n',
      'a: {b: 1,}\n',
      'a: {b: 1\n  , c: 2}\n',
      'a: "\\x41"\n',
      '"a": 1\n',
      'a : 1\n',
      'a: b: c\n',
      '- - a\n',
      'a: 1\n b: 2\n',
      'just a scalar\n',
      '',
      '\n  \n',
      '\ufeffa: 1\n',
      'a: [a, ]\n',
    ]) {
      declines(text);
    }
  });

  it('declines block nesting deeper than real pods go, which yaml reports past its stack (and our recursion would not)', () => {
    const nested = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}a${i}:`).join('\n') + `\n${' '.repeat(levels)}b: 1\n`;
    reads(nested(60));
    declines(nested(101));
    declines(Array.from({ length: 101 }, (_, i) => `${' '.repeat(2 * i)}- a${i}:`).join('\n') + '\n');
  });

  it('starts each text afresh after one it declined or read (its state lives in module variables)', () => {
    // Left behind: a colon and a comment far along the text, pending comment lines, open collections.
    const longLine = `a: ${'x'.repeat(200)} # c: d\n`;
    // The 100-level text leaves the nesting depth near its limit: a depth carried over would decline the 60-level one.
    const nested = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}a${i}:`).join('\n') + `\n${' '.repeat(levels)}b: 1\n`;
    const deep = Array.from({ length: 100 }, (_, i) => `${' '.repeat(2 * i)}- a${i}:`).join('\n') + '\n';
    for (const before of ['a:\n  b:\n    c: |\n      x\n', `${longLine}  # c\n# d\n`, 'a:\n  - b: 1\n    # c\n  -\n    # d\n', deep]) {
      readBlockYaml(before);
      reads('a: b\nc: d # e\n');
      readBlockYaml(before);
      reads('k:\n  - x\n  # c\nz: 1\n');
      readBlockYaml(before);
      reads(nested(60));
    }
  });

  it('declines text that yaml reports errors in', () => {
    for (const text of ['a: 1\n  b: 2\n', 'a:\n  - x\n  b: 1\n', 'a: - b\n', 'a: "open\n', 'a: [x\n', '- a\nb: 1\n', 'a: b\n- c\n']) {
      declines(text);
      assert.ok(parseAllDocuments(text, YAML_OPTIONS).some((d) => 'errors' in d && d.errors.length > 0) || !Array.isArray(parseAllDocuments(text)));
    }
  });
});
