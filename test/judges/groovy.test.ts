import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../unit/robustness/corpus';
import { EXPECTED_GROOVY_VERSION, findJavaHome, groovyJudgeStats, judgeGroovy, lastBatch, type GroovyVerdict } from './groovy';

describe('judge: Groovy 2.4 (syntax, CONVERSION phase)', function () {
  // One JVM start (about a second, more on a loaded machine) for the whole file.
  this.timeout(120_000);

  const seed = readFileSync(join(REPO_ROOT, 'test/fixtures/seed/before.Jenkinsfile'), 'utf8');
  const many = Array.from({ length: 40 }, (_, i) => ({ name: `many-${i}`, text: `node {\n  stage('s${i}') {\n    sh "echo ${i}"\n  }\n}\n` }));
  let verdicts: GroovyVerdict[];
  let jvmsForBatch: number;

  before(() => {
    const jvmsBefore = groovyJudgeStats.jvms;
    verdicts = judgeGroovy([
      { name: 'seed', text: seed },
      { name: 'seed by path', path: join(REPO_ROOT, 'test/fixtures/seed/before.Jenkinsfile') },
      // #13's first wrong rewrite: the last list element removed without its comma.
      {
        name: 'emptied volumes list',
        text: "podTemplate(\n  containers: [\n    containerTemplate(name: 'docker', image: 'docker'),\n  ],\n  volumes: [\n    ,\n  ]) {\n  node(POD_LABEL) { sh 'ls' }\n}\n",
      },
      { name: 'unclosed GString placeholder', text: 'node {\n  def tag = "build-${env.BUILD_NUMBER"\n  sh "echo $tag"\n}\n' },
      { name: 'missing parenthesis', text: "pipeline {\n  agent any\n  stages {\n    stage('Build' {\n      steps { sh 'make' }\n    }\n  }\n}\n" },
      // Unknown steps and classes are fine at this phase, as they are when Jenkins parses a script.
      { name: 'unknown names', text: "import com.example.Nowhere\nnode { doesNotExist(foo: Nowhere.BAR) { sh 'x' } }\n" },
      ...many,
    ]);
    jvmsForBatch = groovyJudgeStats.jvms - jvmsBefore;
  });

  const verdict = (name: string) => verdicts.find((v) => v.name === name)!;

  it(`runs Groovy ${EXPECTED_GROOVY_VERSION}, the version Jenkins bundles`, () => {
    assert.equal(lastBatch?.groovy, EXPECTED_GROOVY_VERSION);
  });

  it('compiles a batch of many files in one JVM, one verdict per source in order', () => {
    assert.equal(jvmsForBatch, 1);
    assert.equal(verdicts.length, 46);
    assert.deepEqual(verdicts.slice(6).map((v) => v.name), many.map((m) => m.name));
    assert.ok(verdicts.slice(6).every((v) => v.compiles && v.errors.length === 0));
  });

  it('passes a known-good Jenkinsfile, given as text or as a path', () => {
    assert.deepEqual(verdict('seed'), { name: 'seed', compiles: true, errors: [] });
    assert.deepEqual(verdict('seed by path'), { name: 'seed by path', compiles: true, errors: [] });
    assert.equal(verdict('unknown names').compiles, true);
  });

  it('catches an emptied list that kept its comma, at the list', () => {
    const v = verdict('emptied volumes list');
    assert.equal(v.compiles, false);
    assert.equal(v.crash, undefined);
    assert.deepEqual(v.errors.map((e) => [e.line, e.column]), [[5, 12]]);
  });

  it('catches an unclosed ${…} on its line', () => {
    const v = verdict('unclosed GString placeholder');
    assert.equal(v.compiles, false);
    assert.equal(v.errors[0].line, 2);
  });

  it("catches stage('Build' { at the first token Groovy cannot take", () => {
    const v = verdict('missing parenthesis');
    assert.equal(v.compiles, false);
    assert.ok(v.errors[0].line >= 4, JSON.stringify(v.errors));
    assert.ok(v.errors[0].message.length > 0);
  });

  it('finds a Java home itself when JAVA_HOME is unset or wrong', () => {
    const saved = process.env.JAVA_HOME;
    try {
      for (const value of [undefined, '/nonexistent/jdk']) {
        if (value === undefined) delete process.env.JAVA_HOME;
        else process.env.JAVA_HOME = value;
        const home = findJavaHome();
        assert.ok(existsSync(join(home, 'bin', 'java')), `${home} has no bin/java`);
        assert.notEqual(home, '/nonexistent/jdk');
      }
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
    }
  });
});
