/**
 * The registries a Jenkinsfile pushes to or logs in to, with the Jenkins credentials it uses
 * for them: `docker.withRegistry(url, credentialsId)`, `docker login [server]`, `docker push`,
 * `docker build -t`, `docker tag`, `docker.build(name)` and the executor's `--destination`.
 */
import { buildTags, dockerInvocation, dockerOperands } from '../docker';
import { isExecutorProgram, parseExecutorArgs } from '../kaniko/command';
import { buildModel, commandWords, literalValue, positionalArgs, type JenkinsModel, type Span } from '../model';
import { stringText } from '../parser/strings';
import type * as ast from '../parser/ast';
import { registryOfImage, registryOfUrl, type Registry } from './hosts';

export interface InferredRegistryUse extends Registry {
  /** Jenkins credential ids used with it (`withRegistry(url, 'id')`), in order of appearance. */
  credentialsIds: string[];
  /** Source spans where it was found. */
  ranges: Span[];
}

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
      const { words } = commandWords(command);
      const program = words[0]?.text ?? '';
      const span = (w: { start: number; end: number }) => ({ start: script.toSource(w.start), end: script.toSource(w.end) });
      if (isExecutorProgram(program)) {
        const invocation = parseExecutorArgs(words.slice(1));
        for (const use of invocation.flags) {
          if (use.flag?.name === 'destination' && use.value !== undefined) addImage(use.value, span(use.valueWord ?? use), false);
        }
        continue;
      }
      const docker = dockerInvocation(words);
      if (!docker) continue;
      if (docker.verb === 'login') {
        const [server] = dockerOperands('login', docker.args);
        // No server: Docker Hub, found at the `login` word.
        add(registryOfUrl(server?.text ?? ''), span(server ?? words[words.length - docker.args.length - 1]));
      } else if (docker.verb === 'push') {
        const [image] = dockerOperands('push', docker.args);
        if (image) addImage(image.text, span(image), false);
      } else if (docker.verb === 'tag') {
        const [, target] = dockerOperands('tag', docker.args);
        if (target) addImage(target.text, span(target), true);
      } else if (docker.verb === 'build' || docker.verb === 'buildx build') {
        for (const tag of buildTags(docker.args)) addImage(tag.name, span(tag.word), true);
      }
    }
  }
  return [...found.values()];
}
