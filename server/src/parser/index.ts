/** The parser layer: Groovy text → syntax tree, string text mapping, traversal. */
export * from './ast';
export { parse } from './parser';
export { concatText, sourceSpan, stringText, type MappedText, type StringTextOptions } from './strings';
export { childNodes, kindOf, nodeAt, walk, type ChildNode, type NodeKind, type WalkNode } from './walk';
