import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findEncoder, type EncoderEntry } from '../../src/engine/encoder/matching';
import {
  declaredExternalData,
  downloadEncoderModel,
  externalDataPath,
  isEncoderPresent,
  loadNeuralEncoder,
  ModelDownloadError,
  onnxExternalDataFiles,
  UnsupportedArchitectureError,
} from '../../src/engine/encoder/neural';
import { repoRoot } from './helpers/assets';
import { HubManifest } from '../../src/engine/encoder/neural/hubManifest';
import { FakeHub, REPO } from './helpers/fakeHub';
import { externalizeOnnx } from './helpers/onnxExternalize';

const tinyDir = path.join(repoRoot(), 'models/tiny-qwen2');
function entry(files: readonly string[] = ['config.json', 'generation_config.json', 'onnx/model.onnx']): EncoderEntry {
  const real = findEncoder('qwen2.5-coder-0.5b-instruct');
  assert.ok(real && real.source.kind === 'huggingface');
  return { ...real, source: { ...real.source, dtype: 'fp32', files, approxBytes: undefined } };
}

function listFiles(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort() : [];
}

describe('ONNX external data references', () => {
  it('reads the locations an ONNX file names, and none for a self-contained one', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-onnx-ext-'));
    try {
      assert.deepEqual(onnxExternalDataFiles(path.join(tinyDir, 'onnx/model.onnx')), []);
      const { model } = externalizeOnnx(fs.readFileSync(path.join(tinyDir, 'onnx/model.onnx')), 'model.onnx_data');
      fs.writeFileSync(path.join(tmp, 'model.onnx'), model);
      assert.deepEqual(onnxExternalDataFiles(path.join(tmp, 'model.onnx')), ['model.onnx_data']);
      fs.writeFileSync(path.join(tmp, 'broken.onnx'), model.subarray(0, 200));
      assert.throws(() => onnxExternalDataFiles(path.join(tmp, 'broken.onnx')), /runs past|truncated/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('keeps locations inside the model folder', () => {
    assert.equal(externalDataPath('onnx/model.onnx', 'model.onnx_data'), 'onnx/model.onnx_data');
    assert.equal(externalDataPath('onnx/model.onnx', 'weights/part1.bin'), 'onnx/weights/part1.bin');
    assert.equal(externalDataPath('onnx/model.onnx', '../../secret'), undefined);
    assert.equal(externalDataPath('onnx/model.onnx', '/etc/passwd'), undefined);
    assert.equal(externalDataPath('onnx/model.onnx', 'C:\\x.bin'), undefined);
  });

  it('reads what config.json declares, as transformers.js does', () => {
    const config = (setting: unknown, device?: unknown): never => ({ 'transformers.js_config': { use_external_data_format: setting, ...(device ? { device_config: device } : {}) } }) as never;
    assert.deepEqual(declaredExternalData({}, 'onnx/model.onnx'), []);
    assert.deepEqual(declaredExternalData(config(true), 'onnx/model_fp16.onnx'), ['onnx/model_fp16.onnx_data']);
    assert.deepEqual(declaredExternalData(config(2), 'onnx/model.onnx'), ['onnx/model.onnx_data', 'onnx/model.onnx_data_1']);
    assert.deepEqual(declaredExternalData(config({ 'model.onnx': true }), 'onnx/model_quantized.onnx'), []);
    assert.deepEqual(declaredExternalData(config({ model: 1 }), 'onnx/model_quantized.onnx'), ['onnx/model_quantized.onnx_data']);
    assert.deepEqual(declaredExternalData(config(false, { webgpu: { use_external_data_format: true } }), 'onnx/model.onnx', 'webgpu'), ['onnx/model.onnx_data']);
    assert.deepEqual(declaredExternalData(config(false, { webgpu: { use_external_data_format: true } }), 'onnx/model.onnx', 'cpu'), []);
  });
});

describe('first-use download from a loopback Hub (no network)', () => {
  const hub = new FakeHub();
  let endpoint: string;
  let cacheDir: string;
  const modelDir = (): string => path.join(cacheDir, ...REPO.split('/'));
  const tinyModel = fs.readFileSync(path.join(tinyDir, 'onnx/model.onnx'));
  const external = externalizeOnnx(tinyModel, 'model.onnx_data');

  before(async () => {
    endpoint = await hub.start();
  });
  after(() => hub.stop());
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
  beforeEach(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-hub-'));
    hub.files.clear();
    hub.requests.length = 0;
    hub.cutOnce.clear();
    hub.ignoreRange = false;
    hub.listingPageSize = 0;
    hub.corrupt.clear();
    hub.files.set('config.json', fs.readFileSync(path.join(tinyDir, 'config.json')));
    hub.files.set('generation_config.json', fs.readFileSync(path.join(tinyDir, 'generation_config.json')));
    hub.files.set('onnx/model.onnx', external.model);
    hub.files.set('onnx/model.onnx_data', external.data);
  });

  it('reads config.json first, fetches the external data the .onnx names, and the model loads and scores as the single-file one', async () => {
    const progress: string[] = [];
    const dir = await downloadEncoderModel(entry(), { cacheDir, endpoint, onProgress: (p) => progress.push(`${p.file} ${p.fileIndex + 1}/${p.files}`) });
    assert.equal(dir, modelDir());
    const order = hub.requests.filter((r) => r.path.includes('/resolve/')).map((r) => r.path.split('/resolve/main/')[1]);
    assert.deepEqual(order, ['config.json', 'generation_config.json', 'onnx/model.onnx', 'onnx/model.onnx_data']);
    assert.deepEqual(listFiles(dir), ['config.json', 'generation_config.json', 'onnx/model.onnx', 'onnx/model.onnx_data']);
    assert.ok(fs.readFileSync(path.join(dir, 'onnx/model.onnx_data')).equals(external.data));
    assert.equal(progress.at(-1), 'onnx/model.onnx_data 4/4');
    assert.equal(isEncoderPresent(entry(), cacheDir), true);

    const ids = [1, 2, 3, 40, 500, 6000, 70000];
    const downloaded = await loadNeuralEncoder({ modelDir: dir, cacheDir, device: 'cpu' });
    const original = await loadNeuralEncoder({ modelDir: tinyDir, cacheDir, device: 'cpu' });
    try {
      const [a] = await downloaded.score([ids]);
      const [b] = await original.score([ids]);
      assert.deepEqual([...a!.surprisal], [...b!.surprisal]);
    } finally {
      downloaded.dispose();
      original.dispose();
    }

    // Everything present: a second call fetches nothing.
    hub.requests.length = 0;
    await downloadEncoderModel(entry(), { cacheDir, endpoint });
    assert.deepEqual(hub.requests, []);
  });

  it('fetches what config.json declares too, each file once', async () => {
    const config = JSON.parse(fs.readFileSync(path.join(tinyDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    hub.files.set('config.json', Buffer.from(JSON.stringify({ ...config, 'transformers.js_config': { use_external_data_format: { 'model.onnx': 2 } } })));
    hub.files.set('onnx/model.onnx_data_1', Buffer.from('second chunk'));
    await downloadEncoderModel(entry(), { cacheDir, endpoint });
    assert.deepEqual(listFiles(modelDir()).filter((f) => f.startsWith('onnx/')), ['onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model.onnx_data_1']);
    assert.equal(hub.requested('onnx/model.onnx_data').filter((r) => r.path.includes('/resolve/')).length, 1);
  });

  it('downloads the dtype asked for (fp16 for a GPU) instead of the registry’s', async () => {
    hub.files.set('onnx/model_fp16.onnx', tinyModel);
    await downloadEncoderModel(entry(['config.json', 'onnx/model_quantized.onnx']), { cacheDir, endpoint, dtype: 'fp16' });
    assert.deepEqual(listFiles(modelDir()), ['config.json', 'onnx/model_fp16.onnx']);
    assert.equal(isEncoderPresent(entry(['config.json', 'onnx/model_quantized.onnx']), cacheDir), true);
  });

  it('refuses a model that is not a causal LM before fetching any weights', async () => {
    hub.files.set('config.json', Buffer.from(JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], vocab_size: 30522 })));
    await assert.rejects(downloadEncoderModel(entry(), { cacheDir, endpoint }), (err: Error) => err instanceof UnsupportedArchitectureError && /BertModel/.test(err.message));
    assert.deepEqual(hub.requested('onnx/model.onnx'), []);
    assert.equal(isEncoderPresent(entry(), cacheDir), false);
  });

  it('says which file is missing on a 404, and nothing looks present', async () => {
    hub.files.delete('generation_config.json');
    await assert.rejects(
      downloadEncoderModel(entry(), { cacheDir, endpoint }),
      (err: Error) => err instanceof ModelDownloadError && /generation_config\.json: HTTP 404/.test(err.message) && /no such file/.test(err.message),
    );
    assert.equal(isEncoderPresent(entry(), cacheDir), false);
  });

  it('keeps the .onnx out of place until its external data is in, and does not fetch it again on retry', async () => {
    hub.files.delete('onnx/model.onnx_data');
    await assert.rejects(downloadEncoderModel(entry(), { cacheDir, endpoint }), /model\.onnx_data: HTTP 404/);
    assert.equal(isEncoderPresent(entry(), cacheDir), false);
    assert.ok(!fs.existsSync(path.join(modelDir(), 'onnx/model.onnx')));
    hub.files.set('onnx/model.onnx_data', external.data);
    hub.requests.length = 0;
    await downloadEncoderModel(entry(), { cacheDir, endpoint });
    assert.deepEqual(hub.requested('onnx/model.onnx'), []);
    assert.equal(isEncoderPresent(entry(), cacheDir), true);
    assert.deepEqual(listFiles(modelDir()), ['config.json', 'generation_config.json', 'onnx/model.onnx', 'onnx/model.onnx_data']);
  });

  it('resumes a transfer that broke off with a Range request, and restarts when the server ignores Range', async () => {
    hub.cutOnce.add('onnx/model.onnx_data');
    await assert.rejects(downloadEncoderModel(entry(), { cacheDir, endpoint }), (err: Error) => err instanceof ModelDownloadError && /trying again resumes it/.test(err.message));
    assert.equal(isEncoderPresent(entry(), cacheDir), false);
    const part = path.join(modelDir(), 'onnx/model.onnx_data.part');
    const kept = fs.statSync(part).size;
    assert.ok(kept > 0 && kept < external.data.length);
    hub.requests.length = 0;
    await downloadEncoderModel(entry(), { cacheDir, endpoint });
    const resumed = hub.requested('onnx/model.onnx_data').find((r) => r.path.startsWith('/content/'));
    assert.equal(resumed?.range, `bytes=${kept}-`);
    assert.ok(fs.readFileSync(path.join(modelDir(), 'onnx/model.onnx_data')).equals(external.data));

    fs.rmSync(cacheDir, { recursive: true, force: true });
    hub.cutOnce.add('onnx/model.onnx_data');
    await assert.rejects(downloadEncoderModel(entry(), { cacheDir, endpoint }));
    hub.ignoreRange = true;
    await downloadEncoderModel(entry(), { cacheDir, endpoint });
    assert.ok(fs.readFileSync(path.join(modelDir(), 'onnx/model.onnx_data')).equals(external.data));
    assert.ok(!fs.existsSync(part));
  });

  it("checks every fetched file against the Hub's listing (SHA-256 of weights, git blob id of the rest), read page by page", async () => {
    hub.listingPageSize = 1;
    const lines: string[] = [];
    await downloadEncoderModel(entry(), { cacheDir, endpoint, log: (l) => lines.push(l) });
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /4 file\(s\) matched the SHA-256 or git id the Hub lists \(config\.json, generation_config\.json, onnx\/model\.onnx, onnx\/model\.onnx_data\)/);
    assert.doesNotMatch(lines[0]!, /length only/);
    // One listing per folder, every page of it: the root's two files and the onnx folder's two.
    const listings = hub.requests.filter((r) => r.path.startsWith('/api/'));
    assert.equal(listings.filter((r) => r.path.includes('/tree/main/onnx')).length, 2);
    assert.equal(listings.length, 4);
  });

  it("removes a file that differs from the Hub's listing and says so; trying again fetches it whole", async () => {
    hub.listingPageSize = 10;
    hub.corrupt.add('onnx/model.onnx_data');
    await assert.rejects(downloadEncoderModel(entry(), { cacheDir, endpoint }), (err: Error) => {
      assert.ok(err instanceof ModelDownloadError);
      assert.match(err.message, /does not match the Hub's listing: its SHA-256 is [0-9a-f]{64} where the Hub lists [0-9a-f]{64}; it was removed/);
      return true;
    });
    assert.equal(isEncoderPresent(entry(), cacheDir), false);
    assert.equal(fs.existsSync(path.join(modelDir(), 'onnx/model.onnx_data.part')), false);
    // A small file kept in git is checked by its blob id.
    hub.corrupt.clear();
    hub.corrupt.add('generation_config.json');
    fs.rmSync(path.join(modelDir(), 'generation_config.json'));
    await assert.rejects(downloadEncoderModel(entry(), { cacheDir, endpoint }), /its git blob id is [0-9a-f]{40} where the Hub lists/);
    hub.corrupt.clear();
    await downloadEncoderModel(entry(), { cacheDir, endpoint });
    assert.equal(isEncoderPresent(entry(), cacheDir), true);
    assert.ok(fs.readFileSync(path.join(modelDir(), 'onnx/model.onnx_data')).equals(external.data));
  });

  it('checks by length alone where the listing cannot be read (a mirror without the API), and says why', async () => {
    const lines: string[] = [];
    await downloadEncoderModel(entry(), { cacheDir, endpoint, log: (l) => lines.push(l) });
    assert.equal(isEncoderPresent(entry(), cacheDir), true);
    assert.match(lines[0] ?? '', /checked by length only: config\.json \(the Hub's file listing answered HTTP 404\)/);
  });

  it('reads no listing past its size cap, nor a listing that is not a list', async () => {
    const answer = (body: string) => () => Promise.resolve(new Response(body, { headers: { 'content-type': 'application/json' } }));
    const huge = new HubManifest(endpoint, REPO, 'main', answer(`[${' '.repeat(5 << 20)}]`));
    assert.match(String(await huge.facts('config.json')), /could not be read \(the reply exceeds the \d+-byte limit\)/);
    const odd = new HubManifest(endpoint, REPO, 'main', answer('{"error":"not here"}'));
    assert.equal(await odd.facts('config.json'), "the Hub's file listing is not a list");
  });

  it('refuses external data named outside the model folder', async () => {
    hub.files.set('onnx/model.onnx', externalizeOnnx(tinyModel, '../../escape.bin').model);
    await assert.rejects(downloadEncoderModel(entry(), { cacheDir, endpoint }), /outside the model's folder \(\.\.\/\.\.\/escape\.bin\)/);
    assert.equal(hub.requests.some((r) => r.path.includes('escape')), false);
    assert.equal(isEncoderPresent(entry(), cacheDir), false);
  });
});
