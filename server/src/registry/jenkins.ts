/**
 * Carrying a Jenkins username/password credential over to Kaniko. Kaniko reads
 * `/kaniko/.docker/config.json` (`DOCKER_CONFIG=/kaniko/.docker/` in its images); the migrated
 * stage writes that file from `withCredentials([usernamePassword(…)])` just before the executor
 * runs. The script is a single-quoted Groovy string, so the password is never interpolated by
 * Groovy (Jenkins' credential-masking guidance), the shell reads it from the environment, and
 * `set +x` keeps the derived `auth` value out of the build log, which Jenkins would not mask.
 * `printf` is a shell builtin, so the password never shows on a process command line;
 * `base64` and `tr` are busybox applets, present in every Kaniko image that has a shell.
 */
import { calleeName, literalValue, namedArg, type Stage } from '../model';
import { walk } from '../parser';
import type * as ast from '../parser/ast';
import type { Registry } from './hosts';

/** A statement line of generated Groovy, `level` indentation units deeper than where it is placed. */
export interface GroovyLine {
  text: string;
  level: number;
}

export interface UsernamePasswordBinding {
  credentialsId: string;
  usernameVariable?: string;
  passwordVariable?: string;
}

/** How the config.json key for a registry is written in the script: a literal, or an environment variable. */
export type ConfigKeyWord = { literal: string } | { environmentVariable: string };

export interface RegistryLogin {
  credentialsId: string;
  /** Groovy source of the id when it is not a literal (`env.REGISTRY_CREDENTIALS_ID`, `DOCKER_CREDS`). */
  credentialsIdExpression?: string;
  registry: Registry;
  key: ConfigKeyWord;
}

export const CONFIG_JSON_PATH = '/kaniko/.docker/config.json';
export const ECR_CREDENTIAL_HELPER = 'ecr-login';

/** `usernamePassword(credentialsId: …, usernameVariable: …, passwordVariable: …)` bindings of a `withCredentials` call. */
export function usernamePasswordBindings(call: ast.CallExpression): UsernamePasswordBinding[] {
  if (calleeName(call) !== 'withCredentials') return [];
  const list = call.args[0]?.value;
  const elements = list?.type === 'ListLiteral' ? list.elements : list ? [list] : [];
  const bindings: UsernamePasswordBinding[] = [];
  for (const element of elements) {
    if (element.type !== 'CallExpression' || calleeName(element) !== 'usernamePassword') continue;
    const credentialsId = literalValue(namedArg(element, 'credentialsId')?.value);
    if (!credentialsId) continue;
    bindings.push({
      credentialsId,
      usernameVariable: literalValue(namedArg(element, 'usernameVariable')?.value),
      passwordVariable: literalValue(namedArg(element, 'passwordVariable')?.value),
    });
  }
  return bindings;
}

/** Every binding of the `withCredentials` calls in `stage` around `offset`, innermost first. */
export function bindingsAround(stage: Stage, offset: number): UsernamePasswordBinding[] {
  const around: ast.CallExpression[] = [];
  walk(stage.call, (node, _parent, kind) => {
    if (kind !== 'CallExpression') return;
    const call = node as ast.CallExpression;
    if (call.start <= offset && offset < call.end && calleeName(call) === 'withCredentials' && call.closures.some((c) => c.start <= offset && offset < c.end))
      around.push(call);
  });
  return around.sort((a, b) => b.start - a.start).flatMap(usernamePasswordBindings);
}

const SHELL_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function keyWord(key: ConfigKeyWord): string {
  if ('environmentVariable' in key) return `"$${key.environmentVariable}"`;
  // Keys are registry hosts or Docker Hub's URL: no single quotes in them.
  return `'${key.literal.replace(/'/g, `'\\''`)}'`;
}

/**
 * The statements that replace the executor lines: the executor wrapped in `withCredentials`,
 * after a step that writes config.json with an `auths` entry per login (and `credHelpers` for
 * ECR hosts pushed to in the same stage, since this file replaces the ECR ConfigMap there).
 */
export function withRegistryCredentials(
  logins: readonly RegistryLogin[],
  executor: readonly GroovyLine[],
  ecrHosts: readonly string[] = [],
  /** `withCredentials` bindings already around the executor (innermost first): their variables are used instead of binding the credential again. */
  around: readonly UsernamePasswordBinding[] = [],
): GroovyLine[] {
  if (logins.length === 0) return [...executor];
  const reused = logins.map((login) =>
    login.credentialsIdExpression === undefined
      ? around.find(
          (b) =>
            b.credentialsId === login.credentialsId &&
            b.usernameVariable &&
            b.passwordVariable &&
            shellVariableName(b.usernameVariable) &&
            shellVariableName(b.passwordVariable),
        )
      : undefined,
  );
  const names = logins.map((_, i) => {
    const own =
      i === 0
        ? { user: 'REGISTRY_USER', password: 'REGISTRY_PASSWORD', auth: 'auth' }
        : { user: `REGISTRY_USER_${i + 1}`, password: `REGISTRY_PASSWORD_${i + 1}`, auth: `auth${i + 1}` };
    const binding = reused[i];
    return binding ? { user: binding.usernameVariable!, password: binding.passwordVariable!, auth: own.auth } : own;
  });
  const bindings = logins.flatMap((login, i) =>
    reused[i]
      ? []
      : [
          `usernamePassword(credentialsId: ${login.credentialsIdExpression ?? `'${login.credentialsId.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`}, usernameVariable: '${names[i].user}', passwordVariable: '${names[i].password}')`,
        ],
  );
  const format: string[] = [];
  const args: string[] = [];
  logins.forEach((login, i) => {
    format.push('"%s":{"auth":"%s"}');
    args.push(keyWord(login.key), `"$${names[i].auth}"`);
  });
  let json = `{"auths":{${format.join(',')}}`;
  const helpers = ecrHosts.filter((h) => /^[a-z0-9.-]+$/.test(h));
  if (helpers.length > 0) {
    json += `,"credHelpers":{${helpers.map(() => `"%s":"${ECR_CREDENTIAL_HELPER}"`).join(',')}}`;
    args.push(...helpers.map((h) => `'${h}'`));
  }
  json += '}';
  const script: GroovyLine[] = [
    { text: 'set +x', level: 2 },
    ...logins.map((_, i) => ({
      // Groovy turns `\\n` into `\n`, which tr reads as a newline.
      text: `${names[i].auth}=$(printf '%s:%s' "$${names[i].user}" "$${names[i].password}" | base64 | tr -d '\\\\n')`,
      level: 2,
    })),
    { text: `printf '${json}' ${args.join(' ')} > ${CONFIG_JSON_PATH}`, level: 2 },
  ];
  const body: GroovyLine[] = [
    { text: `// Kaniko reads ${CONFIG_JSON_PATH}; single quotes keep the password out of Groovy, set +x keeps it out of the log.`, level: 1 },
    { text: "sh '''", level: 1 },
    ...script,
    { text: "'''", level: 1 },
    ...executor.map((line) => ({ text: line.text, level: line.level + 1 })),
  ];
  // Every credential already bound around the executor: no second withCredentials.
  if (bindings.length === 0) return body.map((line) => ({ text: line.text, level: line.level - 1 }));
  return [{ text: `withCredentials([${bindings.join(', ')}]) {`, level: 0 }, ...body, { text: '}', level: 0 }];
}

/** Whether a Groovy variable name can be read from the shell (`${env.REGISTRY}`, `$REGISTRY`). */
export function shellVariableName(name: string): boolean {
  return SHELL_VARIABLE.test(name);
}
