/**
 * Docker Pipeline steps of the stage: `docker.build`, `image.push`/`tag`, `docker.withRegistry`,
 * `docker.image`, and the registry and destination each push means.
 */
import { isEcrPluginCredentialsId } from '../../aws';
import { registryOfUrl, type JenkinsCredentialUse } from '../../registry';
import { runsContainer } from '../../docker';
import { calleePath, literalValue, mapEntry, namedArg, positionalArgs, splitShell, type DockerStep } from '../../model';
import type * as ast from '../../parser/ast';
import type { MappedText } from '../../parser/strings';
import {
  comparePositions,
  concatValues,
  dropPrefix,
  groovyAfter,
  lastTextIndex,
  splitAt,
  startsWithText,
  textValue,
  valueFromMapped,
  valueKey,
  type Value,
} from '../values';
import { walkNodes } from '../syntax';
import { PodPlanner } from './pod';
import { type BuildRecord, type RegistryWrapper, block } from './types';

export abstract class DockerPipelinePlanner extends PodPlanner {
  protected analyzeDockerStep(step: DockerStep): void {
    const call = step.call;
    switch (step.method) {
      case 'build': {
        const chain = this.chainedPush(call);
        const entry = chain ? this.statementOf(chain, 'docker.build(…).push()') : this.statementOf(call, 'docker.build(…)');
        const build = this.pipelineBuild(step);
        this.builds.push(build);
        this.setFate(entry.statement, { kind: 'executor', builds: [build] });
        return;
      }
      case 'push':
      case 'tag': {
        const build = this.imageOf(step.receiver, call);
        if (step.method === 'push') build.destinations.push({ value: this.pushDestination(step, build), step });
        const entry = this.syntax.isWholeStatement(call);
        if (entry) this.setFate(entry.statement, { kind: 'remove' });
        else if (!this.isChainedOn(call, build)) block('shell-form', `the ${step.method} at line ${this.line(call.start)} is part of a larger expression`);
        return;
      }
      case 'withRegistry':
        if (call.closures.length !== 1) block('registry-wrapper', `docker.withRegistry at line ${this.line(call.start)} has no block`);
        return;
      case 'image': {
        // Only as the receiver of a push of an image built here (checked by imageOf); anything else needs the daemon.
        const parent = this.syntax.parentOf(call);
        const method = parent?.type === 'PropertyAccess' ? (parent as ast.PropertyAccess).property.name : undefined;
        if (method !== 'push' && method !== 'tag' && !step.assignedTo) {
          block(
            'runs-container',
            `docker.image(…)${method ? `.${method}` : ''} at line ${this.line(call.start)} needs the Docker daemon${runsContainer(method) ? ' to run a container, which Kaniko cannot do' : ''}`,
          );
        }
        if (step.assignedTo) {
          const entry = this.statementOf(call, 'docker.image(…)');
          this.setFate(entry.statement, { kind: 'remove' });
        }
        return;
      }
      default:
        block(
          'runs-container',
          `${step.method === 'inside' ? 'docker.image(…).inside' : `.${step.method}(…)`} at line ${this.line(call.start)} runs a container through the Docker daemon, which Kaniko cannot do`,
        );
    }
  }

  /** `docker.build(…).push()` as one statement: the push call. */
  protected chainedPush(build: ast.CallExpression): ast.CallExpression | undefined {
    const access = this.syntax.parentOf(build);
    if (access?.type !== 'PropertyAccess' || (access as ast.PropertyAccess).object !== build) return undefined;
    const call = this.syntax.parentOf(access);
    if (call?.type !== 'CallExpression' || (call as ast.CallExpression).callee !== access) return undefined;
    return call as ast.CallExpression;
  }

  protected isChainedOn(call: ast.CallExpression, build: BuildRecord): boolean {
    return build.step.kind === 'docker' && this.chainedPush(build.step.call) === call;
  }

  /** The build whose image `receiver` is. */
  protected imageOf(receiver: ast.Expression | undefined, at: ast.CallExpression): BuildRecord {
    if (!receiver) block('image-not-built-here', `line ${this.line(at.start)}: cannot tell which image is pushed`);
    if (receiver.type === 'ParenthesizedExpression') return this.imageOf(receiver.expression, at);
    if (receiver.type === 'CallExpression' && calleePath(receiver) === 'docker.build') {
      const build = this.builds.find((b) => b.step.kind === 'docker' && b.step.call === receiver);
      if (build) return build;
    }
    if (receiver.type === 'CallExpression' && calleePath(receiver) === 'docker.image') {
      return this.buildNamed(positionalArgs(receiver)[0]?.value, at);
    }
    if (receiver.type === 'Identifier') {
      const byVariable = [...this.builds].reverse().find((b) => b.variable === receiver.name);
      if (byVariable) return byVariable;
      const imageStep = this.stage.steps.find((s): s is DockerStep => s.kind === 'docker' && s.method === 'image' && s.assignedTo === receiver.name);
      if (imageStep) return this.buildNamed(positionalArgs(imageStep.call)[0]?.value, at);
    }
    block('image-not-built-here', `line ${this.line(at.start)}: the pushed image is not built in this ${this.unitWord()}`);
  }

