/**
 * No false positives: the team's corpus of ordinary pipelines (no Docker build, no privileged
 * pod, no per-run AWS CLI install), written in the shapes real Jenkinsfiles have, gets no finding
 * at all, and each compiles with the real Groovy 2.4. Studied shapes: maven/gradle/npm/python
 * builds, post/junit/archive, when/parallel/matrix, credentials, kubernetes agents without Docker,
 * scripted node/podTemplate (also Allman style and closure-in-parentheses), helpers, shared libraries.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { judgeGroovy, groovyErrorsText, type GroovyVerdict } from '../../judges/groovy';
import { createNodeHost, JenkinsfileLanguageService } from '../../../server/src/service';

const DIR = path.join(__dirname, '../../../../test/corpus/ordinary');
const names = fs
  .readdirSync(DIR)
  .filter((n) => fs.existsSync(path.join(DIR, n, 'Jenkinsfile')))
  .sort();

describe('corpus: ordinary pipelines have no findings (test/corpus/ordinary)', function () {
  this.timeout(120_000);
  let verdicts: Map<string, GroovyVerdict>;

  before(() => {
    verdicts = new Map(judgeGroovy(names.map((name) => ({ name, path: path.join(DIR, name, 'Jenkinsfile') }))).map((v) => [v.name, v]));
  });

  it('holds at least 30 pipelines', () => assert.ok(names.length >= 30, `${names.length}`));

  for (const name of names) {
    it(name, () => {
      const verdict = verdicts.get(name)!;
      assert.ok(verdict.compiles, groovyErrorsText(verdict));
      const file = path.join(DIR, name, 'Jenkinsfile');
      const service = new JenkinsfileLanguageService(createNodeHost(undefined, { workspaceFolders: () => [path.join(DIR, name)] }));
      const input = { uri: pathToFileURL(file).href, text: fs.readFileSync(file, 'utf8') };
      const findings = service.findings(input).map((f) => `${f.ruleId}: ${f.message}`);
      assert.deepEqual(findings, []);
      assert.ok(service.analyze(input).model.kind !== 'unknown' || name.includes('library'), 'not read as a pipeline');
    });
  }
});
