/** Small readers over the syntax tree that the model, rules and fixes share. */
import type * as ast from '../parser/ast';

/** `sh` for `sh 'x'`, `build` for `docker.build(x)`, undefined for `(f)()`. */
export function calleeName(call: ast.CallExpression): string | undefined {
  const callee = call.callee;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'PropertyAccess') return callee.property.name;
  return undefined;
}

/** `docker.build` for `docker.build(x)`, `sh` for `sh 'x'`. */
export function calleePath(call: ast.CallExpression): string | undefined {
  const parts: string[] = [];
  let node: ast.Expression = call.callee;
  while (node.type === 'PropertyAccess') {
    parts.unshift(node.property.name);
    node = node.object;
  }
  if (node.type !== 'Identifier') return undefined;
  parts.unshift(node.name);
  return parts.join('.');
}

export function positionalArgs(call: ast.CallExpression): ast.Argument[] {
  return call.args.filter((arg) => arg.name === undefined);
}

export function argName(arg: ast.Argument): string | undefined {
  const name = arg.name;
  if (!name) return undefined;
  if (name.type === 'Identifier') return name.name;
  if (name.type === 'StringLiteral' && name.parts.every((p) => p.type === 'StringChunk')) {
    return name.parts.map((p) => (p as ast.StringChunk).value).join('');
  }
  return undefined;
}

export function namedArg(call: ast.CallExpression, name: string): ast.Argument | undefined {
  return call.args.find((arg) => argName(arg) === name);
}

/** Value of a map-literal entry or named argument by key. */
export function mapEntry(map: ast.MapLiteral, key: string): ast.MapEntry | undefined {
  return map.entries.find((entry) => {
    const k = entry.key;
    if (k.type === 'Identifier') return k.name === key;
    if (k.type === 'StringLiteral') return k.parts.every((p) => p.type === 'StringChunk') && k.parts.map((p) => (p as ast.StringChunk).value).join('') === key;
    return false;
  });
}

/** Plain text of a string literal without interpolations (undefined if it interpolates). */
export function literalValue(expr: ast.Expression | undefined): string | undefined {
  if (!expr || expr.type !== 'StringLiteral') return undefined;
  let text = '';
  for (const part of expr.parts) {
    if (part.type !== 'StringChunk') return undefined;
    text += part.value;
  }
  return text;
}

export function booleanValue(expr: ast.Expression | undefined): boolean | undefined {
  if (!expr) return undefined;
  if (expr.type === 'BooleanLiteral') return expr.value;
  const text = literalValue(expr);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}

/** A positional closure argument (`podTemplate(label: l, { … })`): one of the call's closures. */
export function isClosureArgument(arg: ast.Argument): arg is ast.Argument & { value: ast.ClosureExpression } {
  return arg.name === undefined && arg.value.type === 'ClosureExpression';
}

/**
 * A call's closures in source order: closure-valued arguments (`podTemplate(label: l, { … })`)
 * and trailing closures (`stage('x') { … }`), which Groovy passes alike.
 */
export function closureBodies(call: ast.CallExpression): ast.ClosureExpression[] {
  const closures: ast.ClosureExpression[] = [];
  for (const arg of call.args) if (isClosureArgument(arg)) closures.push(arg.value);
  closures.push(...call.closures);
  return closures;
}

/** Command-style properties of a configuration closure: `label 'x'`, `yaml pod`, `containerTemplate { … }`. */
export function closureCalls(closure: ast.ClosureExpression): ast.CallExpression[] {
  const calls: ast.CallExpression[] = [];
  for (const statement of closure.body) {
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression') calls.push(statement.expression);
  }
  return calls;
}
