/** The marker's kind for a value found by its name: "aws-secret" for aws_secret_access_key, "password" for db.password. */
export function kindForName(name: string): string {
  const n = name.toLowerCase();
  if (n.includes('aws') && /secret/.test(n)) return 'aws-secret';
  if (/authtoken|_auth$|^_auth|_password$/.test(n) && n.includes('/')) return 'npm-token'; // .npmrc "//registry/:_authToken"
  if (/accountkey|sharedaccess|sas\b/.test(n)) return 'azure-key';
  if (/pass|pwd|pw\b/.test(n)) return 'password';
  if (/token/.test(n)) return 'token';
  if (/secret/.test(n)) return 'secret';
  if (/credential/.test(n)) return 'credential';
  return 'api-key';
}
