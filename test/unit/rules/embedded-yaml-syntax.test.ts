import assert from 'node:assert/strict';
import { declarative, diagnostics, lineOf, podWith } from './helpers';
import { buildModel } from '../../../server/src/model';
import { embeddedYamlSyntax, MAX_YAML_ERRORS_PER_POD } from '../../../server/src/rules/embedded-yaml-syntax';

const ID = 'embedded-yaml-syntax';

describe(`rule ${ID}`, () => {
  it('reports pod YAML that does not parse, as an error inside the YAML', () => {
    const yaml = ['spec:', '  containers:', '  - name: a', '   image: [alpine', ''].join('\n');
    const text = declarative(yaml, "        echo 'x'");
    const found = diagnostics(text, ID);
    assert.ok(found.length >= 1);
    const yamlStart = text.indexOf("'''") + 3;
    const yamlEnd = text.indexOf("'''", yamlStart);
    for (const d of found) {
      assert.equal(d.severity, 'error');
      assert.match(d.message, /^Pod YAML: /);
      assert.ok(d.start >= yamlStart && d.end <= yamlEnd, 'range inside the YAML string');
    }
    assert.ok(found.some((d) => lineOf(text, d.start) >= lineOf(text, text.indexOf('image: [alpine'))));
  });

  it('marks an unclosed bracket or quote on the last YAML character, never with an empty range', () => {
    for (const [yaml, last] of [
      ['spec:\n  containers:\n  - name: a\n    image: [\n', '['],
      ['spec:\n  containers: {\n', '{'],
      ['spec:\n  containers:\n  - name: a\n    image: "alpine\n', 'e'],
    ]) {
      for (const quote of ["'''", '"""'] as const) {
        const text = declarative(yaml, "        echo 'x'", { quote });
        const found = diagnostics(text, ID);
        assert.ok(found.length >= 1, yaml);
        for (const d of found) assert.ok(d.end > d.start, `${yaml}: empty range`);
        assert.equal(text.slice(found[0].start, found[0].end), last, yaml);
      }
    }
  });

  it('reports one mistake once even when the parser repeats it', () => {
    const text = declarative('spec: : :', "        echo 'x'");
    const found = diagnostics(text, ID);
    const keys = found.map((d) => `${d.start}:${d.end}:${d.message}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(found.length >= 1);
  });

  it('reports a tab used for indentation on its line', () => {
    const yaml = ['spec:', '  containers:', '  - name: a', '\timage: alpine'].join('\n');
    const text = declarative(yaml, "        echo 'x'");
    const found = diagnostics(text, ID);
    assert.ok(found.length >= 1);
    assert.ok(found.some((d) => lineOf(text, d.start) === lineOf(text, text.indexOf('\timage'))));
  });

  it('reports broken YAML given through a variable, at the variable literal', () => {
    const text = `def pod = '''
spec:
  containers: [
'''
pipeline { agent { kubernetes { yaml pod } } }`;
    const found = diagnostics(text, ID);
    assert.ok(found.length >= 1);
    assert.ok(found.every((d) => d.end <= text.indexOf("'''\npipeline")));
  });

  it('stays silent on valid YAML, flow YAML and interpolated values', () => {
    assert.deepEqual(diagnostics(declarative(podWith('a', 'alpine', 'command: [cat]', 'tty: true'), "        echo 'x'"), ID), []);
    assert.deepEqual(
      diagnostics(declarative(podWith('a', '${REGISTRY}/alpine:${TAG}', 'env: [{name: X, value: "${VALUE}"}]'), "        echo 'x'", { quote: '"""' }), ID),
      [],
    );
    assert.deepEqual(diagnostics("pipeline { agent { kubernetes { yaml 'spec: {containers: [{name: a, image: alpine}]}' } } }", ID), []);
  });

  it('does not look at YAML-looking text that is not a pod', () => {
    const text = "node {\n  writeFile file: 'x.yaml', text: 'a: [\\n'\n  echo 'spec: ['\n}";
    assert.deepEqual(diagnostics(text, ID), []);
  });
});

describe('embedded-yaml-syntax: cascades', () => {
  it('reports at most MAX_YAML_ERRORS_PER_POD errors for one pod', () => {
    const broken = Array.from({ length: 200 }, (_, i) => `  - name: c${i}\n   image: [`).join('\n');
    const text = `pipeline { agent { kubernetes { yaml '''\nspec:\n  containers:\n${broken}\n''' } } }`;
    const model = buildModel(text);
    assert.ok(model.pipelinePod!.yaml!.errors.length > MAX_YAML_ERRORS_PER_POD, 'the input must cascade');
    const findings = embeddedYamlSyntax.check(model, { kanikoImage: 'x' });
    assert.equal(findings.length, MAX_YAML_ERRORS_PER_POD);
  });
});
