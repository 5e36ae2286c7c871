/**
 * `yamlFile` (and `readTrusted('…')`, `readFile('…')`) are read where Jenkins reads them: from the
 * repository root, not the Jenkinsfile's folder; never outside that root. A pod whose YAML cannot
 * be known says so in hovers and completion.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver-types';
import { createNodeHost, JenkinsfileLanguageService, yamlRoot } from '../../../server/src/service';

const DIND_POD = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: dind\n    image: docker:dind\n    securityContext:\n      privileged: true\n';

function jenkinsfile(yamlLine: string): string {
  return `pipeline {\n  agent {\n    kubernetes {\n      ${yamlLine}\n    }\n  }\n  stages {\n    stage('Build') {\n      steps {\n        container('dind') { sh 'docker build .' }\n      }\n    }\n  }\n}\n`;
}

describe('model: yamlFile is read from the repository root', () => {
  let root: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const analyse = (file: string, workspaceFolders: string[] = []) => {
    const service = new JenkinsfileLanguageService(createNodeHost(undefined, { workspaceFolders: () => workspaceFolders }));
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const input = { uri: pathToFileURL(path.join(root, file)).href, text };
    const hoverAt = (needle: string) => {
      const offset = text.indexOf(needle) + 1;
      const lines = text.slice(0, offset).split('\n');
      const hover = service.hover(input, { line: lines.length - 1, character: lines[lines.length - 1].length });
      return (hover?.contents as MarkupContent | undefined)?.value ?? '';
    };
    return { findings: service.findings(input).map((f) => f.ruleId), model: service.analyze(input).model, hoverAt };
  };

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jk-yamlroot-')));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('examples/x/Jenkinsfile with a root-relative path (a real layout)', () => {
    fs.mkdirSync(path.join(root, 'repo/.git'), { recursive: true });
    write('repo/examples/x/pod.yaml', DIND_POD);
    write('repo/examples/x/Jenkinsfile', jenkinsfile("yamlFile 'examples/x/pod.yaml'"));
    const { findings, model, hoverAt } = analyse('repo/examples/x/Jenkinsfile');
    assert.equal(model.pods[0].yaml?.file, 'examples/x/pod.yaml');
    assert.ok(findings.includes('dind-privileged'), findings.join());
    const hover = hoverAt("'dind'");
    assert.match(hover, /Image: `docker:dind`/);
    assert.match(hover, /read from the repository root `.*repo` \(the nearest folder with \.git\)/);
  });

  it('Jenkinsfile.d/core/Jenkinsfile reading ci/pod.yaml at the root (a real layout), .git as a file (worktree)', () => {
    write('repo/.git', 'gitdir: /elsewhere\n');
    write('repo/ci/pod.yaml', DIND_POD);
    write('repo/Jenkinsfile.d/core/Jenkinsfile', jenkinsfile("yamlFile 'ci/pod.yaml'"));
    const { findings } = analyse('repo/Jenkinsfile.d/core/Jenkinsfile');
    assert.ok(findings.includes('dind-privileged'), findings.join());
  });

  it('reads podTemplate(yaml: readTrusted(…)) and readFile(…) the same way', () => {
    fs.mkdirSync(path.join(root, 'repo/.git'), { recursive: true });
    write('repo/ci/pod.yaml', DIND_POD);
    for (const call of ["readTrusted('ci/pod.yaml')", "readFile('ci/pod.yaml')", "readFile(file: 'ci/pod.yaml')"]) {
      write('repo/jenkins/build.groovy', `podTemplate(yaml: ${call}) {\n  node(POD_LABEL) {\n    container('dind') { sh 'docker build .' }\n  }\n}\n`);
      const { findings } = analyse('repo/jenkins/build.groovy');
      assert.ok(findings.includes('dind-privileged'), `${call}: ${findings.join()}`);
    }
  });

  it('without .git: the workspace folder, else the Jenkinsfile folder', () => {
    write('ws/ci/pod.yaml', DIND_POD);
    write('ws/sub/Jenkinsfile', jenkinsfile("yamlFile 'ci/pod.yaml'"));
    assert.ok(analyse('ws/sub/Jenkinsfile', [pathToFileURL(path.join(root, 'ws')).href]).findings.includes('dind-privileged'));
    assert.deepEqual(yamlRoot(path.join(root, 'ws/sub/Jenkinsfile'), [path.join(root, 'ws')]), { path: path.join(root, 'ws'), kind: 'workspace' });
    assert.deepEqual(yamlRoot(path.join(root, 'ws/sub/Jenkinsfile')), { path: path.join(root, 'ws/sub'), kind: 'jenkinsfile' });
    assert.ok(!analyse('ws/sub/Jenkinsfile').findings.includes('dind-privileged'));
  });

  it('never reads outside the root: no .. escape, no symlink out', () => {
    fs.mkdirSync(path.join(root, 'repo/.git'), { recursive: true });
    write('outside/pod.yaml', DIND_POD);
    fs.symlinkSync(path.join(root, 'outside/pod.yaml'), path.join(root, 'repo-link.yaml'));
    fs.mkdirSync(path.join(root, 'repo/ci'), { recursive: true });
    fs.symlinkSync(path.join(root, 'outside/pod.yaml'), path.join(root, 'repo/ci/link.yaml'));
    for (const file of ['../outside/pod.yaml', 'ci/link.yaml', path.join(root, 'outside/pod.yaml')]) {
      write('repo/Jenkinsfile', jenkinsfile(`yamlFile '${file}'`));
      const { findings, hoverAt } = analyse('repo/Jenkinsfile');
      assert.ok(!findings.includes('dind-privileged'), file);
      assert.match(hoverAt("'dind'"), /The pod's YAML is not known here: its yamlFile '.*' could not be read from the repository root/, file);
    }
  });

  it("says the pod's YAML is not known for a method result, inheritFrom and a label-only template", () => {
    fs.mkdirSync(path.join(root, 'repo/.git'), { recursive: true });
    const cases: Array<[string, RegExp]> = [
      ['yaml podYaml()', /its yaml comes from `podYaml\(\)`/],
      ["yaml libraryResource('pods/dind.yaml')", /its yaml comes from `libraryResource/],
      ["inheritFrom 'docker-base'", /it inherits from 'docker-base'/],
      ["label 'k8s-docker'", /it names no YAML and no containers here/],
    ];
    for (const [line, reason] of cases) {
      write('repo/Jenkinsfile', jenkinsfile(line));
      const hover = analyse('repo/Jenkinsfile').hoverAt("'dind'");
      assert.match(hover, /The pod's YAML is not known here/, line);
      assert.match(hover, reason, line);
      assert.doesNotMatch(hover, /defines no container/, line);
    }
  });
});
