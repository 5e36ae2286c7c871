import * as assert from 'node:assert/strict';
import { stringText } from '../../../server/src/parser';
import type * as A from '../../../server/src/parser/ast';
import { AFTER_BUILD_STAGE, checkTree, parseClean, print, SEED, src } from './helpers';

/** The calls of a closure's expression statements. */
function calls(closure: A.ClosureExpression): A.CallExpression[] {
  return closure.body.map((s) => {
    assert.equal(s.type, 'ExpressionStatement', `statement ${print(s)}`);
    const e = (s as A.ExpressionStatement).expression;
    assert.equal(e.type, 'CallExpression', `expression ${print(e)}`);
    return e as A.CallExpression;
  });
}

function name(call: A.CallExpression): string {
  return print(call.callee);
}

describe('parser: the seed Jenkinsfile', () => {
  const result = parseClean(SEED);
  const text = SEED;

  it('parses without errors and keeps every comment', () => {
    checkTree(text, result);
    assert.equal(result.comments.length, 15);
    assert.deepEqual(
      result.comments.slice(0, 2).map((c) => c.text),
      ['check every minute for changes', 'Build container image'],
    );
    assert.ok(result.comments.every((c) => c.kind === 'line'));
  });

  it('reads pipeline → agent none, triggers, stages (despite `agent none//…` and `}  stages {`)', () => {
    assert.equal(result.program.body.length, 1);
    const [pipeline] = calls({ body: result.program.body } as A.ClosureExpression);
    assert.equal(name(pipeline), 'pipeline');
    assert.deepEqual([pipeline.start, pipeline.end], [0, text.lastIndexOf('}') + 1]);
    const top = calls(pipeline.closures[0]);
    assert.deepEqual(top.map(name), ['agent', 'triggers', 'stages']);
    assert.equal(print(top[0]), '(cmd agent none)');
    assert.equal(src(text, top[0]), 'agent none');
    assert.equal(print(top[1]), "(cmd triggers {(call pollSCM '*/1 * * * *')})");
    assert.equal(text.slice(top[1].end, top[2].start), '  ');
  });

  it("reads stage('Build') → agent → kubernetes → label, defaultContainer, yaml", () => {
    const stages = calls(calls(calls({ body: result.program.body } as A.ClosureExpression)[0].closures[0])[2].closures[0]);
    assert.equal(stages.length, 1);
    const build = stages[0];
    assert.equal(name(build), 'stage');
    assert.equal(print(build.args[0].value), "'Build'");
    const [agent, steps] = calls(build.closures[0]);
    assert.deepEqual([name(agent), name(steps)], ['agent', 'steps']);
    const [kubernetes] = calls(agent.closures[0]);
    assert.equal(name(kubernetes), 'kubernetes');
    const props = calls(kubernetes.closures[0]);
    assert.deepEqual(props.map(name), ['label', 'defaultContainer', 'yaml']);
    assert.deepEqual(
      props.map((c) => c.parenthesized),
      [false, false, false],
    );
    const yaml = props[2].args[0].value as A.StringLiteral;
    assert.equal(yaml.quote, '"""');
    assert.equal(yaml.contentStart, text.indexOf('"""') + 3);
    const yamlText = stringText(yaml, text).text;
    assert.ok(yamlText.startsWith('\napiVersion: v1\nkind: Pod\n'));
    assert.ok(yamlText.includes('privileged: true'));
  });

  it('reads steps → container → script → sh, sh, sh, docker.withRegistry { def, push }', () => {
    const pipeline = calls({ body: result.program.body } as A.ClosureExpression)[0];
    const build = calls(calls(pipeline.closures[0])[2].closures[0])[0];
    const steps = calls(build.closures[0])[1];
    const [container] = calls(steps.closures[0]);
    assert.equal(print(container.args[0].value), "'dind'");
    const [script] = calls(container.closures[0]);
    assert.equal(name(script), 'script');
    const body = script.closures[0].body;
    assert.equal(body.length, 4);
    const shells = body.slice(0, 3).map((s) => (s as A.ExpressionStatement).expression as A.CallExpression);
    assert.deepEqual(
      shells.map((c) => src(text, c)),
      ["sh 'apk -Uuv add make groff less python py-pip'", "sh 'pip install awscli'", "sh '$(aws ecr get-login --no-include-email --region eu-west-1)'"],
    );
    const registry = (body[3] as A.ExpressionStatement).expression as A.CallExpression;
    assert.equal(name(registry), '(. docker withRegistry)');
    const [declaration, push] = registry.closures[0].body;
    assert.equal(print(declaration), '(def customImage=(call (. docker build) "app:${(. env BUILD_ID)}"))');
    assert.equal(print(push), '(call (. customImage push))');
    assert.equal(src(text, push), 'customImage.push()');
  });

  it('parses the Kaniko build stage (with `}steps {`) without errors', () => {
    const after = parseClean(AFTER_BUILD_STAGE);
    checkTree(AFTER_BUILD_STAGE, after);
    const [stage] = calls({ body: after.program.body } as A.ClosureExpression);
    assert.deepEqual(calls(stage.closures[0]).map(name), ['agent', 'steps']);
    const sh = calls(calls(calls(stage.closures[0])[1].closures[0])[0].closures[0])[0];
    assert.equal(name(sh), 'sh');
    const script = sh.args[0].value as A.StringLiteral;
    assert.equal(script.parts.filter((p) => p.type === 'Interpolation').length, 1);
    assert.ok(stringText(script, AFTER_BUILD_STAGE).text.includes('`pwd`/Dockerfile'));
  });
});
