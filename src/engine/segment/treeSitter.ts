import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { LanguageSpec } from './languages';

/**
 * Owns the web-tree-sitter runtime and one parser per language, loaded on first use: initialising the
 * runtime and a grammar costs tens of milliseconds, so neither happens before it is needed.
 */
export class TreeSitterRuntime {
  private init: Promise<void> | undefined;
  private readonly parsers = new Map<string, Promise<Parser>>();

  constructor(private readonly wasmDir: string) {}

  parserFor(spec: LanguageSpec): Promise<Parser> {
    let parser = this.parsers.get(spec.id);
    if (!parser) {
      parser = this.createParser(spec);
      this.parsers.set(spec.id, parser);
      parser.catch(() => this.parsers.delete(spec.id));
    }
    return parser;
  }

  /**
   * Starts loading the grammars of several languages at once. Compiling a grammar's WebAssembly happens off the
   * main thread, so loading them side by side (and while other files are parsed) hides most of that wait,
   * where loading each on first use would queue them one after another. A grammar that fails to load is dropped
   * from the cache (its rejection handled there), so the error is reported when segmenting asks for it again.
   */
  prefetch(specs: Iterable<LanguageSpec>): void {
    for (const spec of specs) void this.parserFor(spec);
  }

  private async createParser(spec: LanguageSpec): Promise<Parser> {
    this.init ??= Parser.init({ locateFile: (file: string) => path.join(this.wasmDir, file) }).catch((err: unknown) => {
      this.init = undefined;
      throw err;
    });
    await this.init;
    const language = await Language.load(path.join(this.wasmDir, spec.wasm));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  }
}
