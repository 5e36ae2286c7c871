/**
 * The migration's reach over test/corpus/: pipelines written by the team, each modelled on a shape
 * found in public Jenkinsfiles whose Kubernetes pod runs dind or mounts the Docker socket. Every
 * case goes through `jenkinsfile-kaniko fix` as a user runs it (in a scratch copy of its folder),
 * and its outcome is judged from outside: exit status, what was written, whether Groovy 2.4 still
 * compiles it, whether the daemon findings are gone and whether a second run changes nothing.
 *
 * Each case's expect.json says what it is modelled on, which shapes of issue #12 it exercises, the
 * outcome we aim for (`goal`) and the outcome it has today (`outcome`, plus `reason` when refused).
 * A case whose outcome changes fails here until expect.json is updated: reach is never lost silently.
 */
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../../server/src/cli/main';
import type { JenkinsModel } from '../../../server/src/model';
import { createNodeHost, DEFAULT_SETTINGS, JenkinsfileLanguageService } from '../../../server/src/service';
import { judgeGroovy, groovyErrorsText, type GroovyVerdict } from '../../judges/groovy';
import { judgeKubernetes, kubeErrorsText } from '../../judges/kubernetes';
import { judgeShell, shellErrorsText } from '../../judges/shell';
import { REASON_CODES, type ReasonCode } from '../../../server/src/fixes';
import { corpusDir, type Outcome } from './corpus';

interface Expectation {
  /** The public shape the case is modelled on (repository, or a description when several). */
  modelledOn: string;
  /** Shapes of issue #12 (1–10) the case exercises. */
  shapes: number[];
  goal: Outcome;
  outcome: Outcome;
  /** Reason code of the first skipped stage, when `outcome` is `refused` (the planner's code, as `fix` prints it). */
  reason?: ReasonCode;
  /** What is wrong with the result, when `outcome` is `broken` (recorded, to be fixed). */
  problems?: string[];
}

interface CaseResult {
  name: string;
  expect: Expectation;
  code: number;
  stderr: string;
  before: Map<string, string>;
  after: Map<string, string>;
  outcome: Outcome;
  reason?: ReasonCode;
  problems: string[];
}

/** The expected files name this image: pinned, so that a new default does not rewrite them all. */
const CORPUS_ARGS = ['--kaniko-image', 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug'];

/** Rules whose findings mean the pod still reaches a Docker daemon. */
const DAEMON_RULES = new Set(['dind-privileged', 'docker-socket-mount', 'docker-daemon-build']);

function filesOf(dir: string, root = dir): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (entry === 'expect.json' || entry === 'expected') continue;
    if (statSync(full).isDirectory()) for (const [k, v] of filesOf(full, root)) files.set(k, v);
    else files.set(relative(root, full), readFileSync(full, 'utf8'));
  }
  return files;
}

function daemonFindings(service: JenkinsfileLanguageService, file: string, text: string): string[] {
  const findings = service.findings({ uri: pathToFileURL(file).href, text }, { ...DEFAULT_SETTINGS, rules: {} });
  return findings.filter((f) => DAEMON_RULES.has(f.ruleId)).map((f) => f.ruleId);
}

const DAEMON_ENV = /\bDOCKER_(HOST|TLS_CERTDIR|TLS_VERIFY|CERT_PATH|DRIVER)\b/;

