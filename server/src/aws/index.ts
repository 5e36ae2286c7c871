/** AWS knowledge shared by rules, fixes and the ConfigMap generator: ECR hosts, the AWS CLI's ECR logins (and what get-login prints), installing the CLI. */
export * from './ecr';
export * from './cli';
export * from './install';
export * from './uses';
export * from './getLogin';
export * from './iam';
