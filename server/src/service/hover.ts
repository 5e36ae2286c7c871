/**
 * Hover: on a flagged range, the rule's explanation, its fix and a link to its page; on a
 * Kaniko executor flag inside an `sh` string, what the flag does; on a container name in
 * `container('x')` / `defaultContainer 'x'`, that container's image. When several apply
 * (an unknown flag is also a finding), they are shown together.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { kanikoFlag, KANIKO_FLAGS_BY_SHORT, suggestKanikoFlag, type KanikoFlag } from '../kaniko/flags';
import { scriptSpan, type Span } from '../model';
import { docsUrl, RULES_BY_ID, type RuleDiagnostic } from '../rules';
import type { Analysis } from './analysis';
import type { Settings } from '../shared/settings';
import { migrationStatusAt, offersMigration } from './codeActions';
import { containerRefAt, findContainer, flagAt, scriptAt } from './editorContext';

interface Section {
  span: Span;
  markdown: string;
}

export function getHover(analysis: Analysis, position: Position, findings: readonly RuleDiagnostic[], settings: Settings): Hover | null {
  const { document, model } = analysis;
  const offset = document.offsetAt(position);
  const sections: Section[] = [];

  let migration: Section | undefined;
  for (const finding of findings) {
    const inside = finding.start <= offset && (offset < finding.end || (offset === finding.end && finding.start === finding.end));
    if (!inside) continue;
    sections.push({ span: finding, markdown: ruleMarkdown(finding) });
    if (!migration && offersMigration(finding)) {
      const status = migrationStatusAt(analysis, finding.start, settings);
      if (status) {
        const markdown = status.blocked
          ? `**Migration:** ${status.kind} '${status.stage}' cannot be migrated to Kaniko automatically (\`${status.code}\`): ${status.blocked}.`
          : `**Migration:** the quick fix "Migrate ${status.kind} '${status.stage}' to Kaniko" does this: ${status.summary ?? ''}`;
        migration = { span: finding, markdown };
      }
    }
  }
  if (migration) sections.push(migration);
  const flag = flagSection(analysis, offset);
  if (flag) sections.push(flag);
  const ref = containerRefAt(model, offset);
  if (ref) {
    const container = findContainer(ref.pod, ref.name);
    const lines = [`**Container \`${ref.name}\`**`];
    if (!ref.pod) lines.push('', 'Not inside a Kubernetes pod this file defines.');
    else if (!container && ref.pod.yamlUnknown && ref.name !== 'jnlp') lines.push('', `The pod's YAML is not known here: ${ref.pod.yamlUnknown}.`);
    else if (!container)
      lines.push(
        '',
        `The pod defines no container named \`${ref.name}\`${ref.name === 'jnlp' ? ' (the Kubernetes plugin adds its agent container `jnlp`)' : ''}.`,
      );
    else {
      lines.push('', container.image ? `Image: \`${container.image}\`` : 'Image: not given');
      if (ref.pod.yaml?.from === 'yamlFile' && container.origin === 'yaml')
        lines.push('', `From \`${ref.pod.yaml.file ?? ''}\`, read from ${ref.pod.yaml.root ?? 'the repository root'}, as Jenkins reads it.`);
      const traits: string[] = [];
      if (container.isDind) traits.push('Docker-in-Docker');
      if (container.isKaniko) traits.push(container.kanikoHasShell ? 'Kaniko (debug image, has a shell)' : 'Kaniko (no shell)');
      if (container.privileged?.value) traits.push('privileged');
      if (traits.length > 0) lines.push('', traits.join(' · '));
    }
    sections.push({ span: ref.span, markdown: lines.join('\n') });
  }
  if (sections.length === 0) return null;

  // The narrowest span is the most specific thing under the cursor.
  const narrowest = sections.reduce((a, b) => (b.span.end - b.span.start < a.span.end - a.span.start ? b : a));
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.map((s) => s.markdown).join('\n\n---\n\n') },
    range: { start: document.positionAt(narrowest.span.start), end: document.positionAt(narrowest.span.end) },
  };
}

function ruleMarkdown(finding: RuleDiagnostic): string {
  const meta = RULES_BY_ID.get(finding.ruleId)?.meta;
  if (!meta) return `**${finding.ruleId}**\n\n${finding.message}`;
  return [`**${meta.title}** (\`${meta.id}\`)`, '', meta.description, '', `**Fix:** ${meta.fix}`, '', `[docs/rules/${meta.id}.md](${docsUrl(meta.id)})`].join(
    '\n',
  );
}

function flagSection(analysis: Analysis, offset: number): Section | undefined {
  const at = scriptAt(analysis.model, offset);
  if (!at) return undefined;
  const word = flagAt(at.step.script, at.step.commands, at.scriptOffset);
  if (!word) return undefined;
  const span = scriptSpan(at.step.script, word.start, word.end);
  const long = word.name.startsWith('--');
  const flag = long ? kanikoFlag(word.name.slice(2)) : KANIKO_FLAGS_BY_SHORT.get(word.name.slice(1));
  if (!flag) {
    const suggestion = long ? suggestKanikoFlag(word.name.slice(2)) : undefined;
    return { span, markdown: `\`${word.name}\` is not a Kaniko executor flag.${suggestion ? ` Did you mean \`--${suggestion}\`?` : ''}` };
  }
  return { span, markdown: flagMarkdown(flag) };
}

export function flagMarkdown(flag: KanikoFlag): string {
  const names = `\`--${flag.name}\`${flag.short ? ` (\`-${flag.short}\`)` : ''}`;
  const shape = flag.takesValue
    ? `takes a ${flag.type === 'list' || flag.type === 'map' ? 'value' : flag.type}${flag.repeatable ? ', repeatable' : ''}`
    : 'boolean switch';
  const lines = [`**Kaniko** ${names} — ${shape}`, '', flag.description];
  if (flag.defaultValue !== undefined) lines.push('', `Default: \`${flag.defaultValue}\``);
  if (flag.deprecatedFor) lines.push('', `Deprecated: use \`--${flag.deprecatedFor}\`.`);
  if (flag.deprecatedBecause) lines.push('', `Deprecated: ${flag.deprecatedBecause}.`);
  if (flag.forkOnly) lines.push('', 'Only in the osscontainertools fork of Kaniko.');
  return lines.join('\n');
}
