import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CompletionRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  HoverRequest,
  ResponseError,
  SymbolKind,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, TestClient, fileUri, positionAt, withCursor } from './client';
import type { GenerateEcrConfigMapResult, GenerateRegistryCredentialsResult } from '../../server/src/shared/protocol';

const SEED_PATH = path.join(REPO_ROOT, 'test/fixtures/seed/before.Jenkinsfile');
const SEED = fs.readFileSync(SEED_PATH, 'utf8');

const KANIKO_STAGE = `pipeline {
  agent none
  stages {
    stage('Build') {
      agent {
        kubernetes {
          defaultContainer 'kaniko'
          yaml '''
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: kaniko
    image: gcr.io/kaniko-project/executor:v1.24.0-debug
    command: [/busybox/cat]
    tty: true
  - name: tools
    image: alpine:3.20
'''
        }
      }
      steps {
        container('kaniko') {
          sh '/kaniko/executor --dockerfile=Dockerfile --context=dir://. --destination=registry.example.com/app:1'
        }
      }
    }
    stage('Checks') {
      parallel {
        stage('Unit') { steps { sh 'make test' } }
        stage('Lint') { steps { sh 'make lint' } }
      }
    }
    stage('Platforms') {
      matrix {
        axes { axis { name 'ARCH'; values 'amd64', 'arm64' } }
        stages { stage('Image') { steps { sh 'make image' } } }
      }
    }
  }
}
`;

const markdown = (hover: Hover | null): string => {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
};
const labels = (result: CompletionList | CompletionItem[] | null): string[] => (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label);