  protected buildNamed(expr: ast.Expression | undefined, at: ast.CallExpression): BuildRecord {
    const key = expr ? valueKey(this.expressionValue(expr)) : undefined;
    const build = key !== undefined ? (this.aliases.get(key) ?? this.aliases.get(withoutLatest(key))) : undefined;
    if (!build) block('image-not-built-here', `line ${this.line(at.start)}: docker.image(${key ?? '?'}) is not an image built in this ${this.unitWord()}`);
    return build;
  }

  protected pipelineBuild(step: DockerStep): BuildRecord {
    const args = positionalArgs(step.call);
    const nameExpr = args[0]?.value;
    if (!nameExpr) block('expression-name', `docker.build at line ${this.line(step.call.start)} has no image name`);
    let name = this.expressionValue(nameExpr);
    if (nameExpr.type === 'Identifier') {
      // A variable holding a literal name: its text, so tags can be told apart from the repository.
      const mapped = this.mappedOf(nameExpr);
      if (mapped && mapped.interpolations.length === 0) name = textValue(mapped.text);
    }
    let argsText: MappedText;
    const argsExpr = args[1]?.value;
    if (argsExpr) {
      const mapped = this.mappedOf(argsExpr);
      if (!mapped) block('expression-name', `the arguments of docker.build at line ${this.line(step.call.start)} are not a string I can read`);
      argsText = mapped;
    } else {
      argsText = { text: '.', interpolations: [], toSource: () => step.call.start, slice: () => argsText, stripIndent: () => argsText, trim: () => argsText };
    }
    const words = splitShell(argsText.text)
      .filter((c) => !c.substitution)
      .flatMap((c) => c.words);
    const spec = this.parseBuildWords(words, argsText, step.call.start);
    spec.tags.unshift({ key: valueKey(name), value: name });
    const build: BuildRecord = { step, spec, name, variable: step.assignedTo, destinations: [] };
    for (const tag of spec.tags) this.aliases.set(tag.key, build);
    return build;
  }

