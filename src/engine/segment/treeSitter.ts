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
