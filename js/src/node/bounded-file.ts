// Reading the small files credentials come from (shared config and
// credentials files, token files) with a size cap, and never from anything
// but a regular file: a FIFO would block the read forever, a device or
// /proc file could stream without end. O_NONBLOCK makes opening a FIFO
// return at once (it is then refused); on a regular file it changes nothing.

import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { RdsIamError } from "../errors.js";

/** Shared config and credentials files: far above any real one (a few KB). */
export const MAX_SHARED_FILE_BYTES = 4 * 1024 * 1024;
/** Token files (web identity JWTs, container authorization tokens): a few KB. */
export const MAX_TOKEN_FILE_BYTES = 1024 * 1024;

const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function notRegular(what: string, path: string): RdsIamError {
  return new RdsIamError("CREDENTIALS_UNAVAILABLE", `${what} ${path} is not a regular file (a FIFO, device or directory is not read)`);
}

function tooLarge(what: string, path: string, max: number): RdsIamError {
  return new RdsIamError("CREDENTIALS_UNAVAILABLE", `${what} ${path} is larger than ${max} bytes`);
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const CHUNK = 64 * 1024;

function joined(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * A regular file's text, at most `max` bytes. OS errors (ENOENT, EACCES)
 * are thrown as they come, for the caller to word; a non-regular or too
 * large file is CREDENTIALS_UNAVAILABLE naming `what` and the path.
 */
export async function readBoundedFile(path: string, what: string, max: number): Promise<string> {
  const handle = await open(path, FLAGS);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular(what, path);
    if (info.size > max) throw tooLarge(what, path, max);
    // Read to the end (the file may have grown since the stat), never past max + 1 bytes.
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(CHUNK, max + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > max) throw tooLarge(what, path, max);
    }
    return decode(joined(chunks, length));
  } finally {
    await handle.close().catch(() => {});
  }
}

/** readBoundedFile, synchronously (for region resolution, which is sync). */
export function readBoundedFileSync(path: string, what: string, max: number): string {
  const fd = openSync(path, FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw notRegular(what, path);
    if (info.size > max) throw tooLarge(what, path, max);
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(CHUNK, max + 1 - length));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      length += read;
      if (length > max) throw tooLarge(what, path, max);
    }
    return decode(joined(chunks, length));
  } finally {
    closeSync(fd);
  }
}
