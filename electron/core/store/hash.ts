// SHA-256 in hex, the one hashing helper: of a text (a migration, an audit entry) or of a file,
// streamed (an imported file's identity). The file's read stops as soon as `signal` fires (a
// multi-gigabyte file can be cancelled while it is hashed).
import { createHash } from 'node:crypto';
import fs from 'node:fs';

const sha256 = () => createHash('sha256');

export function sha256Hex(text: string | Buffer): string {
  return sha256().update(text).digest('hex');
}

export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = sha256();
  const stream = fs.createReadStream(path, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) });
  try {
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } finally {
    stream.destroy();
  }
  return hash.digest('hex');
}
