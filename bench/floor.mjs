/**
 * The floor: what any tool must at least do with the same files: read each Jenkinsfile and
 * parse the pod YAML embedded in it with `yaml`. No Groovy parsing, no model, no rules.
 * `node bench/floor.mjs <file|dir>…` prints one JSON line: files, yaml documents, bytes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parseAllDocuments } = require('yaml');

/** `yaml '''…'''`, `yaml """…"""`, `yaml: '…'` and friends: the pod YAML literals, found by pattern. */
const EMBEDDED_YAML = /\byaml\s*:?\s*\(?\s*(?:'''([\s\S]*?)'''|"""([\s\S]*?)"""|'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/g;

export function floorOf(text) {
  let documents = 0;
  EMBEDDED_YAML.lastIndex = 0;
  for (let match = EMBEDDED_YAML.exec(text); match; match = EMBEDDED_YAML.exec(text)) {
    const yaml = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
    documents += parseAllDocuments(yaml).length;
  }
  return documents;
}

function isJenkinsfileName(name) {
  return name === 'Jenkinsfile' || name.startsWith('Jenkinsfile.') || /\.jenkinsfile$/i.test(name);
}

function collect(target, out) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) {
    out.push(target);
    return;
  }
  for (const entry of fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.isFile() && isJenkinsfileName(entry.name)) out.push(full);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = [];
  for (const target of process.argv.slice(2)) collect(path.resolve(target), files);
  let documents = 0;
  let bytes = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    bytes += text.length;
    documents += floorOf(text);
  }
  process.stdout.write(JSON.stringify({ files: files.length, documents, bytes }) + '\n');
}