/** What a reviewer would send back: a renamed jnlp agent, dind-only env on Kaniko, empty keys left behind. */
function reviewerProblems(before: JenkinsModel, after: JenkinsModel, files: Map<string, string>): string[] {
  const problems: string[] = [];
  const names = (model: JenkinsModel) => new Set(model.pods.flatMap((p) => p.containers.map((c) => c.name)));
  const hadJnlp = names(before).has('jnlp');
  if (hadJnlp && !names(after).has('jnlp')) problems.push('the jnlp container (the Jenkins agent) was renamed or removed');
  for (const pod of after.pods) {
    const daemonLeft = pod.containers.some((c) => c.isDind);
    for (const container of pod.containers) {
      const text =
        container.origin === 'yaml'
          ? JSON.stringify((container.node as { toJSON?: () => unknown })?.toJSON?.() ?? '')
          : container.span
            ? after.text.slice(container.span.start, container.span.end)
            : '';
      // #12 item 7: a kept client loses what pointed at the daemon that went.
      if (!container.isKaniko && !daemonLeft && /DOCKER_HOST|docker\.sock/.test(text) && !/hostPath/.test(text))
        problems.push(`container '${container.name}' still points at the removed daemon (${/DOCKER_HOST|docker\.sock/.exec(text)![0]})`);
      if (!container.isKaniko) continue;
      const kanikoText =
        container.origin === 'yaml'
          ? JSON.stringify((container.node as { toJSON?: () => unknown })?.toJSON?.() ?? '')
          : container.span
            ? after.text.slice(container.span.start, container.span.end)
            : '';
      if (DAEMON_ENV.test(kanikoText)) problems.push(`the Kaniko container '${container.name}' keeps Docker daemon env (${DAEMON_ENV.exec(kanikoText)![0]})`);
    }
  }
  for (const stage of after.stages) {
    if (stage.stepsBlock && stage.stepsBlock.closures[0]?.body.length === 0)
      problems.push(`stage '${stage.name}' is left with an empty steps { } block, which declarative validation rejects`);
  }
  for (const [file, text] of files) {
    if (!/Jenkinsfile$|\.ya?ml$/.test(file)) continue;
    if (/\bvolumes:\s*\[\s*\]/.test(text)) problems.push(`${file}: an empty volumes: [] is left behind`);
    const emptyKey = /^(\s*)(volumeMounts|volumes|env):[ \t]*\r?\n(?!\1[ \t]+\S|\1- )/m.exec(text);
    if (emptyKey) problems.push(`${file}: an empty ${emptyKey[2]}: key is left behind`);
  }
  return problems;
}

