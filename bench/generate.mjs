/**
 * Inputs for the benchmark, generated deterministically: a large declarative Jenkinsfile
 * (stages × pods), a 1 MB one, and a tree of many Jenkinsfiles made from the fixtures.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A pod in the shapes people write: dind (privileged, with storage), a Docker socket mount, or Kaniko. */
function podYaml(index) {
  const kind = index % 3;
  const common = `apiVersion: v1
kind: Pod
metadata:
  labels:
    app: build-${index}
spec:
  serviceAccountName: jenkins
  containers:
  - name: jnlp
    image: jenkins/inbound-agent:3283.v92c105e0f819-1
    resources:
      requests:
        cpu: 100m
        memory: 256Mi
`;
  if (kind === 0) {
    return `${common}  - name: dind
    image: docker:24.0-dind
    securityContext:
      privileged: true
    env:
    - name: DOCKER_TLS_CERTDIR
      value: ""
    volumeMounts:
    - name: dind-storage
      mountPath: /var/lib/docker
  - name: node
    image: node:20-alpine
    command: ['cat']
    tty: true
  volumes:
  - name: dind-storage
    emptyDir: {}
`;
  }
  if (kind === 1) {
    return `${common}  - name: docker
    image: docker:24.0-cli
    command: ['cat']
    tty: true
    volumeMounts:
    - name: docker-sock
      mountPath: /var/run/docker.sock
  volumes:
  - name: docker-sock
    hostPath:
      path: /var/run/docker.sock
`;
  }
  return `${common}  - name: kaniko
    image: gcr.io/kaniko-project/executor:v1.24.0-debug
    command: ['/busybox/cat']
    tty: true
    volumeMounts:
    - name: docker-config
      mountPath: /kaniko/.docker
  volumes:
  - name: docker-config
    configMap:
      name: docker-config
`;
}

function stageWithPod(index, podIndex) {
  const kind = podIndex % 3;
  const container = kind === 0 ? 'dind' : kind === 1 ? 'docker' : 'kaniko';
  const build =
    kind === 2
      ? `          sh '''
            /kaniko/executor --context "\${WORKSPACE}" --dockerfile Dockerfile \\
              --destination 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app-${index}:\${BUILD_NUMBER} \\
              --cache=true
          '''`
      : `          sh 'apk add --no-cache python3 py3-pip && pip install awscli'
          sh '$(aws ecr get-login --no-include-email --region eu-west-1)'
          script {
            def image = docker.build("app-${index}:\${env.BUILD_ID}")
            docker.withRegistry('https://123456789012.dkr.ecr.eu-west-1.amazonaws.com') {
              image.push()
              image.push('latest')
            }
          }`;
  return `    stage('Build ${index}') {
      agent {
        kubernetes {
          defaultContainer '${container}'
          yaml '''
${podYaml(podIndex)
  .split('\n')
  .map((line) => (line ? `            ${line}` : line))
  .join('\n')}'''
        }
      }
      steps {
        container('${container}') {
${build}
        }
      }
    }
`;
}

function plainStage(index) {
  return `    stage('Step ${index}') {
      when {
        branch 'main'
      }
      steps {
        echo "Running step ${index} on \${env.BRANCH_NAME}"
        sh 'make test-${index} TARGET=\${BRANCH_NAME}'
        sh """
          ./scripts/check.sh --step ${index} \\
            --verbose
          test -f build/out-${index}.txt && cat build/out-${index}.txt
        """
        retry(2) {
          sh 'curl -fsS https://example.com/health/${index}'
        }
      }
    }
`;
}

/** A declarative pipeline with `stages` stages, `pods` of which have their own Kubernetes pod. */
export function declarativeJenkinsfile(stages, pods) {
  let out = `// Generated for the benchmark: ${stages} stages, ${pods} pods.
pipeline {
  agent none
  options {
    timeout(time: 1, unit: 'HOURS')
    buildDiscarder(logRotator(numToKeepStr: '20'))
  }
  environment {
    REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
    IMAGE_TAG = "\${env.BUILD_NUMBER}"
  }
  stages {
`;
  // Pods spread evenly over the stages.
  const every = stages / pods;
  let podIndex = 0;
  for (let i = 0; i < stages; i++) {
    if (podIndex < pods && i >= Math.round(podIndex * every)) out += stageWithPod(i, podIndex++);
    else out += plainStage(i);
  }
  out += `  }
  post {
    always {
      echo 'done'
    }
  }
}
`;
  return out;
}

/** The 5,000-line file: 200 stages, 50 pods (about 5,000 lines). */
export function fiveThousandLines() {
  return declarativeJenkinsfile(200, 50);
}

/** At least `bytes` of the same kind of pipeline (one stage in four with its pod). */
export function ofSize(bytes) {
  let stages = 200;
  for (;;) {
    const text = declarativeJenkinsfile(stages, Math.floor(stages / 4));
    if (text.length >= bytes) return text;
    stages = Math.ceil((stages * bytes) / text.length) + 10;
  }
}

/**
 * `count` Jenkinsfiles in `dir`/repo-NNNN/, cycling through the fixtures. Each copy differs, in
 * its Groovy and in each pod's YAML (a comment with its number), so no cache can answer for it.
 */
export function writeTree(dir, count, fixtures) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `repo-${String(i).padStart(4, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    const text = fixtures[i % fixtures.length].replace(/(\byaml\s*:?\s*\(?\s*(?:'''|"""))(\r?\n)/g, `$1$2# repository ${i}$2`);
    fs.writeFileSync(path.join(folder, 'Jenkinsfile'), `// repository ${i}\n${text}`);
  }
}
