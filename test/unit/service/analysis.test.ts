/**
 * One analysis per document version: every request of the editor (and `fix`) reads the same
 * model, findings and migration plans. Counted where the work happens: every registered rule's
 * `check` is wrapped (so a run anywhere, cached or not, counts), and the cache's `onCompute` hook
 * counts models and migration plans.
 */
import assert from 'node:assert/strict';
import { RULES, type Rule } from '../../../server/src/rules';
import { JenkinsfileLanguageService, type DocumentInput } from '../../../server/src/service';
import { AnalysisCache, findingsOnce, type AnalysisHost, type AnalysisStep } from '../../../server/src/service/analysis';
import { FIX_ALL_KIND } from '../../../server/src/service/codeActions';
import { migrationFixtures } from '../fixes/helpers';

const seed = migrationFixtures().find((f) => f.name === 'seed')!;
const uri = 'file:///repo/Jenkinsfile';

/** How many times the rules ran: every rule's `check` must have run this many times. */
let ruleRuns = new Map<string, number>();

function rulesRan(): number {
  const runs = new Set(ruleRuns.values());
  assert.ok(runs.size <= 1, `rules ran unequally: ${JSON.stringify([...ruleRuns])}`);
  return [...runs][0] ?? 0;
}

function countingService() {
  ruleRuns = new Map();
  const steps: Record<AnalysisStep, number> = { model: 0, rules: 0, 'migration-plans': 0 };
  const service = new JenkinsfileLanguageService({ onCompute: (step) => steps[step]++ });
  const counts = () => ({ model: steps.model, rules: rulesRan(), 'migration-plans': steps['migration-plans'] });
  return { service, counts };
}

/** Every request the editor makes on a document version. */
function everyRequest(service: JenkinsfileLanguageService, document: DocumentInput): void {
  const settings = seed.settings;
  const diagnostics = service.diagnostics(document, settings);
  assert.ok(diagnostics.length > 0);
  const start = { line: 0, character: 0 };
  for (const diagnostic of diagnostics) {
    service.hover(document, diagnostic.range.start, settings);
    service.codeActions(document, diagnostic.range, { diagnostics: [diagnostic] }, settings);
  }
  service.codeActions(document, { start, end: start }, { diagnostics: [], only: ['refactor.rewrite'] }, settings);
  const fixAll = service.codeActions(document, { start, end: start }, { diagnostics: [], only: [FIX_ALL_KIND] }, settings);
  assert.equal(fixAll.length, 1, 'the seed has a safe fix (its get-login)');
  assert.ok(service.codeLenses(document, settings).length > 0);
  assert.ok('edit' in service.migrationEdit(document, 'Build', settings));
  service.findings(document, settings);
}

