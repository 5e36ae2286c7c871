export * from './types';
export { buildModel, contentSpan, type BuildOptions } from './build';
export { splitShell, effectiveWords, commandWords, programName, scriptSpan, longOptionNames, type ShellCommand, type ShellWord } from './shell';
export * from './ast-helpers';
export { stepsOfPod } from './steps';
export { memoKey, ModelMemo, type MemoKey } from './memo';
export { yamlNodeSpan, yamlPairSpan, mapPair, mapValue, scalarString, seqItems, stringList, podSpec } from './yaml';
