/** Test helper: where a Groovy text interpolates a credential variable into a GString. */
import { parse, walk } from '../../../server/src/parser';
import type * as ast from '../../../server/src/parser/ast';
import { calleeName } from '../../../server/src/model';
import { usernamePasswordBindings } from '../../../server/src/registry';

/**
 * Interpolations (`"${X}"`, `"$X"`, `"$env.X"`) of any of `names` in GString literals of a
 * Groovy text: the way a secret leaks into the build log and Groovy's string handling.
 */
export function interpolatedSecrets(text: string, names: readonly string[]): string[] {
  const found: string[] = [];
  walk(parse(text).program, (node, _parent, kind) => {
    if (kind !== 'StringLiteral') return;
    for (const part of (node as ast.StringLiteral).parts) {
      if (part.type === 'StringChunk') continue;
      const source = text.slice(part.start, part.end);
      if (names.some((name) => new RegExp(`^\\$\\{?\\s*(env\\.)?${name}\\b`).test(source))) found.push(source);
    }
  });
  return found;
}

/** The username and password variables of every `withCredentials([usernamePassword(…)])` in a Groovy text. */
export function credentialVariables(text: string): string[] {
  const names = new Set<string>();
  walk(parse(text).program, (node, _parent, kind) => {
    if (kind !== 'CallExpression' || calleeName(node as ast.CallExpression) !== 'withCredentials') return;
    for (const binding of usernamePasswordBindings(node as ast.CallExpression)) {
      if (binding.usernameVariable) names.add(binding.usernameVariable);
      if (binding.passwordVariable) names.add(binding.passwordVariable);
    }
  });
  return [...names];
}
