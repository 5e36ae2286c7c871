import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildModel } from '../../../server/src/model';
import { RULES, RULES_BY_ID, runRules, docsUrl } from '../../../server/src/rules';
import { diagnosticOf } from '../../../server/src/rules/runner';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';
import { declarative, lint, podWith } from './helpers';

const ALL_IDS = [
  'dind-privileged',
  'privileged-container',
  'docker-socket-mount',
  'aws-cli-per-run-install',
  'ecr-get-login-removed',
  'docker-daemon-build',
  'inherited-pod-template',
  'embedded-yaml-syntax',
  'kaniko-keepalive',
  'kaniko-no-shell',
  'kaniko-missing-destination',
  'kaniko-unknown-flag',
  'kaniko-ecr-helper-outdated',
  'kaniko-ecr-helper-missing',
  'kaniko-flag-missing-value',
  'kaniko-context',
  'kaniko-cache-no-push',
  'kaniko-cleanup',
  'kaniko-image-unmaintained',
];

const DIND = declarative(
  podWith('dind', 'docker:dind', 'securityContext:', '  privileged: true'),
  "        container('dind') {\n          sh 'pip install awscli'\n          sh 'docker build -t app .'\n        }",
);

function ids(text: string, severities = {}): string[] {
  return lint(text, severities).map((d) => d.ruleId);
}

