/**
 * Small readers over the syntax tree that the model, rules and fixes share.
 * Their loops are indexed: most calls run before V8 optimises them, where a for-of or an array
 * callback costs an iterator (or a closure) and a call per element.
 */
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
  const positional: ast.Argument[] = [];
  const args = call.args;
  for (let i = 0; i < args.length; i++) if (args[i].name === undefined) positional.push(args[i]);
  return positional;
}

/** `positionalArgs(call)[0]`, without the list. */
export function firstPositionalArg(call: ast.CallExpression): ast.Argument | undefined {
  const args = call.args;
  for (let i = 0; i < args.length; i++) if (args[i].name === undefined) return args[i];
  return undefined;
}

export function argName(arg: ast.Argument): string | undefined {
  const name = arg.name;
  if (!name) return undefined;
  if (name.type === 'Identifier') return name.name;
  if (name.type === 'StringLiteral') return literalValue(name);
  return undefined;
}

export function namedArg(call: ast.CallExpression, name: string): ast.Argument | undefined {
  const args = call.args;
  for (let i = 0; i < args.length; i++) if (args[i].name !== undefined && argName(args[i]) === name) return args[i];
  return undefined;
}

/** Value of a map-literal entry or named argument by key. */
export function mapEntry(map: ast.MapLiteral, key: string): ast.MapEntry | undefined {
  const entries = map.entries;
  for (let i = 0; i < entries.length; i++) {
    const k = entries[i].key;
    if (k.type === 'Identifier' ? k.name === key : k.type === 'StringLiteral' && literalValue(k) === key) return entries[i];
  }
  return undefined;
}

/** Plain text of a string literal without interpolations (undefined if it interpolates). */
export function literalValue(expr: ast.Expression | undefined): string | undefined {
  if (!expr || expr.type !== 'StringLiteral') return undefined;
  const parts = expr.parts;
  // The one-chunk literal most are: its value as it is.
  if (parts.length === 1) return parts[0].type === 'StringChunk' ? parts[0].value : undefined;
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
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
  const args = call.args;
  for (let i = 0; i < args.length; i++) if (isClosureArgument(args[i])) closures.push(args[i].value as ast.ClosureExpression);
  for (let i = 0; i < call.closures.length; i++) closures.push(call.closures[i]);
  return closures;
}

/** `closureBodies(call)[0]`, without the list. */
export function firstClosure(call: ast.CallExpression): ast.ClosureExpression | undefined {
  const args = call.args;
  for (let i = 0; i < args.length; i++) if (isClosureArgument(args[i])) return args[i].value as ast.ClosureExpression;
  return call.closures.length > 0 ? call.closures[0] : undefined;
}

/** Command-style properties of a configuration closure: `label 'x'`, `yaml pod`, `containerTemplate { … }`. */
export function closureCalls(closure: ast.ClosureExpression): ast.CallExpression[] {
  const calls: ast.CallExpression[] = [];
  const body = closure.body;
  for (let i = 0; i < body.length; i++) {
    const statement = body[i];
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression') calls.push(statement.expression);
  }
  return calls;
}
