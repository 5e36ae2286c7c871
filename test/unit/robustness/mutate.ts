/**
 * Mutations of Jenkinsfile text for fuzzing: character and token edits (delete, insert,
 * duplicate, swap), random bytes and huge repetition. Each mutation is described in words so
 * that a failure report says what was done to which fixture.
 */
import type { Random } from './random';

export interface Mutant {
  text: string;
  /** What was done, in order, e.g. `delete chars [120, 131)`. */
  steps: string[];
}

/** Fragments that steer mutations into the parser's, the YAML reader's and the shell splitter's corners. */
export const INTERESTING = [
  "'",
  '"',
  "'''",
  '"""',
  '${',
  '$',
  '}',
  '{',
  '(',
  ')',
  '[',
  ']',
  '/',
  '/*',
  '*/',
  '//',
  '$/',
  '/$',
  '\\',
  '\\\n',
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  ':',
  ',',
  ';',
  '.',
  '?.',
  '*.',
  '->',
  '=',
  '==~',
  '<<',
  '@',
  '#!',
  '\0',
  '\ufeff',
  '\ud800',
  '\udc00',
  '\u2028',
  'é',
  '😀',
  '"${env.X}"',
  "'''\n",
  '"""\n',
  'pipeline {',
  "stage('x') {",
  'steps {',
  'agent { kubernetes { yaml """',
  "yamlFile 'pod.yaml'",
  "container('dind') {",
  "sh '",
  'sh """',
  'docker.build(',
  '.push()',
  'podTemplate(',
  'containerTemplate(',
  'node {',
  'script {',
  'parallel',
  'matrix {',
  'def x = ',
  '.stripIndent()',
  '- name: dind\n  image: docker:dind\n',
  'privileged: true',
  'securityContext:',
  '  - ',
  '- ',
  '&a ',
  '*a',
  '<<: *a',
  '!!binary',
  '|',
  '>-',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '? ',
  '/kaniko/executor --destination=',
  '$(aws ecr get-login)',
  '`',
  '&&',
  '||',
  '|',
  '<<EOF\n',
  'EOF\n',
  '2>&1',
  '; ',
  '\\"',
  "\\'",
  '\\u00',
  '\\x',
];

