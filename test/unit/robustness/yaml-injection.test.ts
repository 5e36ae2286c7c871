/**
 * #14 item 9: a Jenkinsfile (or a client, or a setting) cannot make generated YAML say more than
 * it means. Every generator's output is read back by three parsers: the `yaml` library (1.2), npm
 * js-yaml 3 and PyYAML (scripts/setup-yaml11.sh). PyYAML is the YAML 1.1 judge: like go-yaml, which
 * kubectl uses, it breaks lines at NEL (U+0085), U+2028 and U+2029; js-yaml and the `yaml` library
 * do not, so they alone would never see the injection.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { ConfigMapError, generateEcrConfigMap, generateEcrConfigMapForJenkinsfile } from '../../../server/src/configmap';
import { generateRegistryCredentialsForJenkinsfile, generateRegistrySecret, RegistrySecretError } from '../../../server/src/registry';
import { assertYamlSafe, commentSafe, isHostName, registryHostProblem } from '../../../server/src/yamlOutput';

const BREAKS = ['\u0085', '\u2028', '\u2029', '\r', '\n', '\u000b', '\u000c', '\u001b'];
/** What an attacker wants: end the scalar or comment, start a second document. */
const payload = (br: string) => `x${br}---${br}apiVersion: v1${br}kind: Namespace${br}metadata:${br}  name: evil${br}#`;

