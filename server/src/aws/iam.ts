/** IAM role ARNs, as IRSA annotations and Pod Identity associations take them. */
const IAM_ROLE_ARN = /^arn:aws[-a-z]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** `arn:aws:iam::123456789012:role/name` (any partition, role paths allowed). */
export function isIamRoleArn(text: string): boolean {
  return IAM_ROLE_ARN.test(text);
}
