/**
 * Completion: Kaniko executor flags after `/kaniko/executor` inside `sh` strings, and the
 * containers of the enclosing pod inside `container('…')` and `defaultContainer '…'`.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver-types';
import { KANIKO_FLAGS } from '../kaniko/flags';
import type { Container } from '../model';
import type { Analysis } from './analysis';
import { flagCompletionContext, podAt, scriptAt, visibleContainers } from './editorContext';
import { flagMarkdown } from './hover';

/** `container('`, `container(name: "`, `defaultContainer '` … up to the cursor. */
// `\s*\(?\s*` let two quantifiers share the blanks when there is no `(`: quadratic (40 KB: 1.4 s).
export const CONTAINER_NAME_BEFORE = /\b(container|defaultContainer)\s*(?:\(\s*)?(?:name\s*:\s*)?(['"])([\w.-]*)$/;
const NAME_CHARS_AFTER = /^[\w.-]*/;

export function getCompletions(analysis: Analysis, position: Position): CompletionList {
  const items = containerNameCompletions(analysis, position) ?? flagCompletions(analysis, position) ?? [];
  return { isIncomplete: false, items };
}

function flagCompletions(analysis: Analysis, position: Position): CompletionItem[] | undefined {
  const { document, model } = analysis;
  const offset = document.offsetAt(position);
  const at = scriptAt(model, offset);
  if (!at) return undefined;
  const context = flagCompletionContext(at.step.script, at.scriptOffset);
  if (!context) return undefined;
  const range: Range = { start: document.positionAt(at.step.script.toSource(context.prefixStart)), end: position };
  const items: CompletionItem[] = [];
  for (const flag of KANIKO_FLAGS) {
    if (flag.hidden || flag.deprecatedFor || flag.deprecatedBecause) continue;
    const label = `--${flag.name}`;
    if (!flag.repeatable && (context.used.has(label) || (flag.short && context.used.has(`-${flag.short}`)))) continue;
    const newText = flag.takesValue ? `${label}=` : label;
    const item: CompletionItem = {
      label,
      kind: CompletionItemKind.Property,
      detail: flag.forkOnly ? `${flag.description} (osscontainertools fork only)` : flag.description,
      documentation: { kind: MarkupKind.Markdown, value: flagMarkdown(flag) },
      filterText: label,
      // Fork-only flags after the upstream ones.
      sortText: `${flag.forkOnly ? '1' : '0'}${flag.name}`,
      textEdit: { range, newText },
    };
    if (flag.forkOnly) item.labelDetails = { description: 'fork only' };
    items.push(item);
  }
  return items;
}

function containerNameCompletions(analysis: Analysis, position: Position): CompletionItem[] | undefined {
  const { document, model } = analysis;
  const lineBefore = document.getText({ start: { line: position.line, character: 0 }, end: position });
  const match = CONTAINER_NAME_BEFORE.exec(lineBefore);
  if (!match) return undefined;
  const [, keyword, , typed] = match;
  const offset = document.offsetAt(position);
  const after = NAME_CHARS_AFTER.exec(model.text.slice(offset, offset + 256))![0];
  const range: Range = { start: document.positionAt(offset - typed.length), end: document.positionAt(offset + after.length) };

  const pod = podAt(model, offset);
  const containers: Container[] = pod ? visibleContainers(pod) : model.pods.flatMap((p) => visibleContainers(p));
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const container of containers) {
    if (!container.name || seen.has(container.name)) continue;
    seen.add(container.name);
    items.push({
      label: container.name,
      kind: CompletionItemKind.Value,
      detail: container.image ?? 'no image given',
      documentation: { kind: MarkupKind.Markdown, value: containerDoc(container) },
      textEdit: { range, newText: container.name },
    });
  }
  if (keyword === 'container' && pod && !seen.has('jnlp')) {
    items.push({
      label: 'jnlp',
      kind: CompletionItemKind.Value,
      detail: 'Jenkins agent container, added by the Kubernetes plugin',
      sortText: '~jnlp',
      textEdit: { range, newText: 'jnlp' },
    });
  }
  // The names offered are not all there may be: say so rather than suggest the list is complete.
  for (const item of items) {
    if (pod?.yamlUnknown)
      item.documentation = {
        kind: MarkupKind.Markdown,
        value: `${typeof item.documentation === 'object' ? item.documentation.value + '\n\n' : ''}The pod's YAML is not known here: ${pod.yamlUnknown}.`,
      };
  }
  return items;
}

function containerDoc(container: Container): string {
  const lines = [`Container \`${container.name}\``, '', `Image: \`${container.image ?? '?'}\``];
  if (container.isKaniko)
    lines.push(
      '',
      container.kanikoHasShell ? 'Kaniko debug image (has a shell for `sh` steps).' : 'Kaniko image without a shell: `sh` steps cannot run in it.',
    );
  if (container.isDind) lines.push('', container.privileged?.value ? 'Docker-in-Docker, privileged.' : 'Docker-in-Docker.');
  return lines.join('\n');
}
