/**
 * The Node.js host: reads `yamlFile` pods from disk, and only from inside the
 * Jenkinsfile's own folder tree (no absolute paths, no `..` escapes, no symlinks out).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalysisHost } from './analysis';

const MAX_YAML_FILE_BYTES = 1024 * 1024;

export function readYamlFileInside(jenkinsfilePath: string, relativePath: string): string | undefined {
  if (relativePath === '' || path.isAbsolute(relativePath) || /^[a-zA-Z]:/.test(relativePath) || relativePath.includes('\0')) return undefined;
  try {
    const root = fs.realpathSync(path.dirname(jenkinsfilePath));
    const target = fs.realpathSync(path.resolve(root, relativePath));
    const fromRoot = path.relative(root, target);
    if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return undefined;
    const stat = fs.statSync(target);
    if (!stat.isFile() || stat.size > MAX_YAML_FILE_BYTES) return undefined;
    return fs.readFileSync(target, 'utf8');
  } catch {
    return undefined;
  }
}

function uriToPath(uri: string): string | undefined {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  }
  return path.isAbsolute(uri) ? uri : undefined;
}

export function createNodeHost(log?: (message: string) => void): AnalysisHost {
  return {
    log,
    readYamlFile(uri, relativePath) {
      const file = uriToPath(uri);
      return file ? readYamlFileInside(file, relativePath) : undefined;
    },
  };
}
