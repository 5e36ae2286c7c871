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

/** The node type that the walker hands out with `kind`. */
type NodeOfKind<K extends NodeKind> = K extends TypedNode['type']
  ? Extract<TypedNode, { type: K }>
  : K extends 'Argument'
    ? A.Argument
    : K extends 'MapEntry'
      ? A.MapEntry
      : K extends 'Parameter'
        ? A.Parameter
        : K extends 'CatchClause'
          ? A.CatchClause
          : A.VariableDeclarator;

/** A child field: its name, or its name and the kind of the (untyped) nodes it holds. */
type ChildField<N> = (keyof N & string) | readonly [keyof N & string, NodeKind];

/**
 * Each node kind's child fields, in source order; a field holds one node or a list of them.
 * Kinds not listed (Identifier, literals, StringChunk, JumpStatement, Error) are leaves.
 * A `BlockStatement` with `expressions` (`switch`, `assert`, …) interleaves them with its body
 * by position: see `childNodes`.
 */
const CHILD_FIELDS: { readonly [K in NodeKind]?: ReadonlyArray<ChildField<NodeOfKind<K>>> } = {
  Program: ['body'],
  ExpressionStatement: ['annotations', 'expression'],
  Annotation: [['args', 'Argument']],
  Argument: ['name', 'value'],
  VariableDeclaration: ['annotations', ['declarations', 'VariableDeclarator'], 'tupleInit'],
  VariableDeclarator: ['name', 'init'],
  BlockStatement: ['body'],
  IfStatement: ['test', 'consequent', 'alternate'],
  TryStatement: ['block', ['handlers', 'CatchClause'], 'finalizer'],
  CatchClause: ['param', 'body'],
  ForStatement: ['variable', 'iterable', 'init', 'test', 'update', 'body'],
  WhileStatement: ['test', 'body'],
  ReturnStatement: ['argument'],
  ThrowStatement: ['argument'],
  MethodDeclaration: ['annotations', 'name', ['params', 'Parameter'], 'body'],
  Parameter: ['name', 'defaultValue'],
  ClassDeclaration: ['name', 'body'],
  ImportStatement: ['annotations'],
  StringLiteral: ['parts'],
  Interpolation: ['expression'],
  ListLiteral: ['elements'],
  MapLiteral: [['entries', 'MapEntry']],
  MapEntry: ['key', 'value'],
  ClosureExpression: [['params', 'Parameter'], 'body'],
  CallExpression: ['callee', ['args', 'Argument'], 'closures'],
  PropertyAccess: ['object', 'property'],
  IndexExpression: ['object', 'index'],
  BinaryExpression: ['left', 'right'],
  UnaryExpression: ['argument'],
  TernaryExpression: ['test', 'consequent', 'alternate'],
  AssignmentExpression: ['target', 'value'],
  ParenthesizedExpression: ['expression'],
  NewExpression: [['args', 'Argument']],
};

interface FieldReader {
  field: string;
  /** Set for fields whose nodes have no `type`; otherwise each child's kind is `kindOf(child)`. */
  kind?: NodeKind;
}

/** `CHILD_FIELDS` in one shape, read by `childNodes` on every node. */
const READERS: ReadonlyMap<NodeKind, readonly FieldReader[]> = new Map(
  Object.entries(CHILD_FIELDS).map(([kind, fields]) => [
    kind as NodeKind,
    (fields as ReadonlyArray<string | readonly [string, NodeKind]>).map((f) => (typeof f === 'string' ? { field: f } : { field: f[0], kind: f[1] })),
  ]),
);

/** The direct children of `node`, in source order. */
export function childNodes(node: A.Node, kind: NodeKind = kindOf(node)): ChildNode[] {
  const out: ChildNode[] = [];
  forEachChildNode(node, kind, (child, childKind) => out.push({ node: child, kind: childKind }));
  return out;
}

/**
 * Calls `visit` with each direct child of `node` (of kind `kind`) and the child's kind, in source
 * order: `childNodes` without building the list (the model visits every statement's children).
 */
export function forEachChildNode(node: A.Node, kind: NodeKind, visit: (child: WalkNode, kind: NodeKind) => void): void {
  if (kind === 'BlockStatement') {
    const block = node as A.BlockStatement;
    if (block.expressions && block.expressions.length > 0) {
      // `switch`/`assert`/…: case values and statements interleave in the source.
      for (const child of [...block.expressions, ...block.body].sort((x, y) => x.start - y.start)) if (child) visit(child as WalkNode, kindOf(child));
      return;
    }
  }
  const readers = READERS.get(kind);
  if (!readers) return;
  const fields = node as unknown as Record<string, A.Node | readonly A.Node[] | undefined>;
  for (const { field, kind: childKind } of readers) {
    const value = fields[field];
    if (Array.isArray(value)) {
      for (const child of value as readonly A.Node[]) if (child) visit(child as WalkNode, childKind ?? kindOf(child));
    } else if (value) visit(value as WalkNode, childKind ?? kindOf(value as A.Node));
  }
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
