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

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const MAX_SCANNED_FILES = 500;

/** Whether a `*.yaml`/`*.yml` file in `directory` (two levels down at most) defines ConfigMap `name`. */
export function configMapDefinedIn(directory: string, name: string): boolean {
  const namePattern = new RegExp(`^\\s*name:\\s*["']?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*(#.*)?$`, 'm');
  let scanned = 0;
  const search = (folder: string, depth: number): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      if (scanned >= MAX_SCANNED_FILES) return false;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (depth < 2 && !SKIPPED_DIRECTORIES.has(entry.name) && search(full, depth + 1)) return true;
      } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
        scanned++;
        try {
          if (fs.statSync(full).size > MAX_YAML_FILE_BYTES) continue;
          const text = fs.readFileSync(full, 'utf8');
          if (/^kind:\s*ConfigMap\s*$/m.test(text) && namePattern.test(text)) return true;
        } catch {
          continue;
        }
      }
    }
    return false;
  };
  return search(directory, 0);
}

export function createNodeHost(log?: (message: string) => void): AnalysisHost {
  return {
    log,
    isConfigMapDefined(uri, name) {
      const file = uri.startsWith('file:') ? uriToPath(uri) : undefined;
      return file ? configMapDefinedIn(path.dirname(file), name) : undefined;
    },
    readYamlFile(uri, relativePath) {
      const file = uriToPath(uri);
      return file ? readYamlFileInside(file, relativePath) : undefined;
    },
  };
}
