/**
 * What sort of text a file is, from its name. In configuration every value given to a secret-named key is
 * the secret, however plain it looks; in code the same names are reused for all sorts of things, so there a
 * value must also look generated.
 */
export type FileKind = 'env' | 'ini' | 'properties' | 'yaml' | 'toml' | 'xml' | 'json' | 'shell' | 'code';

const BY_EXTENSION: Readonly<Record<string, FileKind>> = {
  env: 'env',
  ini: 'ini',
  cfg: 'ini',
  conf: 'ini',
  cnf: 'ini',
  properties: 'properties',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  xml: 'xml',
  config: 'xml',
  csproj: 'xml',
  plist: 'xml',
  json: 'json',
  npmrc: 'ini',
  pypirc: 'ini',
  netrc: 'ini',
  yarnrc: 'ini',
  jsonc: 'json',
  tfvars: 'toml',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
};

const BY_NAME: Readonly<Record<string, FileKind>> = {
  '.npmrc': 'ini',
  '.pypirc': 'ini',
  '.netrc': 'ini',
  '_netrc': 'ini',
  '.gitconfig': 'ini',
  '.yarnrc': 'ini',
  'credentials': 'ini',
  'config': 'ini',
  'dockerfile': 'shell',
  '.bashrc': 'shell',
  '.zshrc': 'shell',
  '.profile': 'shell',
};

export function fileKindOf(path: string | undefined): FileKind {
  if (!path) return 'code';
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  // .env, .env.local, prod.env, .envrc
  if (base === '.env' || base.startsWith('.env.') || base === '.envrc' || base.endsWith('.env')) return 'env';
  const byName = BY_NAME[base];
  if (byName) return byName;
  const dot = base.lastIndexOf('.');
  // No extension (credentials, Makefile-like config) or plain text: read as key = value lines.
  if (dot <= 0 || base.endsWith('.txt')) return 'ini';
  return BY_EXTENSION[base.slice(dot + 1)] ?? 'code';
}

/** Configuration: any value of a secret-named key is the secret. */
export function isConfigKind(kind: FileKind): boolean {
  return kind !== 'code' && kind !== 'shell';
}
