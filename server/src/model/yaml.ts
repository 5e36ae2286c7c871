/**
 * Embedded pod YAML: parsed by the fast block-style reader (`yaml/blockReader`) when it recognises
 * the text, else with `yaml`; every node position mapped back to the Jenkinsfile through the
 * string literal that holds it.
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node, type Pair, type YAMLMap } from 'yaml';
import type * as ast from '../parser/ast';
import type { MappedText } from '../parser/strings';
import { readBlockYaml } from '../yaml/blockReader';
import type { EmbeddedYaml, Span, YamlDocument } from './types';

/** What one YAML text parses to: its documents and its syntax errors at YAML offsets. */
interface ParsedYaml {
  documents: YamlDocument[];
  errors: Array<{ message: string; pos: [number, number] }>;
}

/**
 * Parsed pod YAML by its text, most recently used last (least recently used go first past the size bound). A keystroke elsewhere in a Jenkinsfile
 * leaves its pods' text as it was, so an edit re-parses only the pod it touched (YAML is most of
 * the model's cost). The documents are shared and only ever read.
 */
const parsedByText = new Map<string, ParsedYaml>();
/** Characters of YAML kept parsed in all (about 50 bytes of memory each), so a file with hundreds of pods still fits. */
const PARSED_CACHE_TOTAL_CHARS = 1024 * 1024;
/** Larger YAML is parsed each time rather than kept alive. */
const PARSED_CACHE_MAX_CHARS = 64 * 1024;
let parsedChars = 0;

function parseDocuments(text: string): ParsedYaml {
  const cached = parsedByText.get(text);
  if (cached) {
    parsedByText.delete(text);
    parsedByText.set(text, cached);
    return cached;
  }
  const parsed = parseYaml(text);
  if (text.length <= PARSED_CACHE_MAX_CHARS) {
    parsedByText.set(text, parsed);
    parsedChars += text.length;
    // Tested first: a keys iterator per parse costs more than the parse of a small pod, cold.
    if (parsedChars > PARSED_CACHE_TOTAL_CHARS) {
      for (const oldest of parsedByText.keys()) {
        if (parsedChars <= PARSED_CACHE_TOTAL_CHARS) break;
        parsedByText.delete(oldest);
        parsedChars -= oldest.length;
      }
    }
  }
  return parsed;
}

/** The fast reader for the block-style YAML pods are written in; `yaml` for anything it does not recognise (it is the judge of what the fast reader returns, see its tests). */
function parseYaml(text: string): ParsedYaml {
  const root = readBlockYaml(text);
  if (root) return { documents: [{ contents: root }], errors: [] };
  const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  const documents = Array.isArray(parsed) ? parsed : [];
  return {
    documents: documents.map((doc) => ({ contents: doc.contents })),
    errors: documents.flatMap((doc) => doc.errors.map((error) => ({ message: error.message, pos: error.pos }))),
  };
}

/** Forgets parsed YAML (for benchmarks that measure a cold parse, and one-shot runs that see each text once). */
export function clearParsedYamlCache(): void {
  parsedByText.clear();
  parsedChars = 0;
}

/** Parse `text` as pod YAML. Never throws: syntax errors become entries of `errors`. */
export function parseEmbeddedYaml(
  text: MappedText,
  expression: ast.Expression,
  literal: ast.StringLiteral | undefined,
  from: EmbeddedYaml['from'],
  file?: string,
): EmbeddedYaml {
  const errors: EmbeddedYaml['errors'] = [];
  let documents: YamlDocument[] = [];
  try {
    const parsed = parseDocuments(text.text);
    documents = parsed.documents;
    const parseErrors = parsed.errors;
    for (let i = 0; i < parseErrors.length; i++) {
      const error = parseErrors[i];
      const [a, b] = error.pos;
      const span = from === 'yamlFile' ? spanOf(expression) : { start: text.toSource(a), end: text.toSource(Math.max(a, b)) };
      const message = error.message.split('\n')[0];
      errors.push({ message: from === 'yamlFile' ? `${file}: ${message}` : message, ...span });
    }
  } catch (error) {
    // `yaml` does not throw on bad input today; keep the promise that we never do either.
    errors.push({ message: String(error), ...spanOf(expression) });
  }
  return { expression, literal, from, file, text, documents, errors };
}

function spanOf(node: ast.Span): Span {
  return { start: node.start, end: node.end };
}

/** Jenkinsfile span of a YAML node's value (`[range[0], range[1])`), or of the whole `yamlFile` argument for file YAML. */
export function yamlNodeSpan(yaml: EmbeddedYaml, node: { range?: [number, number, number] | null } | null | undefined): Span | undefined {
  if (!node?.range) return undefined;
  if (yaml.from === 'yamlFile') return spanOf(yaml.expression);
  return { start: yaml.text.toSource(node.range[0]), end: yaml.text.toSource(node.range[1]) };
}

/** Span from a pair's key start to its value end. */
export function yamlPairSpan(yaml: EmbeddedYaml, pair: Pair): Span | undefined {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = yamlNodeSpan(yaml, key);
  const end = yamlNodeSpan(yaml, value) ?? start;
  if (!start || !end) return undefined;
  return { start: start.start, end: Math.max(start.end, end.end) };
}

export function mapPair(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  const items = map.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const keyNode = (item as { key?: unknown } | null | undefined)?.key;
    const keyValue = (keyNode as { value?: unknown } | null | undefined)?.value;
    // A key whose value is another string is skipped without the three calls below (most keys,
    // most lookups: eight per container), which cold cost more than the rest of the lookup.
    if (typeof keyValue === 'string' && keyValue !== key) continue;
    if (isPair(item) && isScalar(keyNode) && String(keyValue) === key) return item;
  }
  return undefined;
}

export function mapValue(map: unknown, key: string): unknown {
  return mapPair(map, key)?.value ?? undefined;
}

export function scalarString(node: unknown): string | undefined {
  if (isScalar(node) && node.value !== null && node.value !== undefined) return String(node.value);
  return undefined;
}

export function seqItems(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

/** A command/args value: a sequence of scalars or a single scalar. */
export function stringList(node: unknown): string[] {
  if (isSeq(node)) return node.items.map((item) => scalarString(item)).filter((s): s is string => s !== undefined);
  const single = scalarString(node);
  return single === undefined ? [] : [single];
}

/** The first document's pod spec map (`spec:` of a Pod; tolerate a bare spec). */
export function podSpec(yaml: EmbeddedYaml): YAMLMap | undefined {
  const documents = yaml.documents;
  for (let i = 0; i < documents.length; i++) {
    const root = documents[i].contents;
    if (!isMap(root)) continue;
    const spec = mapValue(root, 'spec');
    if (isMap(spec)) return spec;
    if (mapPair(root, 'containers')) return root;
  }
  return undefined;
}
