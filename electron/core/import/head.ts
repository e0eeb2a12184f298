// The start of a file as text: enough to tell JSON from CSV, detect a format or a CSV layout.
import fsp from 'node:fs/promises';

/** First `bytes` of a file as text (UTF-8, BOM stripped). */
export async function readHead(path: string, bytes = 65536): Promise<{ text: string; complete: boolean }> {
  const fh = await fsp.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    const st = await fh.stat();
    let text = buf.subarray(0, bytesRead).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, complete: bytesRead >= st.size };
  } finally {
    await fh.close();
  }
}