async function runCase(name: string): Promise<CaseResult> {
  const source = join(corpusDir(), name);
  const expect = JSON.parse(readFileSync(join(source, 'expect.json'), 'utf8')) as Expectation;
  const work = mkdtempSync(join(tmpdir(), 'jk-corpus-'));
  try {
    cpSync(source, work, { recursive: true, filter: (path) => !/expect\.json$|[\\/]expected($|[\\/])/.test(path) });
    const before = filesOf(work);
    let stderr = '';
    const run = (argv: string[]) => main(['fix', ...argv], { stdout: () => undefined, stderr: (s) => (stderr += s), cwd: work, version: '0.0.0' });
    const code = await run([...CORPUS_ARGS, 'Jenkinsfile']);
    const after = filesOf(work);
    const firstStderr = stderr;
    const problems: string[] = [];
    const service = new JenkinsfileLanguageService(createNodeHost());
    const jenkinsfile = join(work, 'Jenkinsfile');
    const beforeDaemon = daemonFindings(service, jenkinsfile, before.get('Jenkinsfile')!);
    service.forget(pathToFileURL(jenkinsfile).href);
    const changed = [...after].some(([file, text]) => before.get(file) !== text);
    const skipped = /: skipped /.test(firstStderr);
    const migrated = /: migrated /.test(firstStderr);
    let outcome: Outcome;
    if (code === 2) outcome = 'broken';
    else if (skipped) outcome = 'refused';
    else if (migrated) outcome = 'migrated';
    else if (beforeDaemon.length > 0) outcome = 'silent';
    else outcome = 'none';

    if (changed) {
      const left = daemonFindings(service, jenkinsfile, after.get('Jenkinsfile')!);
      if (outcome === 'migrated' && left.length > 0) problems.push(`daemon findings remain after the migration: ${[...new Set(left)].join(', ')}`);
      const model = service.analyze({ uri: pathToFileURL(jenkinsfile).href, text: after.get('Jenkinsfile')! }).model;
      if (model.parse.errors.length > 0) problems.push(`the result has ${model.parse.errors.length} Groovy syntax error(s) for our parser`);
      for (const pod of model.pods)
        if (pod.yaml && pod.yaml.errors.length > 0) problems.push(`pod YAML of the result does not parse: ${pod.yaml.errors[0].message}`);
      if (outcome === 'migrated') {
        const beforeModel = service.analyze({ uri: pathToFileURL(jenkinsfile).href + '#before', text: before.get('Jenkinsfile')! }).model;
        problems.push(...reviewerProblems(beforeModel, model, after));
      }
      stderr = '';
      await run([...CORPUS_ARGS, 'Jenkinsfile']);
      const again = filesOf(work);
      if ([...again].some(([file, text]) => after.get(file) !== text)) problems.push('a second fix changes the result again');
    }
    if (!changed && outcome === 'migrated') problems.push('reported as migrated but nothing was written');
    // The case's expected results, where it has them: every file, byte for byte.
    const expectedDir = join(source, 'expected');
    if (outcome === 'migrated' && existsSync(expectedDir)) {
      for (const [file, text] of filesOf(expectedDir)) if (after.get(file) !== text) problems.push(`${file} differs from expected/${file}`);
    }
    if (outcome === 'refused' && code !== 1) problems.push(`refused with exit status ${code} (expected 1)`);
    if (outcome === 'migrated' && code !== 0) problems.push(`migrated with exit status ${code} (expected 0)`);
    const reasonCode = /: skipped (?:stage|pod) '[^']*' \[([a-z-]+)\]: /.exec(firstStderr)?.[1];
    if (outcome === 'refused' && !REASON_CODES.includes(reasonCode as ReasonCode))
      problems.push(`refused without a known reason code: ${reasonCode ?? 'none printed'}`);
    return {
      name,
      expect,
      code,
      stderr: firstStderr,
      before,
      after,
      outcome,
      reason: outcome === 'refused' ? (reasonCode as ReasonCode) : undefined,
      problems,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe('corpus: the migration on realistic pipelines (test/corpus)', function () {
  this.timeout(300_000);
  const names = readdirSync(corpusDir())
    .filter((name) => existsSync(join(corpusDir(), name, 'expect.json')))
    .sort();
  const results = new Map<string, CaseResult>();
  const verdicts = new Map<string, GroovyVerdict>();

  before(async () => {
    for (const name of names) results.set(name, await runCase(name));
    // One Groovy 2.4 JVM for every before and after text.
    const sources = [...results.values()].flatMap((r) => [
      { name: `${r.name}/before`, text: r.before.get('Jenkinsfile')! },
      ...(r.after.get('Jenkinsfile') !== r.before.get('Jenkinsfile') ? [{ name: `${r.name}/after`, text: r.after.get('Jenkinsfile')! }] : []),
    ]);
    for (const verdict of judgeGroovy(sources)) verdicts.set(verdict.name, verdict);
    // What Groovy hands on: the sh scripts to dash and busybox sh, the pod YAML to the Kubernetes schema.
    const changedResults = [...results.values()].filter((r) => verdicts.has(`${r.name}/after`));
    const scripts = changedResults.flatMap((r) => verdicts.get(`${r.name}/after`)!.sh.map((sh) => ({ name: `${r.name}/after:${sh.line}`, script: sh.text })));
    const shellProblems = new Map<string, string[]>();
    for (const verdict of judgeShell(scripts)) {
      if (verdict.ok) continue;
      const name = verdict.name.slice(0, verdict.name.indexOf('/'));
      shellProblems.set(name, [...(shellProblems.get(name) ?? []), `an sh script of the result does not parse:\n${shellErrorsText(verdict)}`]);
    }
    const pods = changedResults.flatMap((r) => [
      ...verdicts.get(`${r.name}/after`)!.yaml.map((y) => ({ name: `${r.name}/after:${y.line}`, yaml: y.text, defaultKind: 'Pod' as const })),
      ...[...r.after].filter(([file]) => /\.ya?ml$/.test(file)).map(([file, text]) => ({ name: `${r.name}/${file}`, yaml: text, defaultKind: 'Pod' as const })),
    ]);
    const kubeProblems = new Map<string, string[]>();
    for (const verdict of judgeKubernetes(pods)) {
      if (verdict.valid) continue;
      const name = verdict.name.slice(0, verdict.name.indexOf('/'));
      kubeProblems.set(name, [...(kubeProblems.get(name) ?? []), `a pod of the result fails the Kubernetes schema:\n${kubeErrorsText(verdict)}`]);
    }
    for (const result of results.values()) {
      const after = verdicts.get(`${result.name}/after`);
      if (after && !after.compiles) result.problems.push(`Groovy 2.4 does not compile the result:\n${groovyErrorsText(after)}`);
      result.problems.push(...(shellProblems.get(result.name) ?? []), ...(kubeProblems.get(result.name) ?? []));
      if (result.problems.length > 0 && result.outcome !== 'none') result.outcome = 'broken';
      // After a deliberate change of reach: JKA_CORPUS_UPDATE=1 records today's outcomes (review the diff).
      if (process.env.JKA_CORPUS_UPDATE === '1') {
        const { outcome, reason, ...rest } = result.expect as Expectation & { reason?: string };
        void outcome;
        void reason;
        const { problems, ...kept } = rest as typeof rest & { problems?: string[] };
        void problems;
        const updated = {
          ...kept,
          outcome: result.outcome,
          ...(result.reason ? { reason: result.reason } : {}),
          ...(result.outcome === 'broken' ? { problems: result.problems } : {}),
        };
        writeFileSync(join(corpusDir(), result.name, 'expect.json'), JSON.stringify(updated, null, 2) + '\n');
        result.expect = updated;
      }
    }
  });

  it('has at least 40 pipelines, each a Jenkinsfile Groovy 2.4 compiles with pods the Kubernetes schema accepts', () => {
    assert.ok(names.length >= 40, `only ${names.length} corpus cases`);
    for (const name of names) {
      const verdict = verdicts.get(`${name}/before`);
      assert.ok(verdict?.compiles, `${name}: ${verdict ? groovyErrorsText(verdict) : 'not judged'}`);
    }
    const pods = [...results.values()].flatMap((r) => [
      ...verdicts.get(`${r.name}/before`)!.yaml.map((y) => ({ name: `${r.name}:${y.line}`, yaml: y.text, defaultKind: 'Pod' as const })),
      ...[...r.before]
        .filter(([file]) => /\.ya?ml$/.test(file))
        .map(([file, text]) => ({ name: `${r.name}/${file}`, yaml: text, defaultKind: 'Pod' as const })),
    ]);
    assert.ok(pods.length >= 30, `only ${pods.length} pod YAML texts`);
    for (const verdict of judgeKubernetes(pods)) assert.ok(verdict.valid, kubeErrorsText(verdict));
  });

  for (const name of names) {
    it(name, () => {
      const result = results.get(name)!;
      const detail = `\n--- stderr ---\n${result.stderr}${result.problems.length ? `--- problems ---\n${result.problems.join('\n')}\n` : ''}`;
      assert.equal(result.outcome, result.expect.outcome, `outcome${detail}`);
      if (result.outcome === 'refused') assert.equal(result.reason, result.expect.reason, `reason code${detail}`);
      if (result.expect.outcome === 'broken') assert.deepEqual(result.problems, result.expect.problems, detail);
      else assert.deepEqual(result.problems, [], detail);
      const expectedDir = join(corpusDir(), name, 'expected');
      if (result.outcome === 'migrated' && existsSync(expectedDir)) {
        for (const [file, text] of filesOf(expectedDir)) assert.equal(result.after.get(file), text, `${file}${detail}`);
      }
      if (result.outcome === 'refused' || result.outcome === 'silent' || result.outcome === 'none') {
        for (const [file, text] of result.before) assert.equal(result.after.get(file), text, `${file} changed although the case was not migrated${detail}`);
      }
    });
  }

  it('reports the reach', () => {
    const withDaemon = [...results.values()].filter((r) => r.expect.goal !== 'none');
    const count = (outcome: Outcome) => withDaemon.filter((r) => r.outcome === outcome).length;
    const reasons = new Map<string, number>();
    for (const r of withDaemon) if (r.reason) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    const unreached = withDaemon.filter((r) => r.expect.goal === 'migrated' && r.outcome !== 'migrated').map((r) => r.name);
    const lines = [
      `corpus reach: ${count('migrated')}/${withDaemon.length} pipelines with a Docker daemon migrated, ${count('refused')} refused, ${count('silent')} silent, ${count('broken')} broken`,
      `  refusals: ${[...reasons].map(([code, n]) => `${code} ${n}`).join(', ') || 'none'}`,
      `  aimed at but not reached yet: ${unreached.join(', ') || 'none'}`,
    ];
    console.log(lines.join('\n'));
  });
});
