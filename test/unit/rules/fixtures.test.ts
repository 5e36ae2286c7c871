/**
 * Every fixture Jenkinsfile of test/fixtures/engine, and the seed Jenkinsfile from
 * test/fixtures/seed: the findings expected (rule and line, written by hand), and a check that each
 * diagnostic underlines the text it is about.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildModel } from '../../../server/src/model';
import { runRules, type RuleDiagnostic } from '../../../server/src/rules';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';
import { lineOf } from './helpers';

const FIXTURES = path.join(__dirname, '../../../../test/fixtures/engine');
/** Fixtures read from elsewhere, named relative to FIXTURES: the seed has one home, test/fixtures/seed. */
const SEED = '../seed/before.Jenkinsfile';
const OUTSIDE_FIXTURES = [SEED];

/** Expected findings per fixture, as `rule-id:line` in position order. */
const EXPECTED: Record<string, string[]> = {
  'declarative-inline-yaml.Jenkinsfile': [
    'dind-privileged:14',
    'aws-cli-per-run-install:29',
    'docker-daemon-build:30',
    'docker-daemon-build:38',
    'docker-daemon-build:39',
  ],
  'yaml-variable.Jenkinsfile': [
    'dind-privileged:10',
    'aws-cli-per-run-install:29',
    'ecr-get-login-removed:30',
    'docker-daemon-build:32',
    'docker-daemon-build:32',
  ],
  'strip-indent.Jenkinsfile': ['dind-privileged:13', 'privileged-container:17', 'docker-daemon-build:25'],
  'scripted-podtemplate-yaml.Jenkinsfile': [
    'dind-privileged:10',
    'docker-daemon-build:19',
    'aws-cli-per-run-install:25',
    'aws-cli-per-run-install:27',
    'docker-daemon-build:31',
  ],
  'container-template-socket.Jenkinsfile': ['privileged-container:5', 'docker-socket-mount:8', 'docker-daemon-build:18', 'docker-daemon-build:19'],
  'per-stage-agents.Jenkinsfile': ['dind-privileged:32', 'docker-daemon-build:38', 'privileged-container:57'],
  'docker-socket-yaml.Jenkinsfile': [
    'docker-socket-mount:19',
    'docker-daemon-build:29',
    'docker-daemon-build:30',
    'docker-daemon-build:31',
    'docker-daemon-build:32',
  ],
  'clean-kaniko.Jenkinsfile': [],
  // The YAML parser reports the over-indented `command:` twice, from where the `image` value starts.
  'broken-yaml.Jenkinsfile': ['embedded-yaml-syntax:9', 'embedded-yaml-syntax:9', 'aws-cli-per-run-install:18'],
  [SEED]: [
    'dind-privileged:20',
    'aws-cli-per-run-install:34',
    'aws-cli-per-run-install:35',
    'ecr-get-login-removed:36',
    'docker-daemon-build:38',
    'docker-daemon-build:39',
    'docker-daemon-build:40',
  ],
  'scripted-node-docker.Jenkinsfile': ['aws-cli-per-run-install:14', 'ecr-get-login-removed:15'],
  'kaniko-mistakes.Jenkinsfile': [
    'kaniko-keepalive:7',
    'kaniko-image-unmaintained:8',
    'kaniko-no-shell:8',
    'kaniko-image-unmaintained:10',
    // Two executor runs in 'kaniko-debug', the first without --cleanup.
    'kaniko-cleanup:20',
    'kaniko-missing-destination:20',
    'kaniko-missing-destination:21',
    'kaniko-unknown-flag:21',
    'kaniko-unknown-flag:21',
  ],
  'kaniko-after.Jenkinsfile': ['kaniko-image-unmaintained:16'],
};

function lintFile(name: string): { text: string; found: RuleDiagnostic[] } {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const found = runRules(buildModel(text), {
    severities: {},
    kanikoImage: DEFAULT_SETTINGS.kanikoImage,
    onRuleError: (id, error) => {
      throw new Error(`${name}: rule ${id} threw: ${String(error)}`);
    },
  });
  return { text, found };
}

