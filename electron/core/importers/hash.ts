// Streaming SHA-256 of a file: computed first, before anything is parsed or written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const stream = fs.createReadStream(path, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
