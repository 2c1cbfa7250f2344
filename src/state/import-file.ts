/**
 * Reading a file the user imports: a run export (`*.run.json`) to view, or a checkpoint (`*.checkpoint.json`)
 * to continue training. The size is checked before reading, the JSON and the schema after, and every problem
 * becomes one plain sentence (the Error's message) that says what is wrong with the file.
 *
 * The model's file code (schemas, tensor decoding) imports tfjs, which the main thread does not load at start:
 * it is imported here on first use only.
 */
import type { LoadedCheckpoint, RunExport } from '../model/run-export';

/** What an imported file turned out to be. */
export type ImportedFile =
  | { kind: 'run'; fileName: string; run: RunExport }
  | { kind: 'checkpoint'; fileName: string; checkpoint: LoadedCheckpoint };

/** The part of a File this needs (a Blob with a name). */
export interface NamedBlob {
  name: string;
  size: number;
  text(): Promise<string>;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
}

/** Reads, checks and parses an imported file; throws an Error whose message is meant for the user. */
export async function readImportFile(file: NamedBlob): Promise<ImportedFile> {
  const model = await import('../model/run-export');
  const name = file.name || 'the file';
  if (file.size > model.MAX_IMPORT_BYTES)
    throw new Error(
      `${name} is ${mib(file.size)}; files larger than ${mib(model.MAX_IMPORT_BYTES)} are not imported.`,
    );
  if (file.size === 0) throw new Error(`${name} is empty.`);
  const text = await file.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `${name} is not a JSON file (${e instanceof Error ? e.message : String(e)}). Import a .run.json or .checkpoint.json file saved by this page.`,
      { cause: e },
    );
  }
  const format =
    data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as { format?: unknown }).format
      : undefined;
  try {
    if (format === model.RUN_FORMAT) return { kind: 'run', fileName: name, run: model.parseRunExport(data) };
    if (format === model.CHECKPOINT_FORMAT)
      return { kind: 'checkpoint', fileName: name, checkpoint: model.parseCheckpoint(data) };
  } catch (e) {
    throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const said = format === undefined ? 'has no "format" field' : `has format ${JSON.stringify(format)}`;
  throw new Error(
    `${name} ${said}; this page imports "${model.RUN_FORMAT}" and "${model.CHECKPOINT_FORMAT}" files.`,
  );
}
