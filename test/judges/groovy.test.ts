import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../unit/robustness/corpus';
import { EXPECTED_GROOVY_VERSION, findJavaHome, GROOVY_VALUE, groovyJudgeStats, judgeGroovy, lastBatch, type GroovyVerdict } from './groovy';

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
      {
        name: 'embedded strings',
        text: [
          "def podYaml = '''",
          'spec:',
          '  containers:',
          '  - name: kaniko',
          "'''",
          'pipeline {',
          '  agent { kubernetes { yaml podYaml } }',
          '  stages {',
          "    stage('Build') {",
          '      steps {',
          '        sh "echo \\$HOME ${env.TAG} \\"q\\""',
          "        sh(script: '''",
          '          aws ecr get-login-password',
          "        '''.stripIndent(), returnStdout: true)",
          '        sh \'ls \' + "-l $dir"',
          '      }',
          '    }',
          '  }',
          '}',
          "podTemplate(yaml: 'kind: Pod', yamlFile: 'ci/pod.yaml') { node(POD_LABEL) { sh script.call() } }",
          '',
        ].join('\n'),
      },
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
    assert.equal(verdicts.length, 47);
    assert.deepEqual(
      verdicts.slice(7).map((v) => v.name),
      many.map((m) => m.name),
    );
    assert.ok(verdicts.slice(7).every((v) => v.compiles && v.errors.length === 0));
  });

  it('passes a known-good Jenkinsfile, given as text or as a path', () => {
    for (const name of ['seed', 'seed by path']) {
      assert.equal(verdict(name).compiles, true);
      assert.deepEqual(verdict(name).errors, []);
    }
    assert.equal(verdict('unknown names').compiles, true);
  });

  it('catches an emptied list that kept its comma, at the list', () => {
    const v = verdict('emptied volumes list');
    assert.equal(v.compiles, false);
    assert.equal(v.crash, undefined);
    assert.deepEqual(
      v.errors.map((e) => [e.line, e.column]),
      [[5, 12]],
    );
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

  it('reads sh scripts and pod YAML as Groovy does: escapes decoded, GString values as placeholders', () => {
    const v = verdict('embedded strings');
    assert.equal(v.compiles, true, JSON.stringify(v.errors));
    assert.deepEqual(
      v.sh.map((s) => [s.line, s.text]),
      [
        [11, `echo $HOME ${GROOVY_VALUE} "q"`],
        // Groovy 2.4 counts the closing line's blanks in the indent (newer Groovy does not).
        [12, '\n  aws ecr get-login-password\n'],
        [15, `ls -l ${GROOVY_VALUE}`],
      ],
    );
    assert.deepEqual(
      v.yaml.map((s) => [s.line, s.text]),
      [
        [7, '\nspec:\n  containers:\n  - name: kaniko\n'],
        [20, 'kind: Pod'],
      ],
    );
    assert.deepEqual(
      v.yamlFiles.map((s) => s.text),
      ['ci/pod.yaml'],
    );
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
