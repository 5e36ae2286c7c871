/**
 * #14 items 6–8 and the class behind them: no regular expression can be made to backtrack for
 * seconds. Each input is 100 KB; each call must stay under a gross CPU bound (a super-linear
 * pattern takes seconds on these, a linear one a few milliseconds).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildModel } from '../../../server/src/model';
import { runRules } from '../../../server/src/rules';
import { DEFAULT_SETTINGS, JenkinsfileLanguageService, scanForConfigMap, yamlDefinesConfigMap } from '../../../server/src/service';
import { ALL_RULES_ON } from './invariants';

const N = 100_000;
/** CPU milliseconds one call may take: linear code needs a few, the patterns fixed here took seconds. */
const BOUND_MS = 1000;

function cpuMs(run: () => unknown): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function assertFast(what: string, run: () => unknown): void {
  const ms = cpuMs(run);
  assert.ok(ms < BOUND_MS, `${what}: ${ms.toFixed(0)} ms of CPU`);
}

/** Runs of one unit, each with endings that make a pattern fail late (where backtracking starts). */
const UNITS = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  ' \n',
  'a',
  'A',
  '0',
  '_',
  '-',
  '.',
  ',',
  ':',
  '=',
  '$',
  '{',
  '}',
  '(',
  ')',
  '[',
  '"',
  "'",
  '/',
  '\\',
  '#',
  '<',
  '!',
  '*',
  '@',
  '\u0085',
  '\u2028',
  'a ',
  'a.',
  '0.',
  '-a',
  '${a}',
  '$a',
  '.dkr.ecr',
  'name: ',
  '--a',
  'é',
];
const ENDINGS = ['', '!\n'];

function attacks(prefixes: readonly string[]): Array<{ label: string; text: string }> {
  const result: Array<{ label: string; text: string }> = [];
  for (const prefix of prefixes) {
    for (const unit of UNITS) {
      const body = unit.repeat(Math.ceil(N / unit.length));
      for (const ending of ENDINGS)
        result.push({
          label: `${JSON.stringify(prefix)} + ${JSON.stringify(unit)} × ${body.length / unit.length} + ${JSON.stringify(ending)}`,
          text: prefix + body + ending,
        });
    }
  }
  return result;
}

/** Literal words in a pattern's source: attack strings start with them to get past its first check. */
function literalPrefixes(source: string): string[] {
  const words = source.replace(/\\./g, ' ').match(/[A-Za-z][A-Za-z-]{2,}/g) ?? [];
  return [
    '',
    ...[...new Set(words)]
      .sort((a, b) => b.length - a.length)
      .slice(0, 3)
      .map((w) => `${w} `),
  ];
}

const SERVER_OUT = path.join(__dirname, '../../../server/src');

