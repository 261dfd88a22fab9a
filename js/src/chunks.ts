// Bodies read in chunks under a size cap (HTTP answers, credential files)
// become one text here.

/** The UTF-8 text of `chunks`, `length` bytes in all. */
export function chunksText(chunks: readonly Uint8Array[], length: number): string {
  let bytes = chunks[0] ?? new Uint8Array(0);
  if (chunks.length > 1) {
    bytes = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
  }
  return new TextDecoder().decode(bytes);
}