describe('analysis cache', () => {
  const originals = new Map<Rule, Rule['check']>();
  before(() => {
    for (const rule of RULES) {
      const check = rule.check;
      originals.set(rule, check);
      rule.check = (model, options) => {
        ruleRuns.set(rule.meta.id, (ruleRuns.get(rule.meta.id) ?? 0) + 1);
        return check.call(rule, model, options);
      };
    }
  });
  after(() => {
    for (const [rule, check] of originals) rule.check = check;
  });

  it('diagnostics, hover, code actions, fix-all, code lenses and the migration command run the rules and plan the migration once per version', () => {
    const { service, counts } = countingService();
    const v1 = { uri, text: seed.before, version: 1 };
    everyRequest(service, v1);
    everyRequest(service, v1);
    assert.deepEqual(counts(), { model: 1, rules: 1, 'migration-plans': 1 });

    // An edit: a new version with new text is analysed once more, and only once.
    const v2 = { uri, text: seed.before.replace("stage('Build')", "stage('Build') "), version: 2 };
    everyRequest(service, v2);
    everyRequest(service, v2);
    assert.deepEqual(counts(), { model: 2, rules: 2, 'migration-plans': 2 });

    // Undo back to the first text: a new version, the same text; nothing is recomputed for it.
    everyRequest(service, { uri, text: v2.text, version: 3 });
    assert.deepEqual(counts(), { model: 2, rules: 2, 'migration-plans': 2 });
  });

  it('a change of rule severities runs the rules again but keeps the plans; a change of Kaniko settings plans again', () => {
    const { service, counts } = countingService();
    const document = { uri, text: seed.before, version: 1 };
    service.diagnostics(document, seed.settings);
    service.codeLenses(document, seed.settings);
    service.diagnostics(document, { ...seed.settings, rules: { 'docker-daemon-build': 'error' } });
    service.codeLenses(document, { ...seed.settings, rules: { 'docker-daemon-build': 'error' } });
    assert.deepEqual(counts(), { model: 1, rules: 2, 'migration-plans': 1 });
    service.codeLenses(document, { ...seed.settings, kanikoKeepAlive: seed.settings.kanikoKeepAlive === 'cat' ? 'sleep' : 'cat' });
    assert.deepEqual(counts(), { model: 1, rules: 2, 'migration-plans': 2 });
  });

  it('fix on an analysed document reuses its model and findings when no migration changes the text', () => {
    const { service, counts } = countingService();
    const text =
      "node {\n  sh '$(aws ecr get-login --no-include-email --region eu-west-1)'\n  sh 'docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app'\n}\n";
    const document = { uri, text, version: 1 };
    assert.ok(service.diagnostics(document, seed.settings).length > 0);
    const outcome = service.fix(document, seed.settings);
    assert.equal(outcome.migrated.length, 0);
    assert.equal(outcome.safeFixes, 1);
    assert.deepEqual(counts(), { model: 1, rules: 1, 'migration-plans': 0 });
  });

  it("check's findingsOnce gives the cached analysis' findings, reads the host the same way, and builds and checks once", () => {
    const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: dind\n    image: docker:dind\n    securityContext:\n      privileged: true\n';
    const inPod = (agent: string) =>
      `pipeline {\n  agent {\n    kubernetes {\n      ${agent}\n    }\n  }\n  stages {\n    stage('Build') {\n      steps {\n        container('dind') { sh 'docker build .' }\n      }\n    }\n  }\n}\n`;
    const texts = [
      seed.before,
      inPod("yamlFile 'ci/pod.yaml'"),
      inPod("yamlFile 'ci/missing.yaml'"),
      inPod(`yaml '''\n${pod}'''`),
      'node {\r\n  sh "docker build ."\r\n}\r\n',
      '',
    ];
    const recordingHost = (calls: string[]): AnalysisHost => ({
      readYamlFile: (at, relativePath) => (calls.push(`read ${at} ${relativePath}`), relativePath === 'ci/pod.yaml' ? pod : undefined),
      yamlRoot: (at) => (calls.push(`root ${at}`), 'the repository root `/repo`'),
      onCompute: (step, at) => calls.push(`${step} ${at}`),
    });
    const severities = { 'dind-privileged': 'off', 'docker-daemon-build': 'error' } as const;
    for (const settings of [seed.settings, { ...seed.settings, rules: severities }]) {
      for (const text of texts) {
        const cachedCalls: string[] = [];
        const onceCalls: string[] = [];
        const cached = new AnalysisCache(recordingHost(cachedCalls)).analyze({ uri, text }).findings(settings);
        const once = findingsOnce(recordingHost(onceCalls), { uri, text }, settings);
        assert.deepEqual(once, cached, text);
        assert.deepEqual(onceCalls, cachedCalls, text);
        assert.deepEqual(
          onceCalls.filter((call) => call === `model ${uri}` || call === `rules ${uri}`),
          [`model ${uri}`, `rules ${uri}`],
        );
      }
    }
    // The root is asked for only when a yamlFile is read (finding it stats folders up to `/`).
    const inline: string[] = [];
    findingsOnce(recordingHost(inline), { uri, text: texts[3] }, seed.settings);
    assert.deepEqual(inline, [`model ${uri}`, `rules ${uri}`]);
    const fromFile: string[] = [];
    findingsOnce(recordingHost(fromFile), { uri, text: texts[1] }, seed.settings);
    assert.deepEqual(fromFile, [`model ${uri}`, `read ${uri} ci/pod.yaml`, `root ${uri}`, `rules ${uri}`]);
    const podFindings = findingsOnce(recordingHost([]), { uri, text: texts[1] }, seed.settings);
    assert.ok(
      podFindings.some((f) => f.ruleId === 'dind-privileged'),
      'the yamlFile pod was read',
    );
  });
});