function compiledModules(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return compiledModules(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

/**
 * Exported functions of one string that read text (by name): matchers, parsers, validators. The
 * Groovy lexer and parser have their own pathological inputs (pathological.test.ts).
 */
const MATCHER_NAME = /^(?:is|has|parse|find|match|suggest|validate|detect|classify|registryHostOf|shellVariant|kanikoFlag|textValue|shellQuote|lex$|parse$)/;
const NOT_MATCHERS = new Set(['parse', 'lex']);
const MATCHER_PREFIXES = [
  '',
  'container ',
  'jenkinsfile-kaniko-disable ',
  '123456789012.dkr.ecr.',
  'https://',
  'ecr:',
  'gcr.io/kaniko-project/executor:',
  '--',
  'kind: ConfigMap\nname: ',
];

describe('robustness: regular expressions cannot be made to backtrack (#14 items 6–8)', function () {
  this.timeout(600_000);

  it('#14.6 suppression comments: a directive followed by 100 KB of blanks', () => {
    const cases = [
      `// jenkinsfile-kaniko-disable${' '.repeat(N)}x\nnode {}\n`,
      `// jenkinsfile-kaniko-disable-next-line${' '.repeat(N)}x\nnode {}\n`,
      `// jenkinsfile-kaniko-disable${' ,'.repeat(N / 2)}!\nnode {}\n`,
      `podTemplate(yaml: '''\n# jenkinsfile-kaniko-disable-next-line${' \t'.repeat(N / 2)}x\n''') {}\n`,
    ];
    for (const text of cases) {
      const model = buildModel(text);
      assertFast(JSON.stringify(text.slice(0, 45)), () => runRules(model, { severities: ALL_RULES_ON, kanikoImage: DEFAULT_SETTINGS.kanikoImage }));
    }
  });

  it('#14.6 suppression comments still work after the fix', () => {
    const text = `// jenkinsfile-kaniko-disable dind-privileged,  docker-socket-mount\npodTemplate(yaml: '''\nspec:\n  containers:\n  - name: dind\n    image: docker:dind\n    securityContext:\n      privileged: true\n''') {}\n`;
    const findings = runRules(buildModel(text), { severities: ALL_RULES_ON, kanikoImage: DEFAULT_SETTINGS.kanikoImage });
    assert.ok(!findings.some((f) => f.ruleId === 'dind-privileged'), 'the file directive with a list still suppresses');
  });

  it('#14.7 ConfigMap scan: 100 KB of blank lines in a neighbouring YAML file', async () => {
    const blank = '\n'.repeat(N);
    for (const text of [blank, `kind: ConfigMap\n${blank}name:${' '.repeat(N)}x`, ' \n'.repeat(N / 2) + 'name: docker-config']) {
      assertFast('yamlDefinesConfigMap', () => yamlDefinesConfigMap(text, 'docker-config'));
    }
    assert.equal(yamlDefinesConfigMap('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "docker-config" # Kaniko\n', 'docker-config'), true);
    assert.equal(yamlDefinesConfigMap('kind: ConfigMap\nmetadata:\n  name: docker-config-2\n', 'docker-config'), false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-redos-'));
    try {
      fs.writeFileSync(path.join(dir, 'blank.yaml'), blank);
      fs.writeFileSync(path.join(dir, 'cm.yaml'), 'kind: ConfigMap\nmetadata:\n  name: docker-config\n');
      assert.equal(await scanForConfigMap(dir, 'docker-config'), true);
      assert.equal(await scanForConfigMap(dir, 'other'), false);
      // A budget that runs out, and an aborted scan, answer "unknown", never a guess.
      assert.equal(await scanForConfigMap(dir, 'other', { maxFiles: 1, maxBytes: 1e9, maxMillis: 1e9 }), undefined);
      const controller = new AbortController();
      controller.abort();
      assert.equal(await scanForConfigMap(dir, 'docker-config', undefined, controller.signal), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('#14.8 completion: `container` + 100 KB of blanks before the cursor', () => {
    const service = new JenkinsfileLanguageService();
    for (const line of [`container${' '.repeat(N)}x`, `container(${' '.repeat(N)}`, `defaultContainer${'\t'.repeat(N)}name${' '.repeat(N)}:`]) {
      const text = `node {\n${line}\n}\n`;
      assertFast(JSON.stringify(line.slice(0, 12)), () => service.completion({ uri: 'file:///w/Jenkinsfile', text }, { line: 1, character: line.length }));
    }
    const text = "podTemplate(containers: [containerTemplate(name: 'kaniko', image: 'k')]) {\n  container('ka\n}\n";
    const items = service.completion({ uri: 'file:///w/Jenkinsfile', text }, { line: 1, character: 15 }).items.map((i) => i.label);
    assert.ok(items.includes('kaniko'), 'container names are still completed');
  });

  it('every exported regular expression of server/src, on 100 KB adversarial strings', () => {
    const seen = new Set<unknown>();
    let checked = 0;
    for (const file of compiledModules(SERVER_OUT)) {
      const exports = require(file) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (!(value instanceof RegExp) || seen.has(value)) continue;
        seen.add(value);
        checked++;
        for (const { label, text } of attacks(literalPrefixes(value.source))) {
          const pattern = new RegExp(value.source, value.flags.replace('y', ''));
          assertFast(`${path.relative(SERVER_OUT, file)} ${name} on ${label}`, () => (pattern.global ? [...text.matchAll(pattern)] : pattern.exec(text)));
        }
      }
    }
    assert.ok(checked >= 4, `only ${checked} exported patterns found`);
  });

  it('every exported matcher function of server/src, on 100 KB adversarial strings', () => {
    const inputs = attacks(MATCHER_PREFIXES);
    const seen = new Set<unknown>();
    let checked = 0;
    for (const file of compiledModules(SERVER_OUT)) {
      const exports = require(file) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (typeof value !== 'function' || value.length !== 1 || !MATCHER_NAME.test(name) || NOT_MATCHERS.has(name) || seen.has(value)) continue;
        seen.add(value);
        checked++;
        for (const { label, text } of inputs) {
          assertFast(`${path.relative(SERVER_OUT, file)} ${name}() on ${label}`, () => {
            try {
              (value as (input: string) => unknown)(text);
            } catch {
              // Rejecting the input is fine; only the time counts here.
            }
          });
        }
      }
    }
    assert.ok(checked >= 10, `only ${checked} exported matchers found`);
  });
});
