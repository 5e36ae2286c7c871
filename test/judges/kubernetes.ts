/**
 * The Kubernetes schema judge: does a YAML text hold valid `v1` objects (Pod, ConfigMap, Secret,
 * ServiceAccount) as the API server's schema defines them? Test-time only; nothing of it ships.
 *
 * Both halves come from npm `kubernetes-models` 4.5.1 (pinned: 5.x needs Node 22), which is
 * generated from Kubernetes' own OpenAPI document and needs no cluster and no network:
 *   1. its runtime validators (ajv, compiled from the OpenAPI schema): types, required fields,
 *      enums, formats, int-or-string, quantities;
 *   2. strictness those validators lack, as `kubectl --validate=strict` applies it: every key
 *      must be a field of its type, and no field may be null (an empty `volumeMounts:` key,
 *      which the API server would quietly drop). For that each document becomes a TypeScript
 *      object literal typed with the package's generated interface (`IPod`, …) and the
 *      TypeScript compiler's excess-property and type checks run over it, one program a batch.
 *
 * API (other tests call it):
 *
 *   judgeKubernetes(inputs: KubeInput[]): KubeVerdict[]
 *     An input is `{ name, yaml, defaultKind? }`: every YAML document in `yaml` is judged by its
 *     `apiVersion`/`kind`; `defaultKind: 'Pod'` judges a document without them as a v1 Pod, as
 *     the Jenkins Kubernetes plugin does with the pod YAML of a Jenkinsfile. Verdicts come in
 *     input order: `{ name, valid, errors }`, each error `{ document, path, message }` (path like
 *     `/spec/containers/0/volumeMounts`). YAML that does not parse is an error too.
 *   kubeErrorsText(verdict): string — one line per error, for assertion messages.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';

export type KubeKind = 'Pod' | 'ConfigMap' | 'Secret' | 'ServiceAccount';

export interface KubeInput {
  name: string;
  yaml: string;
  /** Kind of a document that names no `kind` (and no `apiVersion`): the plugin's pod YAML. */
  defaultKind?: KubeKind;
}

export interface KubeError {
  /** Index of the YAML document in the input. */
  document: number;
  /** JSON pointer into the document ('' for the document itself). */
  path: string;
  message: string;
}

export interface KubeVerdict {
  name: string;
  valid: boolean;
  errors: KubeError[];
}

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** Module of each kind under kubernetes-models/v1, and its generated interface. */
const KINDS: Record<KubeKind, { module: string; iface: string }> = {
  Pod: { module: 'kubernetes-models/v1/Pod', iface: 'IPod' },
  ConfigMap: { module: 'kubernetes-models/v1/ConfigMap', iface: 'IConfigMap' },
  Secret: { module: 'kubernetes-models/v1/Secret', iface: 'ISecret' },
  ServiceAccount: { module: 'kubernetes-models/v1/ServiceAccount', iface: 'IServiceAccount' },
};

function modelClass(kind: KubeKind): ModelClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(KINDS[kind].module) as Record<string, ModelClass>)[kind];
}

interface Pending {
  input: number;
  document: number;
  kind: KubeKind;
  object: Record<string, unknown>;
}

export function judgeKubernetes(inputs: KubeInput[]): KubeVerdict[] {
  const verdicts: KubeVerdict[] = inputs.map((input) => ({ name: input.name, valid: true, errors: [] }));
  const fail = (input: number, error: KubeError) => {
    verdicts[input].valid = false;
    verdicts[input].errors.push(error);
  };
  const pending: Pending[] = [];
  inputs.forEach((input, index) => {
    const documents = parseAllDocuments(input.yaml);
    if (!Array.isArray(documents)) {
      fail(index, { document: 0, path: '', message: 'no YAML documents' });
      return;
    }
    documents.forEach((doc, document) => {
      for (const error of doc.errors) fail(index, { document, path: '', message: `YAML: ${error.message}` });
      if (doc.errors.length > 0) return;
      const object: unknown = doc.toJS({ maxAliasCount: 100 });
      if (object === null && documents.length > 1) return; // an empty document between `---` lines
      if (typeof object !== 'object' || object === null || Array.isArray(object)) {
        fail(index, { document, path: '', message: 'not a YAML mapping' });
        return;
      }
      const record = object as Record<string, unknown>;
      let kind: KubeKind | undefined;
      if (record.kind === undefined && record.apiVersion === undefined) kind = input.defaultKind;
      else if (record.apiVersion === 'v1' && typeof record.kind === 'string' && record.kind in KINDS) kind = record.kind as KubeKind;
      if (!kind) {
        fail(index, {
          document,
          path: '',
          message: `not a v1 Pod, ConfigMap, Secret or ServiceAccount (apiVersion ${JSON.stringify(record.apiVersion)}, kind ${JSON.stringify(record.kind)})`,
        });
        return;
      }
      const full = { apiVersion: 'v1', kind, ...record };
      try {
        new (modelClass(kind))(full).validate();
      } catch (error) {
        for (const line of String(error instanceof Error ? error.message : error).split('\n')) {
          fail(index, { document, path: '', message: `schema: ${line}` });
        }
      }
      pending.push({ input: index, document, kind, object: full });
    });
  });
  for (const { item, path, message } of strictCheck(pending)) fail(item.input, { document: item.document, path, message });
  return verdicts;
}

