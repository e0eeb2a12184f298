// A file that is either the previous one untouched or the complete new one, never a partial one:
// written to a temporary file beside it, flushed to disk, then renamed over it.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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

/**
 * Streams `outPath` atomically: `write` fills a temporary file in the same directory (created
 * exclusively) and resolves when it has ended the stream; the file is then flushed and renamed
 * over `outPath`. Nothing is created at `outPath` before the file is complete; on any error the
 * temporary file is removed and the error rethrown.
 */
export async function writeAtomically(outPath: string, write: (out: fs.WriteStream) => Promise<void>): Promise<{ file: string; bytes: number }> {
  const file = path.resolve(outPath);
  const tmp = tempPathFor(file);
  const errors: unknown[] = []; // of the file stream, at any time
  let opened = false;
  const out = fs.createWriteStream(tmp, { flags: 'wx' }); // 'wx': never reuse an existing file
  out.on('error', (error) => errors.push(error));
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
    fs.renameSync(tmp, file);
    fsyncDir(path.dirname(file));
    return { file, bytes: fs.statSync(file).size };
  } catch (err) {
    out.destroy();
    await closed(out);
    if (opened) fs.rmSync(tmp, { force: true });
    throw err;
  }
}