describe('rule runner', () => {
  it('registers every rule once, in order, with docs links and metadata', () => {
    assert.deepEqual(
      RULES.map((r) => r.meta.id),
      ALL_IDS,
    );
    assert.equal(RULES_BY_ID.size, ALL_IDS.length);
    for (const rule of RULES) {
      // Findings at the same span are ordered by id in code-unit order, which matches localeCompare only for such ids.
      assert.match(rule.meta.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(rule.meta.title && rule.meta.description && rule.meta.fix, rule.meta.id);
      assert.ok(docsUrl(rule.meta.id).endsWith(`/docs/rules/${rule.meta.id}.md`));
    }
  });

  it('uses default severities and sorts by position', () => {
    const found = lint(DIND);
    assert.deepEqual(
      found.map((d) => [d.ruleId, d.severity]),
      [
        ['dind-privileged', 'warning'],
        ['aws-cli-per-run-install', 'warning'],
        ['docker-daemon-build', 'information'],
      ],
    );
    for (let i = 1; i < found.length; i++) assert.ok(found[i - 1].start <= found[i].start);
  });

  it('applies severity overrides, including off', () => {
    const found = lint(DIND, { 'dind-privileged': 'error', 'docker-daemon-build': 'off', 'aws-cli-per-run-install': 'hint' });
    assert.deepEqual(
      found.map((d) => [d.ruleId, d.severity]),
      [
        ['dind-privileged', 'error'],
        ['aws-cli-per-run-install', 'hint'],
      ],
    );
  });

  it('honours // jenkinsfile-kaniko-disable-next-line <id> for the next line only', () => {
    const text = DIND.replace(
      "          sh 'pip install awscli'",
      "          // jenkinsfile-kaniko-disable-next-line aws-cli-per-run-install\n          sh 'pip install awscli'",
    );
    assert.deepEqual(ids(text), ['dind-privileged', 'docker-daemon-build']);
    const otherRule = DIND.replace(
      "          sh 'pip install awscli'",
      "          // jenkinsfile-kaniko-disable-next-line docker-daemon-build\n          sh 'pip install awscli'",
    );
    assert.deepEqual(ids(otherRule), ['dind-privileged', 'aws-cli-per-run-install', 'docker-daemon-build']);
    const twoLinesAbove = DIND.replace(
      "          sh 'pip install awscli'",
      "          // jenkinsfile-kaniko-disable-next-line aws-cli-per-run-install\n\n          sh 'pip install awscli'",
    );
    assert.deepEqual(ids(twoLinesAbove), ['dind-privileged', 'aws-cli-per-run-install', 'docker-daemon-build']);
  });

  it('disable-next-line without ids, or with several, suppresses those rules', () => {
    const all = "node {\n  // jenkinsfile-kaniko-disable-next-line\n  sh 'pip install awscli && $(aws ecr get-login)'\n}";
    assert.deepEqual(ids(all), []);
    const two =
      "node {\n  // jenkinsfile-kaniko-disable-next-line aws-cli-per-run-install, ecr-get-login-removed\n  sh 'pip install awscli && $(aws ecr get-login)'\n}";
    assert.deepEqual(ids(two), []);
    const one = "node {\n  // jenkinsfile-kaniko-disable-next-line ecr-get-login-removed\n  sh 'pip install awscli && $(aws ecr get-login)'\n}";
    assert.deepEqual(ids(one), ['aws-cli-per-run-install']);
  });

  it('honours // jenkinsfile-kaniko-disable <id> for the whole file, wherever it is', () => {
    assert.deepEqual(ids(`${DIND}// jenkinsfile-kaniko-disable dind-privileged\n`), ['aws-cli-per-run-install', 'docker-daemon-build']);
    assert.deepEqual(ids(`// jenkinsfile-kaniko-disable dind-privileged docker-daemon-build\n${DIND}`), ['aws-cli-per-run-install']);
    assert.deepEqual(ids(`// jenkinsfile-kaniko-disable\n${DIND}`), []);
  });

  it('ignores directives in block comments, strings and misspelt ones', () => {
    assert.deepEqual(ids(`/* jenkinsfile-kaniko-disable */\n${DIND}`), ['dind-privileged', 'aws-cli-per-run-install', 'docker-daemon-build']);
    assert.deepEqual(ids(`// jenkinsfile-kaniko-disabled dind-privileged\n${DIND}`), ['dind-privileged', 'aws-cli-per-run-install', 'docker-daemon-build']);
    const inEcho = DIND.replace(
      "          sh 'pip install awscli'",
      "          echo '// jenkinsfile-kaniko-disable aws-cli-per-run-install'\n          sh 'pip install awscli'",
    );
    assert.deepEqual(ids(inEcho), ['dind-privileged', 'aws-cli-per-run-install', 'docker-daemon-build']);
  });

  it('honours # jenkinsfile-kaniko-disable-next-line inside pod YAML and sh scripts', () => {
    const yaml = declarative(
      podWith('dind', 'docker:dind', 'securityContext:', '  # jenkinsfile-kaniko-disable-next-line dind-privileged', '  privileged: true'),
      "        echo 'x'",
    );
    assert.deepEqual(ids(yaml), []);
    const script =
      "node {\n  sh '''\n    # jenkinsfile-kaniko-disable-next-line aws-cli-per-run-install\n    pip install awscli\n    pip3 install awscli\n  '''\n}";
    assert.deepEqual(ids(script), ['aws-cli-per-run-install']);
  });

  it('gives each diagnostic the fields of its finding, in their order, then its rule and severity', () => {
    // What `{ ...finding, ruleId, severity }` gave, which diagnosticOf replaces: with the data when there is some, without a `data` key when not.
    const withData = diagnosticOf({ start: 3, end: 9, message: 'm', data: { podId: 1, container: 'dind' } }, 'dind-privileged', 'warning');
    assert.deepStrictEqual(withData, { start: 3, end: 9, message: 'm', data: { podId: 1, container: 'dind' }, ruleId: 'dind-privileged', severity: 'warning' });
    assert.deepEqual(Object.keys(withData), ['start', 'end', 'message', 'data', 'ruleId', 'severity']);
    const withoutData = diagnosticOf({ start: 0, end: 1, message: 'n' }, 'kaniko-cleanup', 'hint');
    assert.deepStrictEqual(withoutData, { start: 0, end: 1, message: 'n', ruleId: 'kaniko-cleanup', severity: 'hint' });
    assert.deepEqual(Object.keys(withoutData), ['start', 'end', 'message', 'ruleId', 'severity']);
    for (const diagnostic of lint(DIND)) assert.deepEqual(Object.keys(diagnostic), ['start', 'end', 'message', 'data', 'ruleId', 'severity']);
  });

  it("loses nothing of a finding: every rule's findings over the fixtures are a span, a message and data", () => {
    const fixtures: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/Jenkinsfile|\.groovy$/.test(entry.name)) fixtures.push(full);
      }
    };
    walk(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures'));
    assert.ok(fixtures.length > 100, `${fixtures.length} fixtures`);
    const seen = new Set<string>();
    for (const file of fixtures) {
      const model = buildModel(fs.readFileSync(file, 'utf8'));
      for (const rule of RULES)
        for (const finding of rule.check(model, { kanikoImage: DEFAULT_SETTINGS.kanikoImage })) {
          seen.add(rule.meta.id);
          for (const key of Object.keys(finding)) assert.ok(['start', 'end', 'message', 'data'].includes(key), `${rule.meta.id} in ${file}: ${key}`);
        }
    }
    // The fixtures reach most rules (13 today), so the check above is not about one rule.
    assert.ok(seen.size >= 12, [...seen].join(', '));
  });

  it('isolates a rule that throws', () => {
    const errors: string[] = [];
    const rule = RULES_BY_ID.get('kaniko-image-unmaintained')!;
    const original = rule.check;
    rule.check = () => {
      throw new Error('boom');
    };
    try {
      const found = runRules(buildModel(DIND), { severities: {}, kanikoImage: DEFAULT_SETTINGS.kanikoImage, onRuleError: (id) => errors.push(id) });
      assert.equal(found.length, 3);
      assert.deepEqual(errors, ['kaniko-image-unmaintained']);
    } finally {
      rule.check = original;
    }
  });
});