describe('protocol: language features', function () {
  let client: TestClient;
  const seedUri = fileUri(SEED_PATH);
  const kanikoUri = 'file:///kaniko/Jenkinsfile';

  before(async () => {
    client = await TestClient.start();
    await client.open(seedUri, SEED);
    await client.open(kanikoUri, KANIKO_STAGE);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  const hover = (uri: string, text: string, needle: string, delta = 1): Promise<Hover | null> =>
    client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionAt(text, needle, delta) });

  describe('hover', () => {
    it("explains a finding with the rule's fix and a link to its page", async () => {
      const result = await hover(seedUri, SEED, 'privileged: true', 3);
      const text = markdown(result);
      assert.match(text, /dind-privileged/);
      assert.match(text, /\*\*Fix:\*\*.*Kaniko/);
      assert.match(text, /\[docs\/rules\/dind-privileged\.md\]\(https:\/\/github\.com\/.*\/docs\/rules\/dind-privileged\.md\)/);
      assert.deepEqual(result!.range!.start, positionAt(SEED, 'privileged: true'));
    });

    it('shows the image of the container named in container(...) and defaultContainer', async () => {
      assert.match(markdown(await hover(seedUri, SEED, "container('dind')", 12)), /docker:18\.05-dind/);
      assert.match(markdown(await hover(seedUri, SEED, "defaultContainer 'dind'", 19)), /docker:18\.05-dind/);
      assert.match(markdown(await hover(kanikoUri, KANIKO_STAGE, "container('kaniko')", 12)), /gcr\.io\/kaniko-project\/executor:v1\.24\.0-debug/);
    });

    it('says what a Kaniko executor flag does', async () => {
      const text = markdown(await hover(kanikoUri, KANIKO_STAGE, '--destination', 4));
      assert.match(text, /`--destination`/);
      assert.match(text, /push/i);
      assert.match(markdown(await hover(kanikoUri, KANIKO_STAGE, '--dockerfile', 4)), /Dockerfile/);
    });

    it('answers null where there is nothing to say', async () => {
      assert.equal(await hover(kanikoUri, KANIKO_STAGE, 'pipeline', 2), null);
    });
  });

  describe('document symbols', () => {
    it('outlines pipeline → stage → agent pod → containers for the seed', async () => {
      const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: seedUri } })) as DocumentSymbol[];
      assert.equal(symbols.length, 1);
      const [pipeline] = symbols;
      assert.equal(pipeline.name, 'pipeline');
      assert.equal(pipeline.kind, SymbolKind.Module);
      const build = pipeline.children?.find((s) => s.name === 'Build');
      assert.ok(build, 'stage Build');
      assert.deepEqual(build.selectionRange, { start: positionAt(SEED, "'Build'"), end: positionAt(SEED, "'Build'", 7) });
      const pod = build.children?.find((s) => s.kind === SymbolKind.Object);
      assert.ok(pod, 'agent pod');
      assert.equal(pod.name, 'kubernetes');
      const dind = pod.children?.find((s) => s.name === 'dind');
      assert.ok(dind, 'container dind');
      assert.equal(dind.detail, 'docker:18.05-dind');
      assert.deepEqual(dind.selectionRange.start, positionAt(SEED, 'dind', 0, 1));
    });

    it('nests parallel and matrix stages under their parent', async () => {
      const [pipeline] = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: kanikoUri } })) as DocumentSymbol[];
      const checks = pipeline.children?.find((s) => s.name === 'Checks');
      assert.deepEqual(
        checks?.children?.map((s) => [s.name, s.detail]),
        [
          ['Unit', 'parallel'],
          ['Lint', 'parallel'],
        ],
      );
      const platforms = pipeline.children?.find((s) => s.name === 'Platforms');
      assert.deepEqual(
        platforms?.children?.map((s) => [s.name, s.detail]),
        [['Image', 'matrix']],
      );
      const build = pipeline.children?.find((s) => s.name === 'Build');
      const pod = build?.children?.find((s) => s.kind === SymbolKind.Object);
      assert.deepEqual(
        pod?.children?.map((s) => s.name),
        ['kaniko', 'tools'],
      );
    });

    it('outlines scripted podTemplate → node → stage', async () => {
      const text = `podTemplate(yaml: '''
spec:
  containers:
  - name: kaniko
    image: gcr.io/kaniko-project/executor:debug
''') {
  node(POD_LABEL) {
    stage('Build') {
      container('kaniko') { sh 'true' }
    }
  }
}
`;
      const uri = 'file:///scripted/Jenkinsfile';
      await client.open(uri, text);
      const [pod] = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
      assert.equal(pod.name, 'podTemplate');
      assert.deepEqual(
        pod.children?.map((s) => s.name),
        ['kaniko', 'node'],
      );
      const node = pod.children![1];
      assert.deepEqual(
        node.children?.map((s) => s.name),
        ['Build'],
      );
      await client.close(uri);
    });
  });

  describe('folding ranges', () => {
    it('folds blocks and the embedded pod YAML', async () => {
      const ranges = (await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: seedUri } })) as FoldingRange[];
      const lines = SEED.split('\n');
      const startOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
      const yamlStart = startOf('yaml """');
      const yaml = ranges.find((r) => r.startLine === yamlStart);
      assert.ok(yaml, 'the yaml string folds');
      const closingQuotes = lines.findIndex((l, i) => i > yamlStart && l.startsWith('"""'));
      assert.equal(yaml.endLine, closingQuotes - 1, 'up to the line before the closing quotes');
      const pipeline = ranges.find((r) => r.startLine === 0);
      assert.ok(pipeline, 'pipeline { folds');
      assert.equal(pipeline.endLine, lines.length - 3, 'up to the line before the closing brace');
      assert.ok(ranges.some((r) => r.startLine === startOf("container('dind')")));
    });
  });

  describe('completion', () => {
    let cursor = { line: 0, character: 0 };
    const complete = async (marked: string): Promise<CompletionList> => {
      const { text, position } = withCursor(marked);
      cursor = position;
      const uri = `file:///completion/${Math.abs(hash(marked))}/Jenkinsfile`;
      await client.open(uri, text);
      try {
        return (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionList;
      } finally {
        await client.close(uri);
      }
    };

    it('offers Kaniko executor flags after /kaniko/executor in an sh string, with docs', async () => {
      const list = await complete(`node { sh '/kaniko/executor --dockerfile=Dockerfile --d|' }\n`);
      const names = labels(list);
      assert.ok(names.includes('--destination'));
      assert.ok(names.includes('--context'));
      assert.ok(!names.includes('--dockerfile'), 'a flag given once is not offered again');
      const destination = list.items.find((i) => i.label === '--destination')!;
      assert.equal(typeof destination.detail, 'string');
      assert.match((destination.documentation as MarkupContent).value, /--destination/);
      assert.deepEqual(destination.textEdit, {
        range: { start: { line: 0, character: cursor.character - '--d'.length }, end: cursor },
        newText: '--destination=',
      });
    });

    it('offers flags on a continuation line of a multi-line executor command', async () => {
      const list = await complete(`node {\n  sh """\n    /kaniko/executor \\\\\n      --context=. \\\\\n      -|\n  """\n}\n`);
      assert.ok(labels(list).includes('--destination'));
    });

    it('offers nothing after another command', async () => {
      assert.deepEqual(labels(await complete(`node { sh 'docker build --|' }\n`)), []);
    });

    it("offers the pod's containers inside container('…') and defaultContainer '…'", async () => {
      const stepPosition = KANIKO_STAGE.replace("container('kaniko')", "container('|')");
      const inStep = await complete(stepPosition);
      assert.deepEqual(labels(inStep).sort(), ['jnlp', 'kaniko', 'tools']);
      assert.equal(inStep.items.find((i) => i.label === 'tools')?.detail, 'alpine:3.20');
      const inAgent = await complete(KANIKO_STAGE.replace("defaultContainer 'kaniko'", "defaultContainer 'ka|'"));
      assert.deepEqual(labels(inAgent).sort(), ['kaniko', 'tools']);
    });
  });

  describe('commands', () => {
    it('generates the ECR ConfigMap for the registries the Jenkinsfile uses', async () => {
      const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: 'jenkinsfileKaniko.generateEcrConfigMap',
        arguments: [{ uri: seedUri, output: 'result' }],
      })) as GenerateEcrConfigMapResult;
      assert.match(result.yaml, /kind: ConfigMap/);
      assert.match(result.yaml, /name: docker-config/);
      assert.match(result.yaml, /dkr\.ecr\.eu-west-1\.amazonaws\.com/);
      assert.deepEqual(result.inferred, result.registries);
      assert.equal(result.fileName, 'kaniko-docker-config.yaml');
      assert.equal(result.createdUri, undefined, 'output: result writes nothing');
    });

    it('generates the registry Secret (placeholders) for the registries given, ECR through credHelpers', async () => {
      const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
        command: 'jenkinsfileKaniko.generateRegistryCredentials',
        arguments: [{ registries: ['docker.io/org/app', 'ghcr.io', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'], output: 'result' }],
      })) as GenerateRegistryCredentialsResult;
      assert.match(result.yaml, /type: kubernetes\.io\/dockerconfigjson/);
      assert.deepEqual(result.registries, ['https://index.docker.io/v1/', 'ghcr.io']);
      assert.deepEqual(result.ecrHosts, ['123456789012.dkr.ecr.eu-west-1.amazonaws.com']);
      assert.equal(result.fileName, 'kaniko-registry-credentials.yaml');
      assert.equal(result.createdUri, undefined);
      await assert.rejects(
        client.connection.sendRequest(ExecuteCommandRequest.type, {
          command: 'jenkinsfileKaniko.generateRegistryCredentials',
          arguments: [{ registries: [], output: 'result' }],
        }),
        (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.InvalidParams,
      );
    });

    it('refuses a fileName that is a path, naming the command that was asked', async () => {
      const registries = { 'jenkinsfileKaniko.generateEcrConfigMap': [], 'jenkinsfileKaniko.generateRegistryCredentials': ['ghcr.io'] };
      for (const [command, given] of Object.entries(registries)) {
        await assert.rejects(
          client.connection.sendRequest(ExecuteCommandRequest.type, {
            command,
            arguments: [{ uri: seedUri, registries: given, fileName: '../outside.yaml', output: 'file' }],
          }),
          (error: unknown) =>
            error instanceof ResponseError && error.code === ErrorCodes.InvalidParams && error.message.startsWith(`${command}: "fileName" must be a file name`),
          command,
        );
      }
    });

    it('answers bad command arguments and unknown commands with an error', async () => {
      await assert.rejects(
        client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'jenkinsfileKaniko.generateEcrConfigMap', arguments: ['nope'] }),
        (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.InvalidParams,
      );
      await assert.rejects(
        client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'jenkinsfileKaniko.noSuchThing', arguments: [] }),
        (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.InvalidParams,
      );
    });
  });
});

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}
