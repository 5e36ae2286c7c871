/** Container registries: hosts as Docker forms them, Jenkins credentials carried over to Kaniko, and the registry Secret. */
export * from './hosts';
export * from './jenkins';
export * from './credentials';
export * from './secret';
export * from './infer';
export * from './command';
