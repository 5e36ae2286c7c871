/**
 * Document symbols (the outline): pipeline → stages (nested, parallel, matrix) → agent pods →
 * containers, and for scripted pipelines podTemplate → node → stage. Symbols nest by where they
 * are written; containers hang under their pod even when its YAML lives in a variable elsewhere.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { calleeName, literalValue, namedArg, positionalArgs, type Container, type JenkinsModel, type Pod, type Span, type Stage } from '../model';
import type * as ast from '../parser/ast';
import { walk } from '../parser/walk';
import type { Analysis } from './analysis';

interface Item extends Span {
  symbol: DocumentSymbol;
  /** Containers are attached to their pod explicitly rather than by position. */
  pod?: Pod;
}

export function getDocumentSymbols(analysis: Analysis): DocumentSymbol[] {
  const { model, document } = analysis;
  const items: Item[] = [];
  const make = (name: string, kind: SymbolKind, span: Span, selection: Span, detail?: string): DocumentSymbol =>
    symbol(document, name, kind, span, selection, detail);

  if (model.pipeline) {
    const pipeline = model.pipeline;
    items.push({ start: pipeline.start, end: pipeline.end, symbol: make('pipeline', SymbolKind.Module, pipeline, pipeline.callee) });
  }
  for (const stage of model.stages) {
    items.push({
      start: stage.call.start,
      end: stage.call.end,
      symbol: make(stage.name || '(unnamed stage)', SymbolKind.Function, stage.call, stage.nameSpan, stageDetail(stage)),
    });
  }
  for (const pod of model.pods) {
    items.push({
      start: pod.call.start,
      end: pod.call.end,
      pod,
      symbol: make(calleeName(pod.call) ?? 'pod', SymbolKind.Object, pod.call, pod.call.callee, podDetail(pod)),
    });
  }
  for (const node of scriptedNodes(model)) {
    const label = positionalArgs(node)[0] ?? namedArg(node, 'label');
    const labelText = label ? (literalValue(label.value) ?? model.text.slice(label.value.start, label.value.end)) : undefined;
    items.push({ start: node.start, end: node.end, symbol: make('node', SymbolKind.Namespace, node, node.callee, labelText) });
  }

  const roots = nest(items);
  for (const item of items) {
    if (!item.pod) continue;
    const containers = item.pod.containers.map((container) => containerSymbol(document, item.pod!, container, item.symbol));
    item.symbol.children = [...(item.symbol.children ?? []), ...containers].sort(byPosition);
  }
  return roots;
}

function stageDetail(stage: Stage): string | undefined {
  const parts: string[] = [];
  if (stage.parentBlock === 'parallel') parts.push('parallel');
  if (stage.parentBlock === 'matrix') parts.push('matrix');
  if (stage.agentPod?.label) parts.push(`agent ${stage.agentPod.label}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function podDetail(pod: Pod): string | undefined {
  const parts: string[] = [];
  if (pod.label) parts.push(`label ${pod.label}`);
  if (pod.yaml?.from === 'yamlFile') parts.push(`yamlFile ${pod.yaml.file ?? ''}`.trim());
  if (pod.defaultContainer) parts.push(`default container ${pod.defaultContainer.name}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function containerSymbol(document: TextDocument, pod: Pod, container: Container, podSymbol: DocumentSymbol): DocumentSymbol {
  const name = container.name ?? '(unnamed container)';
  const detail = container.image;
  // File YAML has no place in the Jenkinsfile: point at the pod that loads it.
  if (pod.yaml?.from === 'yamlFile' && container.origin === 'yaml') {
    const at = pod.yaml.expression;
    return symbol(document, name, SymbolKind.Field, at, at, detail);
  }
  if (!container.span) return { name, detail, kind: SymbolKind.Field, range: podSymbol.range, selectionRange: podSymbol.selectionRange };
  return symbol(document, name, SymbolKind.Field, container.span, container.nameSpan ?? container.span, detail);
}

/** `node { }` blocks of scripted pipelines (not the `agent { node { } }` of declarative ones). */
function scriptedNodes(model: JenkinsModel): ast.CallExpression[] {
  const nodes: ast.CallExpression[] = [];
  const agents: Span[] = [];
  walk(model.parse.program, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier') return;
    if (node.callee.name === 'agent') agents.push(node);
    else if (node.callee.name === 'node' && node.closures.length > 0) nodes.push(node);
  });
  return nodes.filter((node) => !agents.some((agent) => agent.start <= node.start && node.end <= agent.end));
}

/** Nests items by containment of their spans, in document order. */
function nest(items: Item[]): DocumentSymbol[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const roots: DocumentSymbol[] = [];
  const stack: Item[] = [];
  for (const item of sorted) {
    while (stack.length > 0 && !(stack[stack.length - 1].start <= item.start && item.end <= stack[stack.length - 1].end)) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) (parent.symbol.children ??= []).push(item.symbol);
    else roots.push(item.symbol);
    stack.push(item);
  }
  return roots;
}

function symbol(document: TextDocument, name: string, kind: SymbolKind, span: Span, selection: Span, detail?: string): DocumentSymbol {
  const range = toRange(document, span);
  // The selection must lie inside the range; a stray span falls back to the range's start.
  const inside = selection.start >= span.start && selection.end <= span.end;
  const selectionRange = inside ? toRange(document, selection) : { start: range.start, end: range.start };
  const result: DocumentSymbol = { name, kind, range, selectionRange };
  if (detail) result.detail = detail;
  return result;
}

function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

function byPosition(a: DocumentSymbol, b: DocumentSymbol): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
