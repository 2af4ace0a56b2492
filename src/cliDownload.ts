// `code-compress --download-encoder <id>`: fetches a neural encoder from the Hugging Face Hub (or a mirror) into
// the CLI's model cache, with progress on stderr, so that `--encoder <id>` (and `auto`) can use it. The only
// network access the CLI makes without --ask or --scorer-endpoint, and only when asked for.
import { downloadDtype, downloadEncoderModel, findEncoder, onnxRuntimeUnsupported, plannedDevice, type DeviceChoice } from './engine';

export interface DownloadCommand {
  readonly encoder: string;
  readonly device: DeviceChoice;
  /** The Hub or a mirror: --hub-endpoint, else $HF_ENDPOINT, else https://huggingface.co. */
  readonly endpoint: string;
}

export interface DownloadPlaces {
  readonly cacheDir: string;
  /** onnxruntime's native binding, to tell which device the weights are for (fp16 for a GPU, q8 for the CPU). */
  readonly onnxRuntimeBinding: string;
}

/** Where messages go: the run's stderr. */
export type WriteErr = (text: string) => void;

const MB = 1024 * 1024;

/** Runs the download; returns the exit status (0 done, 1 failed). Messages go to stderr. */
export async function runDownload(command: DownloadCommand, places: DownloadPlaces, signal: AbortSignal, err: WriteErr = (text) => void process.stderr.write(text)): Promise<number> {
  const entry = findEncoder(command.encoder);
  if (!entry || entry.source.kind !== 'huggingface') {
    err(`code-compress: ${command.encoder} is not a downloadable encoder (the built-in one ships; local and test models are read from their folder).\n`);
    return 1;
  }
  const unsupported = onnxRuntimeUnsupported();
  if (unsupported) {
    err(`code-compress: ${unsupported}.\n`);
    return 1;
  }
  const device = plannedDevice(command.device, places.onnxRuntimeBinding);
  const dtype = downloadDtype(device, entry.source.dtype);
  err(`Downloading ${entry.name} (${dtype} weights, for ${device}) from ${command.endpoint} into ${places.cacheDir}\n`);
  // A line per file and per 5% of it (per 64 MB when the size is unknown): readable in a log, not a flood.
  let last = '';
  const step = (loaded: number, total: number | undefined): string => (total ? `${Math.floor((20 * loaded) / total) * 5}%` : `${Math.floor(loaded / (64 * MB)) * 64} MB`);
  const dir = await downloadEncoderModel(entry, {
    cacheDir: places.cacheDir,
    device,
    dtype,
    endpoint: command.endpoint,
    signal,
    log: (line) => err(`${line}\n`),
    onProgress: (p) => {
      const line = `  ${p.file} (${p.fileIndex + 1}/${p.files}) ${step(p.loaded, p.total)}`;
      if (line !== last) err(`${line}\n`);
      last = line;
    },
  });
  err(`Done: ${dir}. Compress with --encoder ${entry.id} (or --encoder auto, which prefers it for a matching decoder).\n`);
  return 0;
}