  protected pushDestination(step: DockerStep, build: BuildRecord): Value {
    const registry = this.registryAt(step.call);
    const tagArg = positionalArgs(step.call)[0]?.value;
    let image = build.name ?? build.spec.tags[0].value;
    if (tagArg) {
      const tag = this.expressionValue(tagArg);
      let split = splitImageName(image);
      if (!split) {
        // `${IMAGE}` from `environment { IMAGE = 'registry/app' }`: its literal value says whether it holds a tag.
        const known = this.expanded(image);
        if (/[${}]/.test(known))
          block('expression-name', `line ${this.line(step.call.start)}: cannot tell the repository from the tag in '${valueKey(image)}'`);
        const literal = splitImageName(textValue(known))!;
        split = { repository: literal.tag ? literal.repository : image };
      }
      image = concatValues(split.repository, textValue(':'), tag);
    }
    if (!registry) return image;
    // The Docker Pipeline plugin (DockerRegistryEndpoint.imageName) leaves a name that already starts with the registry host alone.
    const host = this.expanded(registry);
    const name = this.expanded(image);
    if (name.startsWith(host)) return image;
    if (/^\$\{/.test(name)) {
      block(
        'expression-name',
        `line ${this.line(step.call.start)}: cannot tell whether the image name ${valueKey(image)} already starts with the registry ${host}; write the full name in docker.build`,
      );
    }
    return concatValues(registry, textValue('/'), image);
  }

  /** The registry host of the innermost `docker.withRegistry` around a call, as the Docker Pipeline plugin forms it (host[:port]). */
  protected registryAt(call: ast.CallExpression): Value | undefined {
    const around = this.registryWrappers()
      .filter((w) => w.call.start < call.start && call.end <= w.call.end)
      .sort((a, b) => b.call.start - a.call.start)[0];
    if (!around) return undefined;
    if (!(this.stage.call.start <= around.call.start && around.call.end <= this.stage.call.end)) {
      block('registry-wrapper', `${around.name} at line ${this.line(around.call.start)} wraps more than this ${this.unitWord()}`);
    }
    const { urlArg, mapped } = this.noteWrapperCredential(around);
    if (!urlArg || !mapped) return undefined;
    let url = valueFromMapped(mapped, 0, mapped.text.length);
    if (valueKey(url).trim() === '') return undefined;
    for (const scheme of ['https://', 'http://']) if (startsWithText(url, scheme)) url = dropPrefix(url, scheme.length);
    // host[:port] only: the plugin drops the path.
    const host: Value = [];
    for (const segment of url) {
      if (segment.kind === 'groovy') {
        host.push(segment);
        continue;
      }
      const slash = segment.text.indexOf('/');
      if (slash >= 0) {
        host.push({ kind: 'text', text: segment.text.slice(0, slash) });
        break;
      }
      host.push(segment);
    }
    const result = concatValues(host);
    if (valueKey(result) === '') return undefined;
    // Kaniko's keychain maps only docker.io to Docker Hub's config.json key; the plugin's
    // `registry.hub.docker.com` prefix would make it look for credentials of another host.
    if (result.every((segment) => segment.kind === 'text') && registryOfUrl(valueKey(result)).kind === 'docker-hub') return textValue('docker.io');
    return result;
  }

  /**
   * The Jenkins credential a registry wrapper logs in with, recorded for the push (the Kaniko
   * config.json is written from it); the wrapper's URL argument and its text.
   */
  private noteWrapperCredential(
    around: RegistryWrapper,
    unreadableUrl: 'block' | 'skip' = 'block',
  ): { urlArg: ast.Expression | undefined; mapped: MappedText | undefined } {
    const urlArg = around.url;
    const credentials = literalValue(around.credentials);
    if (isEcrPluginCredentialsId(credentials)) this.ecrHint = true;
    // A credential id in a variable (`env.REGISTRY_CREDENTIALS_ID`) is carried over as written.
    const credentialsText = around.credentials ? this.text.slice(around.credentials.start, around.credentials.end) : undefined;
    const credentialsSource =
      credentials === undefined && credentialsText !== undefined && /^(?:env\.)?[A-Za-z_][A-Za-z0-9_]*$/.test(credentialsText) ? credentialsText : undefined;
    const mapped = urlArg ? this.mappedOf(urlArg) : undefined;
    if (urlArg && !mapped) {
      // Around sh steps the wrapper only goes away: without its registry its credential cannot be placed, as before.
      if (unreadableUrl === 'skip') return { urlArg, mapped };
      block('registry-wrapper', `the registry URL at line ${this.line(urlArg.start)} is not a string I can read`);
    }
    if (credentials !== undefined || credentialsSource !== undefined) {
      const use: JenkinsCredentialUse = {
        credentialsId: credentials ?? credentialsSource!,
        credentialsIdExpression: credentials === undefined ? credentialsSource : undefined,
        registry: mapped ? this.expanded(valueFromMapped(mapped, 0, mapped.text.length)) : '',
        source: 'withRegistry',
      };
      if (!this.jenkinsCredentials.some((c) => c.credentialsId === use.credentialsId && c.registry === use.registry)) this.jenkinsCredentials.push(use);
    }
    return { urlArg, mapped };
  }

  /**
   * `withDockerRegistry(…) { sh 'docker build …'; sh 'docker push …' }` (and `docker.withRegistry`
   * around sh steps) logs in with its credential just as around `docker.build(…).push()`: the
   * innermost wrapper inside this unit around each sh step that builds or pushes gives its credential.
   */
  protected noteShellWrapperCredentials(): void {
    for (const step of this.unitKinds.keys()) {
      const around = this.registryWrappers()
        .filter((w) => w.call.start < step.call.start && step.call.end <= w.call.end)
        .sort((a, b) => b.call.start - a.call.start)[0];
      if (around && this.stage.call.start <= around.call.start && around.call.end <= this.stage.call.end) this.noteWrapperCredential(around, 'skip');
    }
  }

  /**
   * `docker.withRegistry(url, credentialsId) { }` and the step `withDockerRegistry` in both of its
   * forms, `(url: …, credentialsId: …) { }` and `([credentialsId: …, url: …]) { }`: the same
   * login for the block, so the migration reads them alike.
   */
  protected registryWrappers(): RegistryWrapper[] {
    if (this.wrappers) return this.wrappers;
    const wrappers: RegistryWrapper[] = [];
    for (const step of this.model.steps) {
      if (step.kind !== 'docker' || step.method !== 'withRegistry') continue;
      const [url, credentials] = positionalArgs(step.call);
      wrappers.push({ call: step.call, name: 'docker.withRegistry', url: url?.value, credentials: credentials?.value });
    }
    walkNodes(this.stage.call, (node) => {
      if (node.type !== 'CallExpression' || calleePath(node as ast.CallExpression) !== 'withDockerRegistry') return;
      const call = node as ast.CallExpression;
      const map = positionalArgs(call)[0]?.value;
      const entry = (key: string) => (map?.type === 'MapLiteral' ? mapEntry(map, key)?.value : namedArg(call, key)?.value);
      wrappers.push({ call, name: 'withDockerRegistry', url: entry('url'), credentials: entry('credentialsId') });
    });
    this.wrappers = wrappers;
    return wrappers;
  }
}

export function withoutLatest(name: string): string {
  return name.endsWith(':latest') ? name.slice(0, -':latest'.length) : `${name}:latest`;
}

/** `repo:tag` as the Docker Pipeline plugin splits it; undefined when an interpolation hides where. */
export function splitImageName(name: Value): { repository: Value; tag?: Value } | undefined {
  const colon = lastTextIndex(name, ':');
  const slash = lastTextIndex(name, '/');
  if (colon && comparePositions(colon, slash) > 0) {
    const [repository, tag] = splitAt(name, colon);
    return { repository, tag };
  }
  if (groovyAfter(name, slash)) return undefined;
  return { repository: name };
}
