/** A pod file with a privileged dind container, and a declarative pipeline on it: the Jenkinsfiles sharing one pod file in the `fix` tests. */

export const POD = `apiVersion: v1
kind: Pod
spec:
  containers:
  - name: dind
    image: docker:24-dind
    securityContext:
      privileged: true
`;

/** A declarative pipeline on the pod in `ci/build-pod.yaml`, pushing `image`. */
export function yamlFilePipeline(image: string): string {
  return `pipeline {
  agent {
    kubernetes {
      yamlFile 'ci/build-pod.yaml'
      defaultContainer 'dind'
    }
  }
  stages {
    stage('Build') {
      steps {
        sh 'docker build -t ${image} .'
        sh 'docker push ${image}'
      }
    }
  }
}
`;
}
