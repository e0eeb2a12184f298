// Streaming SHA-256 of a file: computed first, before anything is parsed or written. The read
// stops as soon as `signal` fires (a multi-gigabyte file can be cancelled while it is hashed).
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const stream = fs.createReadStream(path, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) });
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } finally {
    stream.destroy();
  }
  return hash.digest('hex');
}