/** What the underlined text must be, per rule. */
function assertRangeNamesItsSubject(text: string, d: RuleDiagnostic, where: string): void {
  const underlined = text.slice(d.start, d.end);
  assert.ok(d.end > d.start, `${where}: empty range`);
  switch (d.ruleId) {
    case 'dind-privileged':
    case 'privileged-container':
      assert.match(underlined, /^privileged\s*:\s*true$/, where);
      break;
    case 'docker-socket-mount':
      assert.match(underlined, /^["']?\/(var\/)?run\/docker\.sock["']?$/, where);
      break;
    case 'aws-cli-per-run-install':
      assert.match(underlined, /^(sudo\s+)?(pip3?|python3?|apk|apt-get|apt|yum|dnf|curl|wget|\.\/aws\/install|\.\/awscli-bundle\/install)\b/, where);
      assert.match(underlined, /aws|pip|py-pip|groff/, where);
      break;
    case 'ecr-get-login-removed':
      assert.match(underlined, /^aws\b.*\becr get-login\b/s, where);
      break;
    case 'docker-daemon-build':
      assert.match(underlined, /^(docker\s+(build|push|login)\b|docker\.(build|withRegistry)\(|\w+\.push\(|docker\.build\(.*\)\.push\()/s, where);
      break;
    case 'embedded-yaml-syntax':
      assert.ok(!underlined.includes("'''") && !underlined.includes('"""'), `${where}: inside the YAML`);
      break;
    case 'kaniko-keepalive':
      assert.equal(underlined, d.data?.container, where);
      break;
    case 'kaniko-no-shell':
    case 'kaniko-image-unmaintained':
      assert.equal(underlined, d.data?.image, where);
      break;
    case 'kaniko-missing-destination':
      assert.match(underlined, /^(\/kaniko\/)?executor\b/, where);
      break;
    case 'kaniko-cleanup':
      assert.match(underlined, /^(\/kaniko\/)?executor$/, where);
      break;
    case 'kaniko-flag-missing-value':
      assert.equal(underlined, d.data?.flag, where);
      break;
    case 'kaniko-context':
      assert.match(underlined, d.data?.problem === 'missing' ? /^(\/kaniko\/)?executor$/ : /:\/\/$/, where);
      break;
    case 'kaniko-cache-no-push':
      assert.match(underlined, /^--cache$/, where);
      break;
    case 'kaniko-unknown-flag':
      assert.equal(underlined, d.data?.flag, where);
      assert.match(underlined, d.data?.strayValue ? /^(true|false)$/i : /^--?[A-Za-z]/, where);
      break;
    default:
      assert.fail(`${where}: no range expectation for ${(d as RuleDiagnostic).ruleId}`);
  }
}

describe('engine fixtures', () => {
  it('has an expectation for every fixture file', () => {
    const files = [...fs.readdirSync(FIXTURES).filter((f) => !f.startsWith('.')), ...OUTSIDE_FIXTURES].sort();
    assert.deepEqual(files, Object.keys(EXPECTED).sort());
  });

  it('reads the seed from test/fixtures/seed and keeps no copy of it here', () => {
    const seed = fs.readFileSync(path.join(FIXTURES, SEED), 'utf8');
    assert.match(seed, /stage\('Build'\)/);
    const copies = fs.readdirSync(FIXTURES).filter((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8') === seed);
    assert.deepEqual(copies, []);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    describe(name, () => {
      it('reports the expected rules on the expected lines', () => {
        const { text, found } = lintFile(name);
        assert.deepEqual(
          found.map((d) => `${d.ruleId}:${lineOf(text, d.start)}`),
          expected,
        );
      });

      it('no rule throws on the file cut off at the start or in the middle of any line', function () {
        // Many model builds in one test; the default 2 s is tight on a loaded machine (this is not a timing check).
        this.timeout(20000);
        const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
        const cuts = new Set<number>();
        let lineStart = 0;
        for (const line of text.split('\n')) {
          cuts.add(lineStart).add(lineStart + Math.floor(line.length / 2));
          lineStart += line.length + 1;
        }
        for (const cut of cuts) {
          runRules(buildModel(text.slice(0, cut)), {
            severities: {},
            kanikoImage: DEFAULT_SETTINGS.kanikoImage,
            onRuleError: (id, error) => assert.fail(`${name} cut at ${cut}: rule ${id} threw: ${String(error)}`),
          });
        }
      });

      it('underlines exactly what each diagnostic names', () => {
        const { text, found } = lintFile(name);
        for (const d of found) assertRangeNamesItsSubject(text, d, `${name}:${lineOf(text, d.start)} ${d.ruleId}`);
      });
    });
  }
});
