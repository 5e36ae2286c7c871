/**
 * The outline of our syntax tree in the format test/unit/parser/groovy/outline.groovy prints for
 * Groovy's own tree: calls and closures in source order. Equal outlines mean the parser attached
 * every closure and argument to the call Groovy attaches it to.
 */
import type * as A from '../../../server/src/parser/ast';

function join(parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

function stringName(literal: A.StringLiteral): string {
  return literal.parts.map((p) => (p.type === 'StringChunk' ? p.value : '')).join('');
}

function outlineCall(call: A.CallExpression): string {
  let receiver = '';
  let name: string;
  const callee = call.callee;
  if (callee.type === 'Identifier') name = callee.name;
  else if (callee.type === 'PropertyAccess') {
    receiver = outlineExpr(callee.object);
    name = callee.property.name;
  } else if (callee.type === 'StringLiteral')
    name = stringName(callee); // `'name' { }` calls the method `name`
  else {
    receiver = outlineExpr(callee);
    name = 'call';
  }
  // Groovy passes named arguments as one map before the others.
  const named = call.args.filter((a) => a.name !== undefined).map((a) => join([a.name ? outlineExpr(a.name) : '', outlineExpr(a.value)]));
  const positional = call.args.filter((a) => a.name === undefined).map((a) => outlineExpr(a.value));
  const closures = call.closures.map((c) => outlineExpr(c));
  return join([receiver, `${name}(${join([...named, ...positional, ...closures])})`]);
}

export function outlineExpr(e: A.Expression | undefined): string {
  if (!e) return '';
  switch (e.type) {
    case 'CallExpression':
      return outlineCall(e);
    case 'ClosureExpression':
      return '{' + outlineStatements(e.body) + '}';
    case 'NewExpression':
      if (e.typeName.endsWith(']')) return join(e.args.map((a) => outlineExpr(a.value)));
      return `new ${e.typeName.replace(/<.*$/s, '').split('.').pop()}(${join(e.args.map((a) => outlineExpr(a.value)))})`;
    case 'StringLiteral':
      return join(e.parts.map((p) => (p.type === 'Interpolation' ? outlineExpr(p.expression) : '')));
    case 'ListLiteral':
      return join(e.elements.map(outlineExpr));
    case 'MapLiteral':
      return join(e.entries.map((en) => join([outlineExpr(en.key), outlineExpr(en.value)])));
    case 'BinaryExpression':
      return join([outlineExpr(e.left), outlineExpr(e.right)]);
    case 'AssignmentExpression':
      return join([outlineExpr(e.target), outlineExpr(e.value)]);
    case 'TernaryExpression':
      return join([outlineExpr(e.test), outlineExpr(e.consequent), outlineExpr(e.alternate)]);
    case 'UnaryExpression':
      return outlineExpr(e.argument);
    case 'ParenthesizedExpression':
      return outlineExpr(e.expression);
    case 'PropertyAccess':
      return outlineExpr(e.object);
    case 'IndexExpression':
      return join([outlineExpr(e.object), outlineExpr(e.index)]);
    default:
      return '';
  }
}

function outlineStatement(s: A.Statement | undefined): string {
  if (!s) return '';
  switch (s.type) {
    case 'ExpressionStatement':
      return outlineExpr(s.expression);
    case 'VariableDeclaration':
      return join([...s.declarations.map((d) => outlineExpr(d.init)), outlineExpr(s.tupleInit)]);
    case 'BlockStatement':
      return s.keyword === 'do'
        ? join([outlineStatements(s.body), ...(s.expressions ?? []).map(outlineExpr)])
        : join([...(s.expressions ?? []).map(outlineExpr), outlineStatements(s.body)]);
    case 'IfStatement':
      return join([outlineExpr(s.test), outlineStatement(s.consequent), outlineStatement(s.alternate)]);
    case 'ForStatement':
      return join([outlineStatement(s.init), outlineExpr(s.test), outlineExpr(s.update), outlineExpr(s.iterable), outlineStatement(s.body)]);
    case 'WhileStatement':
      return join([outlineExpr(s.test), outlineStatement(s.body)]);
    case 'TryStatement':
      return join([outlineStatement(s.block), ...s.handlers.map((h) => outlineStatement(h.body)), outlineStatement(s.finalizer)]);
    case 'ReturnStatement':
    case 'ThrowStatement':
      return outlineExpr(s.argument);
    default:
      return '';
  }
}

function outlineStatements(body: A.Statement[]): string {
  return join(body.map(outlineStatement));
}

function outlineMethod(m: A.MethodDeclaration): string {
  return `${m.name.name}{${outlineStatements(m.body.body)}}`;
}

/** Outline of a whole program: script statements, then `| ` script methods, then `| class …` per class. */
export function outlineProgram(program: A.Program): string {
  const statements = program.body.filter((s) => s.type !== 'MethodDeclaration' && s.type !== 'ClassDeclaration');
  const methods = program.body.filter((s): s is A.MethodDeclaration => s.type === 'MethodDeclaration');
  const classes = program.body.filter((s): s is A.ClassDeclaration => s.type === 'ClassDeclaration');
  const parts = [outlineStatements(statements)];
  if (methods.length > 0) parts.push('| ' + methods.map(outlineMethod).join(' '));
  for (const c of classes) {
    const classMethods = c.body.filter((s): s is A.MethodDeclaration => s.type === 'MethodDeclaration');
    parts.push(`| class ${c.name.name}${c.superClass ? ':' + c.superClass.split('.').pop() : ''}{${classMethods.map(outlineMethod).join(' ')}}`);
  }
  return join(parts);
}