/** The `kind` of each document of each text, as PyYAML reads them (one python3 process for all); an error text when it cannot. */
function pyyamlKinds(texts: string[]): Array<Array<string | null> | string> {
  const script = [
    'import json, sys, yaml',
    'out = []',
    'for text in json.load(sys.stdin):',
    '    try:',
    '        out.append([d.get("kind") if isinstance(d, dict) else None for d in yaml.safe_load_all(text)])',
    '    except yaml.YAMLError as e:',
    '        out.append(str(e))',
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.error, undefined, `python3 with PyYAML is needed (bash scripts/setup-yaml11.sh): ${String(result.error)}`);
  assert.equal(result.status, 0, `python3 failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Array<Array<string | null> | string>;
}

/** Generated texts of one test, each with the documents it must hold, checked by all three parsers. */
class Outputs {
  private readonly cases: Array<{ text: string; kinds: string[]; what: string }> = [];

  add(text: string, kinds: string[], what: string): void {
    assertYamlSafe(text);
    const yaml12 = parseAllDocuments(text);
    assert.ok(Array.isArray(yaml12), what);
    assert.deepEqual(
      yaml12.map((d) => (d.toJS() as { kind?: string } | null)?.kind),
      kinds,
      `${what}: yaml library`,
    );
    assert.deepEqual(
      jsYaml.safeLoadAll(text).map((d) => (d as { kind?: string } | null)?.kind),
      kinds,
      `${what}: js-yaml 3`,
    );
    this.cases.push({ text, kinds, what });
  }

  /** PyYAML, the YAML 1.1 reader, over every text added. */
  checkYaml11(): void {
    const read = pyyamlKinds(this.cases.map((c) => c.text));
    this.cases.forEach((c, i) => assert.deepEqual(read[i], c.kinds, `${c.what}: PyYAML (YAML 1.1) on\n${c.text}`));
  }
}

/** Generates, or refuses with the generator's own error: either is fine, a stray document is not. */
function generated(run: () => string, refusal: new (...args: never[]) => Error): string | undefined {
  try {
    return run();
  } catch (error) {
    assert.ok(error instanceof refusal, `refused with ${String(error)}`);
    return undefined;
  }
}

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

describe('robustness: generated YAML cannot be injected into (#14 item 9)', function () {
  this.timeout(60_000);

  it('the judge itself sees the attack: PyYAML reads NEL as a line break, js-yaml does not', () => {
    const attack = `a: "1"\nb: ${payload('\u0085')}\n`;
    assert.deepEqual(pyyamlKinds([attack]), [[null, 'Namespace']]);
  });

  it('#14.9 an ECR host from a Jenkinsfile with NEL, U+2028 or a control character never reaches the ConfigMap', () => {
    const outputs = new Outputs();
    for (const br of BREAKS) {
      for (const host of [
        `$(${payload(br)}).dkr.ecr.eu-west-1.amazonaws.com`,
        `\${env.A${br}}.dkr.ecr.eu-west-1.amazonaws.com`,
        `<a${br}b>.dkr.ecr.eu-west-1.amazonaws.com`,
      ]) {
        const jenkinsfile = `pipeline { agent any\n stages { stage('b') { steps { sh "/kaniko/executor --destination=${host}/app:1 --destination=${ECR}/app:1" } } } }\n`;
        const text = generated(
          () => generateEcrConfigMapForJenkinsfile(jenkinsfile, { roleArn: 'arn:aws:iam::123456789012:role/kaniko' }).yaml,
          ConfigMapError,
        );
        if (text !== undefined) outputs.add(text, ['ConfigMap', 'ServiceAccount'], JSON.stringify(host));
      }
    }
    outputs.checkYaml11();
  });

  it('#14.9 every string option of the ECR generator, poisoned, is refused or written inert', () => {
    const outputs = new Outputs();
    for (const br of BREAKS) {
      const evil = payload(br);
      const options = { registries: [ECR], roleArn: 'arn:aws:iam::123456789012:role/kaniko' };
      for (const poisoned of [
        { name: evil },
        { namespace: evil },
        { fileName: evil },
        { serviceAccountName: evil },
        { roleArn: evil },
        { registries: [ECR, evil] },
        { registries: [`${evil}.dkr.ecr.eu-west-1.amazonaws.com`] },
      ]) {
        const text = generated(() => generateEcrConfigMap({ ...options, ...poisoned }).yaml, ConfigMapError);
        if (text !== undefined) outputs.add(text, ['ConfigMap', 'ServiceAccount'], JSON.stringify(poisoned));
      }
    }
    outputs.checkYaml11();
  });

  it('#14.9 the registry Secret: hosts, names and file names, poisoned, are refused or written inert', () => {
    const outputs = new Outputs();
    for (const br of BREAKS) {
      const evil = payload(br);
      for (const poisoned of [
        { registries: [`ghcr.io`, evil] },
        { registries: [`${evil}/app:1`] },
        { registries: [`\${env.R${br}}/app`] },
        { registries: ['ghcr.io'], fileName: evil },
        { registries: ['ghcr.io'], name: evil },
      ]) {
        const text = generated(() => generateRegistrySecret({ ...poisoned }).yaml, RegistrySecretError);
        if (text !== undefined) outputs.add(text, ['Secret'], JSON.stringify(poisoned));
      }
      const jenkinsfile = `node { docker.withRegistry("https://\${env.R${br}}") { sh 'docker push x' } ; sh "docker push ghcr.io/o/a:1" }\n`;
      const text = generated(() => generateRegistryCredentialsForJenkinsfile(jenkinsfile, {}).yaml, RegistrySecretError);
      if (text !== undefined) outputs.add(text, ['Secret'], 'from a Jenkinsfile');
    }
    outputs.checkYaml11();
  });

  it('the guards: host names, comment text, and the last check on the output', () => {
    assert.equal(isHostName('123456789012.dkr.ecr.eu-west-1.amazonaws.com'), true);
    assert.equal(isHostName(`${'a'.repeat(64)}.example.com`), false, 'a label over 63 characters');
    assert.equal(isHostName('-a.example.com'), false);
    assert.equal(isHostName('a\u0085b.example.com'), false);
    assert.equal(registryHostProblem('localhost:5000', false, { port: true }), undefined);
    assert.match(registryHostProblem('localhost:5000', false) ?? '', /not a valid host name/);
    assert.equal(registryHostProblem('${env.ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com', true), undefined);
    assert.match(registryHostProblem('$(a\u2028b).dkr.ecr.eu-west-1.amazonaws.com', true) ?? '', /U\+2028/);
    assert.equal(commentSafe('a\u0085b\r\nc\u2028d'), 'aU+0085bU+000DU+000AcU+2028d');
    assert.throws(() => assertYamlSafe('a: b\u0085c\n'), /U\+0085/);
    assert.throws(() => assertYamlSafe('a: b\ud800\n'), /U\+D800/);
    assert.doesNotThrow(() => assertYamlSafe('a: é 😀\n'));
  });
});
