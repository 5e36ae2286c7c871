import assert from 'node:assert/strict';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type MarkupContent } from 'vscode-languageserver-types';
import { JenkinsfileLanguageService } from '../../../server/src/service';

const service = new JenkinsfileLanguageService();
let counter = 0;

/** A document from text with `|` marking the cursor. */
function at(marked: string): { doc: { uri: string; text: string; version: number }; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  const text = offset < 0 ? marked : marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, Math.max(0, offset));
  const position = { line: before.split('\n').length - 1, character: before.length - (before.lastIndexOf('\n') + 1) };
  return { doc: { uri: `file:///unit/${counter++}/Jenkinsfile`, text, version: 1 }, position };
}

function hoverText(marked: string): string | undefined {
  const { doc, position } = at(marked);
  const hover = service.hover(doc, position);
  return hover ? (hover.contents as MarkupContent).value : undefined;
}

function completionLabels(marked: string): string[] {
  const { doc, position } = at(marked);
  return service.completion(doc, position).items.map((item) => item.label);
}

function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`, ...outline(s.children ?? [], depth + 1)]);
}

describe('service: hover', () => {
  it('documents short executor flags and the flag under a value', () => {
    assert.match(hoverText("node { sh '/kaniko/executor -|d registry/app' }") ?? '', /`--destination` \(`-d`\)/);
    assert.match(hoverText("node { sh '/kaniko/executor --context=dir://wo|rkspace' }") ?? '', /`--context`/);
  });

  it('finds the flag when the script lives in a variable', () => {
    assert.match(hoverText("def cmd = '/kaniko/executor --no-p|ush'\nnode { sh cmd }") ?? '', /`--no-push`/);
  });

  it('says nothing about flags of other commands', () => {
    assert.equal(hoverText("node { sh 'docker build --t|ag x .' }"), undefined);
  });

  it('says when a referenced container is not in the pod', () => {
    const text = hoverText(`podTemplate(yaml: '''
spec:
  containers:
  - name: a
    image: alpine
''') { node(POD_LABEL) { container('b|') { sh 'true' } } }`);
    assert.match(text ?? '', /no container named `b`/);
  });
});

describe('service: completion', () => {
  it('offers no flags in a value position or before the executor', () => {
    assert.deepEqual(completionLabels("node { sh '/kaniko/executor --destination=reg|' }"), []);
    assert.deepEqual(completionLabels("node { sh 'echo --|; /kaniko/executor' }"), []);
  });

  it('offers flags again after a repeatable flag, not after a single-use one', () => {
    const labels = completionLabels("node { sh '/kaniko/executor --destination=a --context=. --|' }");
    assert.ok(labels.includes('--destination'));
    assert.ok(!labels.includes('--context'));
    assert.ok(!labels.some((l) => l === '--snapshotMode'), 'no deprecated spellings');
  });

  it('offers containers of enclosing podTemplates too', () => {
    const labels = completionLabels(`podTemplate(containers: [containerTemplate(name: 'outer', image: 'alpine')]) {
  podTemplate(containers: [containerTemplate(name: 'inner', image: 'busybox')]) {
    node(POD_LABEL) { container("|") { } }
  }
}`);
    assert.deepEqual(labels, ['inner', 'outer', 'jnlp']);
  });
});

describe('service: document symbols', () => {
  it('keeps containers under their pod when the YAML comes from a variable', () => {
    const { doc } = at(`def podYaml = '''
spec:
  containers:
  - name: kaniko
    image: gcr.io/kaniko-project/executor:debug
'''
pipeline {
  agent { kubernetes { yaml podYaml } }
  stages { stage('Build') { steps { sh 'true' } } }
}`);
    const symbols = service.documentSymbols(doc);
    assert.deepEqual(outline(symbols), ['pipeline', '  kubernetes', '    kaniko (gcr.io/kaniko-project/executor:debug)', '  Build']);
    const kaniko = symbols[0].children![0].children![0];
    assert.equal(kaniko.range.start.line, 3, 'the container points at its YAML');
  });

  it('gives every symbol a name and a selection inside its range', () => {
    const { doc } = at(`node { stage("\${env.X}") { } }\nstage('') { }\npipeline { stages { stage(name) { } } }`);
    const check = (symbols: DocumentSymbol[]): void => {
      for (const s of symbols) {
        assert.ok(s.name.length > 0);
        const r = s.range;
        const sel = s.selectionRange;
        const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
          a.line < b.line || (a.line === b.line && a.character <= b.character);
        assert.ok(before(r.start, sel.start) && before(sel.end, r.end), `${s.name}: selection inside range`);
        check(s.children ?? []);
      }
    };
    const symbols = service.documentSymbols(doc);
    check(symbols);
    assert.ok(outline(symbols).some((line) => line.trim() === 'node'));
  });

  it('does not list the node of a declarative agent', () => {
    const { doc } = at(`pipeline { agent { node { label 'linux' } } stages { stage('A') { steps { sh 'true' } } } }`);
    assert.deepEqual(outline(service.documentSymbols(doc)), ['pipeline', '  A']);
  });
});

describe('service: folding ranges', () => {
  it('folds comment runs, block comments, imports and regions', () => {
    const { doc } = at(`import groovy.json.JsonSlurper
import groovy.json.JsonOutput

// first
// second
/*
 * block
 */
// region helpers
def f() {
  return 1
}
// endregion
`);
    const ranges = service.foldingRanges(doc).map((r) => [r.startLine, r.endLine, r.kind ?? '']);
    assert.deepEqual(ranges, [
      [0, 1, FoldingRangeKind.Imports],
      [3, 4, FoldingRangeKind.Comment],
      [5, 7, FoldingRangeKind.Comment],
      [8, 12, FoldingRangeKind.Region],
      [9, 10, ''],
    ]);
  });

  it('keeps one range per start line, the outermost', () => {
    const { doc } = at(`podTemplate(yaml: '''
spec:
  containers: []
''') {
  node {
    sh 'true'
  }
}
`);
    const ranges = service.foldingRanges(doc);
    assert.equal(new Set(ranges.map((r) => r.startLine)).size, ranges.length);
    assert.deepEqual(
      ranges.find((r) => r.startLine === 0),
      { startLine: 0, endLine: 2 },
    );
  });
});

describe('service: symbols kinds', () => {
  it('uses Module, Function, Object and Field for pipeline, stage, pod and container', () => {
    const { doc } = at(
      `pipeline { agent { kubernetes { yaml 'spec: {containers: [{name: a, image: alpine}]}' } } stages { stage('S') { steps { sh 'x' } } } }`,
    );
    const [pipeline] = service.documentSymbols(doc);
    assert.equal(pipeline.kind, SymbolKind.Module);
    const [pod, stage] = pipeline.children!;
    assert.deepEqual([pod.kind, stage.kind, pod.children![0].kind], [SymbolKind.Object, SymbolKind.Function, SymbolKind.Field]);
  });
});
