/**
 * Generic traversal of the syntax tree. Iterative (an explicit stack), so arbitrarily deep
 * trees — a 100,000-term `'a' + 'b' + …` chain is 100,000 levels deep — cannot overflow.
 */
import type * as A from './ast';

type TypedNode = A.Program | A.Statement | A.Expression | A.StringChunk | A.Interpolation | A.Annotation;

/**
 * A node as the walker hands it out: the node types without a `type` field get `type?: undefined`,
 * so `switch (node.type)` narrows the union.
 */
export type WalkNode =
  | TypedNode
  | (A.Argument & { type?: undefined })
  | (A.MapEntry & { type?: undefined })
  | (A.Parameter & { type?: undefined })
  | (A.CatchClause & { type?: undefined })
  | (A.VariableDeclarator & { type?: undefined });

/** `node.type`, or the role of the node types that have no `type` field. */
export type NodeKind = TypedNode['type'] | 'Argument' | 'MapEntry' | 'Parameter' | 'CatchClause' | 'VariableDeclarator';

export interface ChildNode {
  node: WalkNode;
  kind: NodeKind;
}

/**
 * Best guess of a node's kind from its shape. Exact for typed nodes; `Parameter` and
 * `VariableDeclarator` without optional fields look alike (the walker itself passes exact kinds).
 */
export function kindOf(node: A.Node): NodeKind {
  const typed = node as WalkNode;
  if (typed.type !== undefined) return typed.type;
  if ('key' in node) return 'MapEntry';
  if ('body' in node) return 'CatchClause';
  if ('value' in node) return 'Argument';
  if ('init' in node) return 'VariableDeclarator';
  if ('defaultValue' in node || 'typeName' in node) return 'Parameter';
  return 'VariableDeclarator';
}

/** The direct children of `node`, in source order. */
export function childNodes(node: A.Node, kind: NodeKind = kindOf(node)): ChildNode[] {
  const out: ChildNode[] = [];
  const add = (child: A.Node | undefined, childKind?: NodeKind): void => {
    if (child) out.push({ node: child as WalkNode, kind: childKind ?? kindOf(child) });
  };
  const addAll = (children: readonly A.Node[] | undefined, childKind?: NodeKind): void => {
    if (children) for (const child of children) add(child, childKind);
  };
  switch (kind) {
    case 'Program':
      addAll((node as A.Program).body);
      break;
    case 'ExpressionStatement': {
      const n = node as A.ExpressionStatement;
      addAll(n.annotations);
      add(n.expression);
      break;
    }
    case 'Annotation':
      addAll((node as A.Annotation).args, 'Argument');
      break;
    case 'Argument': {
      const n = node as A.Argument;
      add(n.name);
      add(n.value);
      break;
    }
    case 'VariableDeclaration': {
      const n = node as A.VariableDeclaration;
      addAll(n.annotations);
      addAll(n.declarations, 'VariableDeclarator');
      add(n.tupleInit);
      break;
    }
    case 'VariableDeclarator': {
      const n = node as A.VariableDeclarator;
      add(n.name);
      add(n.init);
      break;
    }
    case 'BlockStatement': {
      const n = node as A.BlockStatement;
      if (n.expressions && n.expressions.length > 0) {
        // `switch`/`assert`/…: case values and statements interleave in the source.
        const merged = [...n.expressions, ...n.body].sort((x, y) => x.start - y.start);
        addAll(merged);
      } else {
        addAll(n.body);
      }
      break;
    }
    case 'IfStatement': {
      const n = node as A.IfStatement;
      add(n.test);
      add(n.consequent);
      add(n.alternate);
      break;
    }
    case 'TryStatement': {
      const n = node as A.TryStatement;
      add(n.block);
      addAll(n.handlers, 'CatchClause');
      add(n.finalizer);
      break;
    }
    case 'CatchClause': {
      const n = node as A.CatchClause;
      add(n.param);
      add(n.body);
      break;
    }
    case 'ForStatement': {
      const n = node as A.ForStatement;
      add(n.variable);
      add(n.iterable);
      add(n.init);
      add(n.test);
      add(n.update);
      add(n.body);
      break;
    }
    case 'WhileStatement': {
      const n = node as A.WhileStatement;
      add(n.test);
      add(n.body);
      break;
    }
    case 'ReturnStatement':
    case 'ThrowStatement':
      add((node as A.ReturnStatement | A.ThrowStatement).argument);
      break;
    case 'MethodDeclaration': {
      const n = node as A.MethodDeclaration;
      addAll(n.annotations);
      add(n.name);
      addAll(n.params, 'Parameter');
      add(n.body);
      break;
    }
    case 'Parameter': {
      const n = node as A.Parameter;
      add(n.name);
      add(n.defaultValue);
      break;
    }
    case 'ClassDeclaration': {
      const n = node as A.ClassDeclaration;
      add(n.name);
      addAll(n.body);
      break;
    }
    case 'ImportStatement':
      addAll((node as A.ImportStatement).annotations);
      break;
    case 'StringLiteral':
      addAll((node as A.StringLiteral).parts);
      break;
    case 'Interpolation':
      add((node as A.Interpolation).expression);
      break;
    case 'ListLiteral':
      addAll((node as A.ListLiteral).elements);
      break;
    case 'MapLiteral':
      addAll((node as A.MapLiteral).entries, 'MapEntry');
      break;
    case 'MapEntry': {
      const n = node as A.MapEntry;
      add(n.key);
      add(n.value);
      break;
    }
    case 'ClosureExpression': {
      const n = node as A.ClosureExpression;
      addAll(n.params, 'Parameter');
      addAll(n.body);
      break;
    }
    case 'CallExpression': {
      const n = node as A.CallExpression;
      add(n.callee);
      addAll(n.args, 'Argument');
      addAll(n.closures);
      break;
    }
    case 'PropertyAccess': {
      const n = node as A.PropertyAccess;
      add(n.object);
      add(n.property);
      break;
    }
    case 'IndexExpression': {
      const n = node as A.IndexExpression;
      add(n.object);
      add(n.index);
      break;
    }
    case 'BinaryExpression': {
      const n = node as A.BinaryExpression;
      add(n.left);
      add(n.right);
      break;
    }
    case 'UnaryExpression': {
      add((node as A.UnaryExpression).argument);
      break;
    }
    case 'TernaryExpression': {
      const n = node as A.TernaryExpression;
      add(n.test);
      add(n.consequent);
      add(n.alternate);
      break;
    }
    case 'AssignmentExpression': {
      const n = node as A.AssignmentExpression;
      add(n.target);
      add(n.value);
      break;
    }
    case 'ParenthesizedExpression':
      add((node as A.ParenthesizedExpression).expression);
      break;
    case 'NewExpression':
      addAll((node as A.NewExpression).args, 'Argument');
      break;
    default:
      // Identifier, literals, StringChunk, JumpStatement, Error: leaves.
      break;
  }
  return out;
}