/** Writes `value` as a TypeScript literal, recording where each JSON pointer's text lies. */
function literal(value: unknown, path: string, out: { text: string; spans: Array<{ start: number; end: number; path: string }> }): void {
  const start = out.text.length;
  if (Array.isArray(value)) {
    out.text += '[';
    value.forEach((item, i) => {
      if (i > 0) out.text += ', ';
      literal(item, `${path}/${i}`, out);
    });
    out.text += ']';
  } else if (value instanceof Date) {
    // YAML timestamps: the API takes them as strings.
    out.text += JSON.stringify(value.toISOString());
  } else if (typeof value === 'object' && value !== null) {
    out.text += '{';
    Object.entries(value).forEach(([key, item], i) => {
      if (i > 0) out.text += ', ';
      const keyStart = out.text.length;
      out.text += `${JSON.stringify(key)}: `;
      const keyPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      out.spans.push({ start: keyStart, end: out.text.length, path: keyPath });
      literal(item, keyPath, out);
    });
    out.text += '}';
  } else if (value === undefined) {
    out.text += 'undefined';
  } else {
    out.text += JSON.stringify(value) ?? 'null';
  }
  out.spans.push({ start, end: out.text.length, path });
}

function strictCheck(pending: Pending[]): Array<{ item: Pending; path: string; message: string }> {
  if (pending.length === 0) return [];
  const packageDir = dirname(require.resolve('kubernetes-models/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'kube-judge-'));
  try {
    const files = pending.map((item, i) => {
      const out = { text: '', spans: [] as Array<{ start: number; end: number; path: string }> };
      const { module, iface } = KINDS[item.kind];
      const from = join(packageDir, module.slice('kubernetes-models/'.length));
      const header = `import type { ${iface} } from ${JSON.stringify(from)};\nexport const document: ${iface} = `;
      out.text = header;
      literal(item.object, '', out);
      out.text += ';\n';
      const file = join(work, `document-${i}.ts`);
      writeFileSync(file, out.text);
      return { file, item, spans: out.spans };
    });
    const program = ts.createProgram(
      files.map((f) => f.file),
      // Only ES5's lib: the documents need Array and String, and lib.dom would double the program.
      {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
        lib: ['lib.es5.d.ts'],
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        target: ts.ScriptTarget.ES2022,
      },
    );
    const results: Array<{ item: Pending; path: string; message: string }> = [];
    for (const { file, item, spans } of files) {
      const source = program.getSourceFile(file)!;
      for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
        const at = diagnostic.start ?? 0;
        // The innermost recorded span around the diagnostic names the field.
        let best: { start: number; end: number; path: string } | undefined;
        for (const span of spans) {
          if (span.start <= at && at < span.end && (!best || span.end - span.start <= best.end - best.start)) best = span;
        }
        results.push({ item, path: best?.path ?? '', message: `strict: ${strictMessage(diagnostic)}` });
      }
    }
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The compiler's message, first line of each level, with the generated type names shortened. */
function strictMessage(diagnostic: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' / ');
  const shortened = text.replace(/IIoK8sApiCoreV1/g, 'core/v1 ').replace(/IIoK8sApimachineryPkgApisMetaV1/g, 'meta/v1 ');
  return /Type 'null' is not assignable/.test(text) ? `null value (an empty key): ${shortened}` : shortened;
}

export function kubeErrorsText(verdict: KubeVerdict): string {
  return verdict.errors.map((e) => `${verdict.name} [document ${e.document}] ${e.path || '/'}: ${e.message}`).join('\n');
}
