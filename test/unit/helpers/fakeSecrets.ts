/**
 * A corpus of FAKE secrets, generated when the tests run: random bodies of each format's documented shape,
 * placed in the kind of file where they are found in real repositories (INI, YAML, XML, .env, .properties,
 * JSON, code). Prefixes are assembled from pieces and bodies are random, so this file never holds a string
 * that a secret scanner on a public host would flag.
 */

/** A deterministic generator (mulberry32): the same seed gives the same corpus, so a failure can be replayed. */
export function randomSource(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const ALNUM = LOWER + UPPER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}-_`;

export interface FakeSecretCase {
  /** The format, e.g. "stripe-live-key-in-yaml". */
  readonly format: string;
  readonly path: string;
  readonly text: string;
  /** Every string that must not survive redaction. */
  readonly secrets: readonly string[];
}

/** Random text of an alphabet; re-drawn until it has a digit and a letter, as a real generated key would. */
class Gen {
  constructor(private readonly next: (n: number) => number) {}
  pick(alphabet: string, n: number): string {
    for (;;) {
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet[this.next(alphabet.length)];
      if (n < 8 || alphabet === DIGITS || ((/\d/.test(s) || !/\d/.test(alphabet)) && (/[A-Za-z]/.test(s) || !/[A-Za-z]/.test(alphabet)))) return s;
    }
  }
  alnum(n: number): string {
    return this.pick(ALNUM, n);
  }
  hex(n: number): string {
    return this.pick(HEX, n);
  }
  b64(n: number): string {
    return this.pick(B64, n);
  }
  digits(n: number): string {
    return String(1 + this.next(9)) + this.pick(DIGITS, n - 1);
  }
  /** A password a person might choose: words, digits and a symbol, no spaces. */
  password(): string {
    const words = ['amber', 'falcon', 'river', 'quartz', 'meadow', 'copper', 'violet', 'harbor'];
    return `${words[this.next(words.length)]}${this.pick(DIGITS, 3)}${'!#%*'[this.next(4)]}${this.pick(UPPER, 2)}${this.pick(LOWER, 3)}`;
  }
  base64Of(text: string): string {
    return Buffer.from(text, 'utf8').toString('base64');
  }
  pem(type: string): string {
    const lines = Array.from({ length: 12 }, () => this.b64(64));
    return `-----BEGIN ${type}PRIVATE KEY-----\n${lines.join('\n')}\n${this.b64(40)}==\n-----END ${type}PRIVATE KEY-----`;
  }
}

// Prefixes in pieces: a scanner reading this file sees no complete token.
const P = {
  akia: 'AK' + 'IA',
  ghp: 'gh' + 'p_',
  ghpat: 'github' + '_pat_',
  glpat: 'gl' + 'pat-',
  hf: 'h' + 'f_',
  skproj: 's' + 'k-proj-',
  skant: 's' + 'k-ant-api03-',
  sklive: 's' + 'k_live_',
  rklive: 'r' + 'k_live_',
  whsec: 'wh' + 'sec_',
  xoxb: 'xo' + 'xb-',
  xoxe: 'xo' + 'xe.xoxp-1-',
  slackHook: 'https://hooks.' + 'slack.com/services/',
  discordHook: 'https://discord' + '.com/api/webhooks/',
  twilioSk: 'S' + 'K',
  mailgun: 'ke' + 'y-',
  doppler: 'dp' + '.st.',
  linear: 'lin' + '_api_',
  sendgrid: 'S' + 'G.',
  npm: 'np' + 'm_',
  aiza: 'AI' + 'za',
  gocspx: 'GOC' + 'SPX-',
  jwtHead: 'ey' + 'J',
  dop: 'do' + 'p_v1_',
  shpat: 'shp' + 'at_',
  hvs: 'hv' + 's.',
  dapi: 'da' + 'pi',
  pmak: 'PM' + 'AK-',
  glsa: 'gl' + 'sa_',
  age: 'AGE-SECRET' + '-KEY-1',
  pypi: 'pyp' + 'i-AgEIcHlwaS5vcmc',
  begin: 'BEGIN',
};

type Builder = (g: Gen) => Omit<FakeSecretCase, 'format'>;

const BUILDERS: Readonly<Record<string, Builder>> = {
  'aws-access-key-id-in-code': (g) => {
    const id = P.akia + g.pick(UPPER + '234567', 16);
    return { path: 'src/s3client.ts', text: `import { S3 } from './s3';\n\nexport const client = new S3({ region: 'eu-west-1', accessKeyId: '${id}' });\n`, secrets: [id] };
  },
  'aws-credentials-ini': (g) => {
    const id = P.akia + g.pick(UPPER + '234567', 16);
    const secret = g.b64(40);
    return { path: 'home/.aws/credentials', text: `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\nregion = us-east-1\n`, secrets: [id, secret] };
  },
  'aws-secret-in-env': (g) => {
    const secret = g.b64(40);
    return { path: '.env', text: `AWS_REGION=eu-central-1\nAWS_SECRET_ACCESS_KEY=${secret}\n`, secrets: [secret] };
  },
  'aws-secret-in-yaml': (g) => {
    const secret = g.b64(40);
    return { path: 'deploy/values.yaml', text: `storage:\n  bucket: assets-prod\n  aws_secret_access_key: ${secret}\n`, secrets: [secret] };
  },
  'github-classic-token-in-code': (g) => {
    const t = P.ghp + g.alnum(36);
    return { path: 'scripts/release.py', text: `import requests\n\nGH = "${t}"\nrequests.get(url, headers={"Authorization": f"token {GH}"})\n`, secrets: [t] };
  },
  'github-fine-grained-token-in-env': (g) => {
    const t = P.ghpat + g.alnum(22) + '_' + g.alnum(59);
    return { path: '.env.local', text: `GH_PAT=${t}\n`, secrets: [t] };
  },
  'gitlab-token-unnamed-in-yaml': (g) => {
    const t = P.glpat + g.pick(URLSAFE, 20);
    return { path: '.ci/settings.yml', text: `ci:\n  runner_args: ["--url", "https://gitlab.example.com", "--registration", "${t}"]\n`, secrets: [t] };
  },
  'huggingface-token-in-code': (g) => {
    const t = P.hf + g.pick(LOWER + UPPER, 34);
    return { path: 'train.py', text: `from huggingface_hub import login\n\nlogin("${t}")\n`, secrets: [t] };
  },
  'openai-project-key-in-env': (g) => {
    const t = P.skproj + g.pick(URLSAFE, 58) + 'T3Blbk' + 'FJ' + g.pick(URLSAFE, 58);
    return { path: '.env', text: `OPENAI_API_KEY=${t}\n`, secrets: [t] };
  },
  'anthropic-key-in-json': (g) => {
    const t = P.skant + g.pick(URLSAFE, 93) + 'AA';
    return { path: 'config/llm.json', text: `{\n  "provider": "anthropic",\n  "key": "${t}"\n}\n`, secrets: [t] };
  },
  'stripe-live-secret-in-code': (g) => {
    const t = P.sklive + g.alnum(24);
    return { path: 'billing/stripe.js', text: `const stripe = require('stripe')('${t}');\n`, secrets: [t] };
  },
  'stripe-restricted-key-in-yaml': (g) => {
    const t = P.rklive + g.alnum(24);
    return { path: 'config/billing.yaml', text: `billing:\n  provider: stripe\n  reporting: ${t}\n`, secrets: [t] };
  },
  'stripe-webhook-secret-in-env': (g) => {
    const t = P.whsec + g.alnum(32);
    return { path: '.env.production', text: `STRIPE_WEBHOOK=${t}\n`, secrets: [t] };
  },
  'slack-bot-token-in-code': (g) => {
    const t = `${P.xoxb}${g.digits(12)}-${g.digits(13)}-${g.alnum(24)}`;
    return { path: 'bot/app.ts', text: `const app = new App({ token: '${t}' });\n`, secrets: [t] };
  },
  'slack-refresh-token-xoxe-in-json': (g) => {
    const t = `${P.xoxe}${g.pick(ALNUM, 140)}`;
    return { path: 'state/slack.json', text: `{ "team": "T0001", "refresh": "${t}" }\n`, secrets: [t] };
  },
  'slack-webhook-in-yaml': (g) => {
    const path = `T${g.pick(UPPER + DIGITS, 10)}/B${g.pick(UPPER + DIGITS, 10)}/${g.alnum(24)}`;
    return { path: 'alerting.yml', text: `receivers:\n  - name: ops\n    slack_configs:\n      - api_url: ${P.slackHook}${path}\n`, secrets: [path] };
  },
  'discord-bot-token-in-code': (g) => {
    const t = `M${g.alnum(25)}.${g.pick(URLSAFE, 6)}.${g.pick(URLSAFE, 38)}`;
    return { path: 'bot/index.js', text: `client.login('${t}');\n`, secrets: [t] };
  },
  'discord-webhook-in-env': (g) => {
    const tail = `${g.digits(18)}/${g.pick(URLSAFE, 68)}`;
    return { path: '.env', text: `NOTIFY_URL=${P.discordHook}${tail}\n`, secrets: [tail] };
  },
  'telegram-bot-token-in-code': (g) => {
    const t = `${g.digits(10)}:AA${g.pick(URLSAFE, 33)}`;
    return { path: 'notify.py', text: `bot = telebot.TeleBot("${t}")\n`, secrets: [t] };
  },
  'twilio-api-key-in-properties': (g) => {
    const t = P.twilioSk + g.hex(32);
    return { path: 'src/main/resources/sms.properties', text: `sms.provider=twilio\nsms.key.sid=${t}\n`, secrets: [t] };
  },
  'twilio-auth-token-in-env': (g) => {
    const t = g.hex(32);
    return { path: '.env', text: `TWILIO_ACCOUNT_SID=AC${g.hex(32)}\nTWILIO_AUTH_TOKEN=${t}\n`, secrets: [t] };
  },
  'mailgun-key-in-code': (g) => {
    const t = P.mailgun + g.hex(32);
    return { path: 'mail/send.js', text: `const mg = mailgun.client({ username: 'api', key: '${t}' });\n`, secrets: [t] };
  },
  'doppler-token-in-env': (g) => {
    const t = P.doppler + g.alnum(43);
    return { path: '.env', text: `DOPPLER=${t}\n`, secrets: [t] };
  },
  'linear-key-in-code': (g) => {
    const t = P.linear + g.alnum(40);
    return { path: 'tools/linear.ts', text: `const linear = new LinearClient({ apiKey: process.env.LINEAR ?? '${t}' });\n`, secrets: [t] };
  },
  'sendgrid-key-in-code': (g) => {
    const t = `${P.sendgrid}${g.pick(URLSAFE, 22)}.${g.pick(URLSAFE, 43)}`;
    return { path: 'mail.go', text: `package mail\n\nvar client = sendgrid.NewSendClient("${t}")\n`, secrets: [t] };
  },
  'npm-token-in-npmrc': (g) => {
    const t = P.npm + g.alnum(36);
    return { path: '.npmrc', text: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${t}\n`, secrets: [t] };
  },
  'npmrc-basic-auth': (g) => {
    const t = g.base64Of(`deploy:${g.password()}`);
    return { path: 'web/.npmrc', text: `always-auth=true\n_auth=${t}\n`, secrets: [t] };
  },
  'pypirc-password': (g) => {
    const pw = g.password();
    return { path: '.pypirc', text: `[distutils]\nindex-servers = internal\n\n[internal]\nrepository = https://pypi.internal.example/\nusername = ci\npassword = ${pw}\n`, secrets: [pw] };
  },
  'pypi-upload-token-in-pypirc': (g) => {
    const t = P.pypi + g.pick(URLSAFE, 70);
    return { path: 'ci/.pypirc', text: `[pypi]\nusername = __token__\npassword = ${t}\n`, secrets: [t] };
  },
  'docker-config-auth': (g) => {
    const t = g.base64Of(`robot:${g.alnum(24)}`);
    return { path: '.docker/config.json', text: `{\n  "auths": {\n    "registry.example.com": {\n      "auth": "${t}"\n    }\n  }\n}\n`, secrets: [t] };
  },
  'google-api-key-in-android-xml': (g) => {
    const t = P.aiza + g.pick(URLSAFE, 35);
    return { path: 'app/src/main/res/values/strings.xml', text: `<resources>\n  <string name="app_name">Maps</string>\n  <string name="maps_key">${t}</string>\n</resources>\n`, secrets: [t] };
  },
  'google-oauth-client-secret-in-json': (g) => {
    const t = P.gocspx + g.pick(URLSAFE, 28);
    return { path: 'client_secret.json', text: `{"installed":{"client_id":"${g.digits(12)}-abc.apps.googleusercontent.com","client_secret":"${t}"}}\n`, secrets: [t] };
  },
  'jwt-in-code': (g) => {
    const t = `${P.jwtHead}${g.pick(URLSAFE, 30)}.${P.jwtHead}${g.pick(URLSAFE, 80)}.${g.pick(URLSAFE, 43)}`;
    return { path: 'test/api.spec.ts', text: `const session = '${t}';\nfetch(url, { headers: { cookie: session } });\n`, secrets: [t] };
  },
  'rsa-private-key-file': (g) => {
    const pem = g.pem('RSA ');
    return { path: 'deploy/key.pem', text: `${pem}\n`, secrets: pem.split('\n').slice(1, -1) };
  },
  'openssh-private-key-in-yaml': (g) => {
    const pem = g.pem('OPENSSH ');
    return { path: 'ansible/vars.yml', text: `deploy_key: |\n${pem.split('\n').map((l) => `  ${l}`).join('\n')}\n`, secrets: pem.split('\n').slice(1, -1) };
  },
  'private-key-in-js-string': (g) => {
    const pem = g.pem('');
    const lines = pem.split('\n');
    return { path: 'src/sign.js', text: `const key =\n${lines.map((l) => `  "${l}\\n"`).join(' +\n')};\n`, secrets: lines.slice(1, -1) };
  },
  'postgres-url-in-env': (g) => {
    const pw = g.password();
    return { path: '.env', text: `DATABASE_URL=postgres://app:${pw}@db.internal:5432/app\n`, secrets: [pw] };
  },
  'mysql-url-in-yaml': (g) => {
    const pw = g.alnum(16);
    return { path: 'docker-compose.yml', text: `services:\n  web:\n    environment:\n      - DB=mysql://root:${pw}@mysql:3306/shop\n`, secrets: [pw] };
  },
  'mongodb-srv-url-in-code': (g) => {
    const pw = g.alnum(20);
    return { path: 'server/db.js', text: `mongoose.connect('mongodb+srv://admin:${pw}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true');\n`, secrets: [pw] };
  },
  'redis-url-password-only': (g) => {
    const pw = g.alnum(24);
    return { path: 'worker/cache.py', text: `cache = redis.from_url("redis://:${pw}@cache.internal:6379/0")\n`, secrets: [pw] };
  },
  'amqp-url-in-properties': (g) => {
    const pw = g.password();
    return { path: 'application.properties', text: `spring.rabbitmq.addresses=amqp://guest:${pw}@mq.internal:5672/\n`, secrets: [pw] };
  },
  'jdbc-password-parameter': (g) => {
    const pw = g.password();
    return { path: 'conf/db.properties', text: `jdbc.url=jdbc:postgresql://db:5432/app?user=app&password=${pw}&ssl=true\n`, secrets: [pw] };
  },
  'jdbc-sqlserver-in-xml': (g) => {
    const pw = g.password();
    return { path: 'WEB-INF/context.xml', text: `<Context>\n  <Resource name="jdbc/app" url="jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=${pw};" />\n</Context>\n`, secrets: [pw] };
  },
  'http-basic-auth-url-in-shell': (g) => {
    const pw = g.alnum(14);
    return { path: 'scripts/fetch.sh', text: `#!/bin/sh\ngit clone https://deploy:${pw}@git.example.com/team/app.git\n`, secrets: [pw] };
  },
  'ado-net-connection-string-in-appsettings': (g) => {
    const pw = g.password();
    return { path: 'appsettings.json', text: `{\n  "ConnectionStrings": {\n    "Main": "Server=tcp:sql.example.net,1433;Database=app;User Id=app;Password=${pw};Encrypt=True;"\n  }\n}\n`, secrets: [pw] };
  },
  'azure-storage-account-key-in-env': (g) => {
    const key = g.b64(86) + '==';
    return { path: '.env', text: `AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=prodassets;AccountKey=${key};EndpointSuffix=core.windows.net\n`, secrets: [key] };
  },
  'azure-service-bus-shared-access-key-in-json': (g) => {
    const key = g.b64(43) + '=';
    return { path: 'local.settings.json', text: `{ "Values": { "Bus": "Endpoint=sb://bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${key}" } }\n`, secrets: [key] };
  },
  'azure-sas-url-in-code': (g) => {
    const sig = encodeURIComponent(g.b64(43) + '=');
    return { path: 'upload.cs', text: `var uri = new Uri("https://acct.blob.core.windows.net/c/f.zip?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=${sig}");\n`, secrets: [sig] };
  },
  'azure-ad-client-secret-in-yaml': (g) => {
    const t = `${g.alnum(3)}8Q~${g.pick(ALNUM + '_~.-', 31)}`;
    return { path: 'infra/auth.yaml', text: `azure:\n  tenant: contoso.onmicrosoft.com\n  app_secret_value: ${t}\n`, secrets: [t] };
  },
  'password-in-yaml': (g) => {
    const pw = g.password();
    return { path: 'config/application.yml', text: `spring:\n  datasource:\n    username: app\n    password: ${pw}\n`, secrets: [pw] };
  },
  'password-in-xml-element': (g) => {
    const pw = g.password();
    return { path: 'settings.xml', text: `<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n      <username>deploy</username>\n      <password>${pw}</password>\n    </server>\n  </servers>\n</settings>\n`, secrets: [pw] };
  },
  'password-in-xml-attribute': (g) => {
    const pw = g.password();
    return { path: 'conf/server.xml', text: `<Server>\n  <Realm className="JDBCRealm" connectionName="tomcat" connectionPassword="${pw}" />\n</Server>\n`, secrets: [pw] };
  },
  'web-config-app-setting': (g) => {
    const t = g.alnum(32);
    return { path: 'Web.config', text: `<configuration>\n  <appSettings>\n    <add key="PaymentApiSecret" value="${t}" />\n  </appSettings>\n</configuration>\n`, secrets: [t] };
  },
  'password-in-properties': (g) => {
    const pw = g.password();
    return { path: 'src/main/resources/application.properties', text: `spring.datasource.url=jdbc:mysql://db/app\nspring.datasource.password=${pw}\n`, secrets: [pw] };
  },
  'lower-case-env-name': (g) => {
    const pw = g.password();
    return { path: 'api/.env', text: `db_host=db\ndb_password=${pw}\n`, secrets: [pw] };
  },
  'c-define-api-key': (g) => {
    const t = g.alnum(32);
    return { path: 'firmware/config.h', text: `#pragma once\n#define API_KEY "${t}"\n#define API_HOST "api.example.com"\n`, secrets: [t] };
  },
  'curl-user-password': (g) => {
    const pw = g.password();
    return { path: 'deploy.sh', text: `#!/bin/bash\ncurl -fsS -u admin:${pw} https://jenkins.example.com/job/build/build\n`, secrets: [pw] };
  },
  'curl-bearer-header': (g) => {
    const t = g.pick(URLSAFE, 40);
    return { path: 'scripts/status.sh', text: `curl -H "Authorization: Bearer ${t}" https://api.example.com/v1/status\n`, secrets: [t] };
  },
  'basic-auth-header-in-http-file': (g) => {
    const t = g.base64Of(`svc:${g.password()}`);
    return { path: 'requests/health.http', text: `GET https://api.example.com/health\nAuthorization: Basic ${t}\n`, secrets: [t] };
  },
  'api-key-header-in-code': (g) => {
    const t = g.alnum(32);
    return { path: 'client/weather.py', text: `resp = requests.get(URL, headers={"X-Api-Key": "${t}"})\n`, secrets: [t] };
  },
  'kubernetes-secret-data': (g) => {
    const a = g.base64Of(`${g.password()}`);
    const b = g.base64Of(`${g.alnum(24)}`);
    return { path: 'k8s/secret.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  db-pass: ${a}\n  signing: ${b}\n`, secrets: [a, b] };
  },
  'kubernetes-secret-string-data': (g) => {
    const a = g.password();
    return { path: 'k8s/secret-plain.yml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  upstream: "${a}"\n`, secrets: [a] };
  },
  'aws-key-split-across-strings': (g) => {
    const body = g.pick(UPPER + '234567', 16);
    return { path: 'src/Main.java', text: `String id = "${P.akia.slice(0, 2)}" + "${P.akia.slice(2)}${body.slice(0, 6)}" +\n    "${body.slice(6)}";\n`, secrets: [body.slice(0, 6), body.slice(6)] };
  },
  'github-token-python-implicit-concatenation': (g) => {
    const t = P.ghp + g.alnum(36);
    return { path: 'ci/gh.py', text: `TOKEN = ("${t.slice(0, 14)}"\n         "${t.slice(14)}")\n`, secrets: [t.slice(0, 14), t.slice(14)] };
  },
  'netrc-password': (g) => {
    const pw = g.password();
    return { path: 'home/.netrc', text: `machine api.example.com\n  login deploy\n  password ${pw}\n`, secrets: [pw] };
  },
  'toml-api-token': (g) => {
    const t = g.alnum(40);
    return { path: 'pyproject.toml', text: `[tool.release]\nrepository = "internal"\napi_token = "${t}"\n`, secrets: [t] };
  },
  'ini-database-password': (g) => {
    const pw = g.password();
    return { path: 'conf/app.ini', text: `[database]\nhost = db\nuser = app\npasswd = ${pw}\n`, secrets: [pw] };
  },
  'json-api-key-config': (g) => {
    const t = g.alnum(32);
    return { path: 'config/production.json', text: `{\n  "weather": { "apiKey": "${t}", "units": "metric" }\n}\n`, secrets: [t] };
  },
  'digitalocean-token-in-tfvars': (g) => {
    const t = P.dop + g.hex(64);
    return { path: 'infra/prod.tfvars', text: `region = "ams3"\ndo_pat = "${t}"\n`, secrets: [t] };
  },
  'shopify-token-in-env': (g) => {
    const t = P.shpat + g.hex(32);
    return { path: '.env', text: `SHOP=demo.myshopify.com\nSHOP_ADMIN=${t}\n`, secrets: [t] };
  },
  'vault-token-in-shell': (g) => {
    const t = P.hvs + g.pick(URLSAFE, 90);
    return { path: 'scripts/vault.sh', text: `export VAULT_ADDR=https://vault.internal:8200\nexport VAULT_TOKEN=${t}\n`, secrets: [t] };
  },
  'databricks-token-in-yaml': (g) => {
    const t = P.dapi + g.hex(32);
    return { path: 'jobs/etl.yml', text: `workspace:\n  host: https://adb-1.azuredatabricks.net\n  pat: ${t}\n`, secrets: [t] };
  },
  'postman-key-in-json': (g) => {
    const t = `${P.pmak}${g.hex(24)}-${g.hex(34)}`;
    return { path: 'postman/env.json', text: `{"values":[{"key":"pm","value":"${t}"}]}\n`, secrets: [t] };
  },
  'grafana-service-token-in-ini': (g) => {
    const t = `${P.glsa}${g.alnum(32)}_${g.hex(8)}`;
    return { path: 'grafana/provisioning.ini', text: `[dashboards]\nurl = https://grafana.internal\nsa = ${t}\n`, secrets: [t] };
  },
  'age-secret-key-in-text': (g) => {
    const t = P.age + g.pick('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58);
    return { path: 'keys/age.txt', text: `# created: 2024-05-01T10:00:00Z\n# public key: age1${g.pick('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}\n${t}\n`, secrets: [t] };
  },
  'password-option-on-command-line': (g) => {
    const pw = g.password();
    return { path: 'backup.sh', text: `mysqldump --user=backup --password=${pw} --all-databases > all.sql\n`, secrets: [pw] };
  },
  'secret-literal-in-go-code': (g) => {
    const t = g.alnum(40);
    return { path: 'internal/auth/jwt.go', text: `package auth\n\nvar signingSecret = []byte("${t}")\n`, secrets: [t] };
  },
};

/** The whole corpus for a seed: one case per format. */
export function fakeSecretCorpus(seed = 20_240_501): FakeSecretCase[] {
  const g = new Gen(randomSource(seed));
  return Object.entries(BUILDERS).map(([format, build]) => ({ format, ...build(g) }));
}

/**
 * True when some piece of the secret survived: the whole of it, or any 12 characters in a row (a scanner
 * that hides half a key has leaked the other half).
 */
export function leaked(output: string, secret: string): boolean {
  const window = Math.min(12, secret.length);
  for (let i = 0; i + window <= secret.length; i++) if (output.includes(secret.slice(i, i + window))) return true;
  return false;
}