/**
 * Depth-first, pre-order traversal of `root` and everything below it (interpolation
 * expressions included), children in source order. Returning `false` from `visit` skips the
 * node's children. `kind` tells the node types without a `type` field apart.
 */
export function walk(
  root: A.Node,
  visit: (node: WalkNode, parent: WalkNode | undefined, kind: NodeKind) => void | false,
  rootKind: NodeKind = kindOf(root),
): void {
  const nodes: WalkNode[] = [root as WalkNode];
  const parents: Array<WalkNode | undefined> = [undefined];
  const kinds: NodeKind[] = [rootKind];
  while (nodes.length > 0) {
    const node = nodes.pop() as WalkNode;
    const parent = parents.pop();
    const kind = kinds.pop() as NodeKind;
    if (visit(node, parent, kind) === false) continue;
    const children = childNodes(node, kind);
    for (let i = children.length - 1; i >= 0; i--) {
      nodes.push(children[i].node);
      parents.push(node);
      kinds.push(children[i].kind);
    }
  }
}

/**
 * The path from `root` to the innermost node covering `offset` (root first), or `[]` when
 * `offset` is outside `root`. A node covers `offset` when `start <= offset < end`; when no
 * child does, one ending exactly at `offset` (or empty there) is taken, so the position just
 * after an identifier finds that identifier.
 */
export function nodeAt(root: A.Node, offset: number): WalkNode[] {
  if (offset < root.start || offset > root.end) return [];
  const path: WalkNode[] = [root as WalkNode];
  let current: ChildNode = { node: root as WalkNode, kind: kindOf(root) };
  for (;;) {
    const children = childNodes(current.node, current.kind);
    let found: ChildNode | undefined;
    for (const child of children) {
      if (child.node.start <= offset && offset < child.node.end) {
        found = child;
        break;
      }
    }
    if (!found) {
      for (const child of children) {
        if (child.node.start <= offset && offset === child.node.end) found = child;
      }
    }
    if (!found) return path;
    path.push(found.node);
    current = found;
  }
}