const TOKEN = /\s+|[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|'''|"""|\$\{|\$\/|\/\$|\/\/|\/\*|\*\/|[^\s\w]/g;

export function tokens(text: string): Array<{ start: number; end: number }> {
  const result: Array<{ start: number; end: number }> = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) result.push({ start: match.index, end: match.index + match[0].length });
  return result;
}

function randomChars(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const roll = random.int(10);
    // Mostly bytes (what a binary file read as UTF-8 gives), some full UTF-16 units (lone surrogates included).
    out += String.fromCharCode(roll < 7 ? random.int(256) : roll < 9 ? random.int(0x10000) : random.pick([10, 13, 0, 0xfffd]));
  }
  return out;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

export interface MutateOptions {
  /** Upper bound on the characters one huge repetition adds. */
  maxRepeatedChars?: number;
}

type Mutation = (text: string, random: Random, options: MutateOptions) => { text: string; step: string };

/** A random span of characters, short most of the time. */
function charSpan(text: string, random: Random): [number, number] {
  const start = random.int(text.length + 1);
  const length = random.chance(0.8) ? random.between(1, 8) : random.between(1, 200);
  return [start, Math.min(text.length, start + length)];
}

/** A random run of whole tokens. */
function tokenSpan(text: string, random: Random): [number, number] | undefined {
  const list = tokens(text);
  if (list.length === 0) return undefined;
  const first = random.int(list.length);
  const last = Math.min(list.length - 1, first + (random.chance(0.8) ? random.int(3) : random.int(40)));
  return [list[first].start, list[last].end];
}

/** Total size a repetition may produce by default: large enough to stress, small enough for a fast test. */
export const MAX_REPEATED_CHARS = 50_000;

export const MUTATIONS: Record<string, Mutation> = {
  deleteChars(text, random) {
    const [start, end] = charSpan(text, random);
    return { text: splice(text, start, end, ''), step: `delete chars [${start}, ${end})` };
  },
  insertChars(text, random) {
    const at = random.int(text.length + 1);
    const insert = random.chance(0.7) ? random.pick(INTERESTING) : randomChars(random, random.between(1, 6));
    return { text: splice(text, at, at, insert), step: `insert ${JSON.stringify(insert)} at ${at}` };
  },
  duplicateChars(text, random) {
    const [start, end] = charSpan(text, random);
    const at = random.int(text.length + 1);
    return { text: splice(text, at, at, text.slice(start, end)), step: `copy chars [${start}, ${end}) to ${at}` };
  },
  swapChars(text, random) {
    const [a0, a1] = charSpan(text, random);
    const [b0, b1] = charSpan(text, random);
    if (a1 > b0 && b1 > a0) return { text, step: 'swap chars (overlapping, no-op)' };
    const [first, second] =
      a0 < b0
        ? [
            [a0, a1],
            [b0, b1],
          ]
        : [
            [b0, b1],
            [a0, a1],
          ];
    const swapped =
      text.slice(0, first[0]) + text.slice(second[0], second[1]) + text.slice(first[1], second[0]) + text.slice(first[0], first[1]) + text.slice(second[1]);
    return { text: swapped, step: `swap chars [${first[0]}, ${first[1]}) and [${second[0]}, ${second[1]})` };
  },
  deleteTokens(text, random) {
    const span = tokenSpan(text, random);
    if (!span) return { text, step: 'delete tokens (none)' };
    return { text: splice(text, span[0], span[1], ''), step: `delete tokens [${span[0]}, ${span[1]})` };
  },
  insertToken(text, random) {
    const list = tokens(text);
    const at = list.length === 0 ? 0 : random.pick(list).start;
    const insert = random.chance(0.5) && list.length > 0 ? ((t) => text.slice(t.start, t.end))(random.pick(list)) : random.pick(INTERESTING);
    return { text: splice(text, at, at, insert), step: `insert token ${JSON.stringify(insert)} at ${at}` };
  },
  duplicateTokens(text, random) {
    const span = tokenSpan(text, random);
    if (!span) return { text, step: 'duplicate tokens (none)' };
    return { text: splice(text, span[1], span[1], text.slice(span[0], span[1])), step: `duplicate tokens [${span[0]}, ${span[1]})` };
  },
  swapTokens(text, random) {
    const list = tokens(text);
    if (list.length < 2) return { text, step: 'swap tokens (none)' };
    let i = random.int(list.length);
    let j = random.int(list.length);
    if (i === j) return { text, step: 'swap tokens (same, no-op)' };
    if (i > j) [i, j] = [j, i];
    const a = list[i];
    const b = list[j];
    const swapped = text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
    return { text: swapped, step: `swap tokens [${a.start}, ${a.end}) and [${b.start}, ${b.end})` };
  },
  randomBytes(text, random) {
    const [start, end] = charSpan(text, random);
    const bytes = randomChars(random, random.between(1, 64));
    return { text: splice(text, start, end, bytes), step: `replace [${start}, ${end}) with ${bytes.length} random chars ${JSON.stringify(bytes)}` };
  },
  hugeRepetition(text, random, options) {
    const span = random.chance(0.5) ? tokenSpan(text, random) : undefined;
    const [start, end] = span ?? charSpan(text, random);
    const unit = end > start ? text.slice(start, end) : random.pick(INTERESTING);
    const times = Math.max(2, Math.min(random.between(1_000, 50_000), Math.floor((options.maxRepeatedChars ?? MAX_REPEATED_CHARS) / unit.length)));
    return {
      text: splice(text, end, end, unit.repeat(times)),
      step: `repeat ${JSON.stringify(unit.length > 40 ? unit.slice(0, 40) + '…' : unit)} ${times} times at ${end}`,
    };
  },
};

const KINDS = Object.keys(MUTATIONS);

/** One to four stacked mutations of `text`; huge repetition at most once, so inputs stay bounded. */
export function mutate(text: string, random: Random, options: MutateOptions = {}): Mutant {
  const steps: string[] = [];
  let current = text;
  const count = random.chance(0.6) ? 1 : random.between(2, 4);
  let repeated = false;
  for (let i = 0; i < count; i++) {
    let kind = random.pick(KINDS);
    if (kind === 'hugeRepetition') {
      if (repeated || random.chance(0.6)) kind = 'insertChars';
      repeated = true;
    }
    const result = MUTATIONS[kind](current, random, options);
    current = result.text;
    steps.push(result.step);
  }
  return { text: current, steps };
}
