#!/usr/bin/env node
import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { NAMESPACE_PATTERN, NAMESPACE_RULE } from '../common/namespace';
import { AppConfigOptions } from '../config/app-config.module';
import { withLayers } from './cli-context';
import { clearCache } from './clear-cache';
import { exportEntries, importEntries } from './entry-transfer';
import { warmEntries } from './warm-entries';

const USAGE = `usage: llm-cache <command> (reads the server's environment: REDIS_URL, EMBED_PROVIDER...)
  stats                                    live entries per layer
  clear [--layer all|prompt|semantic|embeddings] [--namespace NAME]
  warm <file.jsonl>                        store {"question","answer","namespace?","model?"} lines in both layers
  export [--out FILE] [--namespace NAME]   every entry of both layers as JSON lines (stdout by default)
  import [FILE]                            store what export wrote (stdin by default)`;

function namespaceOption(argv: string[]): { namespace?: string; out?: string; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { namespace: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.namespace !== undefined && !NAMESPACE_PATTERN.test(values.namespace))
    throw new Error(`--namespace must be ${NAMESPACE_RULE}`);
  return { ...values, positionals };
}

/** Runs one command; resolves what it reports (printed as JSON on stdout, or on stderr after an export to stdout). */
export async function llmCache(argv: string[], options: AppConfigOptions = {}): Promise<unknown> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'stats':
      return withLayers(options, async (layers) => ({ entries: await layers.entryCounts() }));
    case 'clear':
      return clearCache(rest, options);
    case 'warm': {
      const [file] = namespaceOption(rest).positionals;
      if (file === undefined) throw new Error(`warm needs a file\n${USAGE}`);
      return withLayers(options, async (layers) => ({ warmed: await warmEntries(layers, file) }));
    }
    case 'export': {
      const { namespace, out } = namespaceOption(rest);
      const target = out === undefined ? process.stdout : createWriteStream(out);
      return withLayers(options, async (layers) => {
        const exported = await exportEntries(layers, target, namespace);
        if (target !== process.stdout) await finished(target.end());
        return { exported };
      });
    }
    case 'import': {
      const [file] = namespaceOption(rest).positionals;
      const source = file === undefined ? process.stdin : createReadStream(file);
      return withLayers(options, async (layers) => ({ imported: await importEntries(layers, source) }));
    }
    default:
      throw new Error(command === undefined ? USAGE : `unknown command ${command}\n${USAGE}`);
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const exportsToStdout = argv[0] === 'export' && !argv.includes('--out');
  llmCache(argv)
    .then((result) => (exportsToStdout ? console.error : console.log)(JSON.stringify(result)))
    .catch((error: Error) => {
      console.error(`llm-cache failed: ${error.message}`);
      process.exitCode = 1;
    });
}
