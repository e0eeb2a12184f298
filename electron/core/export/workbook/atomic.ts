// A file that is either the previous one untouched or the complete new one, never a partial one:
// written to a temporary file beside it (private to the user), flushed to disk, then renamed
// over it. Staging and renaming are separate steps so that the export can record its audit
// entry in between (docs/audit.md, "Exports").
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temporary files are named `.<name>.slicewise-<pid>-<hex>.tmp`: recognisable, so an interrupted one can be removed. */
const TEMP_NAME = /^\..+\.slicewise-(\d+)-[0-9a-f]+\.tmp$/;

export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.slicewise-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** The process that made a temporary file of ours, or undefined when the name is not one of ours. */
export function tempFileOwner(file: string): number | undefined {
  const m = TEMP_NAME.exec(path.basename(file));
  return m ? Number(m[1]) : undefined;
}

function closed(stream: fs.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) resolve();
    else stream.once('close', () => resolve());
  });
}

function fsync(target: string, flags: string): void {
  const fd = fs.openSync(target, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  // Makes the rename durable on POSIX; directories cannot be opened this way on Windows.
  try {
    fsync(dir, 'r');
  } catch {
    /* best effort */
  }
}

export interface AtomicOptions {
  /** Told the temporary file's path before it is created; returns what to call once it is gone (renamed or removed). */
  track?: (tmp: string) => () => void;
}

/** A complete file waiting beside its destination: `commit()` renames it into place, `discard()` removes it. */
export interface StagedFile {
  file: string;
  tmp: string;
  bytes: number;
  commit(): { file: string; bytes: number };
  discard(): void;
}

/**
 * Streams a complete file beside `outPath`: `write` fills a temporary file in the same directory
 * (created exclusively, mode 0600) and resolves when it has ended the stream; the file is then
 * flushed. Nothing is created at `outPath`; on any error the temporary file is removed and the
 * error rethrown.
 */
export async function stageFile(outPath: string, write: (out: fs.WriteStream) => Promise<void>, opts: AtomicOptions = {}): Promise<StagedFile> {
  const file = path.resolve(outPath);
  const tmp = tempPathFor(file);
  const untrack = opts.track?.(tmp) ?? (() => undefined);
  const errors: unknown[] = []; // of the file stream, at any time
  let opened = false;
  const out = fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }); // 'wx': never reuse an existing file
  out.on('error', (error) => errors.push(error));
  const discard = () => {
    fs.rmSync(tmp, { force: true });
    untrack();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
    opened = true;
    await write(out);
    await closed(out);
    if (errors.length > 0) throw errors[0];
    fsync(tmp, 'r+');
  } catch (err) {
    out.destroy();
    await closed(out);
    if (opened) discard();
    else untrack();
    throw err;
  }
  return {
    file,
    tmp,
    bytes: fs.statSync(tmp).size,
    commit() {
      try {
        fs.renameSync(tmp, file);
      } catch (err) {
        discard();
        throw err;
      }
      untrack();
      fsyncDir(path.dirname(file));
      return { file, bytes: fs.statSync(file).size };
    },
    discard,
  };
}

/** Stages the file, then renames it over `outPath` at once. */
export async function writeAtomically(
  outPath: string,
  write: (out: fs.WriteStream) => Promise<void>,
  opts: AtomicOptions = {},
): Promise<{ file: string; bytes: number }> {
  return (await stageFile(outPath, write, opts)).commit();
}
