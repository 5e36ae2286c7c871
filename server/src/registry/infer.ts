/**
 * The registries a Jenkinsfile pushes to or logs in to, with the Jenkins credentials it uses
 * for them: `docker.withRegistry(url, credentialsId)`, `docker login [server]`, `docker push`,
 * `docker build -t`, `docker tag`, `docker.build(name)` and the executor's `--destination`.
 */
import { isExecutorProgram, parseExecutorArgs } from '../kaniko/command';
import { buildModel, effectiveWords, literalValue, positionalArgs, type JenkinsModel, type Span } from '../model';
import { stringText } from '../parser/strings';
import type * as ast from '../parser/ast';
import { registryOfImage, registryOfUrl, type Registry } from './hosts';

export interface InferredRegistryUse extends Registry {
  /** Jenkins credential ids used with it (`withRegistry(url, 'id')`), in order of appearance. */
  credentialsIds: string[];
  /** Source spans where it was found. */
  ranges: Span[];
}

/** Options of `docker` itself that take a value (`docker --config DIR login …`). */
const DOCKER_GLOBAL_WITH_VALUE = new Set(['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);
/** `docker login` options that take a value. */
const LOGIN_WITH_VALUE = new Set(['-u', '--username', '-p', '--password']);

function cooked(expr: ast.Expression | undefined, text: string): string | undefined {
  if (!expr || expr.type !== 'StringLiteral') return undefined;
  return literalValue(expr) ?? stringText(expr, text, { interpolation: 'verbatim' }).text;
}

export function inferRegistries(text: string, model: JenkinsModel = buildModel(text)): InferredRegistryUse[] {
  const found = new Map<string, InferredRegistryUse>();
  const add = (registry: Registry, span: Span, credentialsId?: string) => {
    let entry = found.get(registry.configKey);
    if (!entry) found.set(registry.configKey, (entry = { ...registry, credentialsIds: [], ranges: [] }));
    entry.ranges.push(span);
    if (credentialsId && !entry.credentialsIds.includes(credentialsId)) entry.credentialsIds.push(credentialsId);
  };
  const addImage = (reference: string, span: Span, explicitHostOnly: boolean) => {
    if (reference === '' || reference.startsWith('-')) return;
    const registry = registryOfImage(reference);
    // `docker build -t app .` names a local image; only a pushed name says Docker Hub.
    if (explicitHostOnly && registry.kind === 'docker-hub' && !/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//.test(reference)) return;
    add(registry, span);
  };

  for (const step of model.steps) {
    if (step.kind === 'docker') {
      const [first, second] = positionalArgs(step.call);
      if (step.method === 'withRegistry') {
        const url = cooked(first?.value, text);
        const credentialsId = literalValue(second?.value);
        if (url !== undefined && url.trim() !== '') add(registryOfUrl(url), first!.value, credentialsId);
        else if (url !== undefined && credentialsId) add(registryOfUrl(''), step.call, credentialsId);
      } else if (step.method === 'build') {
        const name = cooked(first?.value, text);
        if (name !== undefined) addImage(name, first!.value, true);
      }
      continue;
    }
    if (step.kind !== 'shell' || !step.script) continue;
    const script = step.script;
    for (const command of step.commands) {
      const words = effectiveWords(command);
      const program = words[0]?.text ?? '';
      const span = (w: { start: number; end: number }) => ({ start: script.toSource(w.start), end: script.toSource(w.end) });
      if (isExecutorProgram(program)) {
        const invocation = parseExecutorArgs(words.slice(1));
        for (const use of invocation.flags) {
          if (use.flag?.name === 'destination' && use.value !== undefined) addImage(use.value, span(use.valueWord ?? use), false);
        }
        continue;
      }
      if (!/(^|\/)docker$/.test(program)) continue;
      let i = 1;
      while (i < words.length && words[i].text.startsWith('-')) i += DOCKER_GLOBAL_WITH_VALUE.has(words[i].text) ? 2 : 1;
      const verb = words[i]?.text;
      const args = words.slice(i + 1);
      if (verb === 'login') {
        const positional = args.filter((w, k) => !w.text.startsWith('-') && !(k > 0 && LOGIN_WITH_VALUE.has(args[k - 1].text)));
        add(registryOfUrl(positional[0]?.text ?? ''), positional[0] ? span(positional[0]) : span(words[i]));
      } else if (verb === 'push') {
        const positional = args.filter((w) => !w.text.startsWith('-'));
        if (positional[0]) addImage(positional[0].text, span(positional[0]), false);
      } else if (verb === 'tag') {
        const positional = args.filter((w) => !w.text.startsWith('-'));
        if (positional[1]) addImage(positional[1].text, span(positional[1]), true);
      } else if (verb === 'build' || (verb === 'buildx' && args[0]?.text === 'build')) {
        for (let k = 0; k < args.length; k++) {
          const word = args[k].text;
          if ((word === '-t' || word === '--tag') && args[k + 1]) addImage(args[k + 1].text, span(args[k + 1]), true);
          else if (word.startsWith('--tag=')) addImage(word.slice('--tag='.length), span(args[k]), true);
          else if (/^-t./.test(word)) addImage(word.slice(2), span(args[k]), true);
        }
      }
    }
  }
  return [...found.values()];
}
