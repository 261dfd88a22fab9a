// Reading the small files credentials come from (shared config and
// credentials files, token files) with a size cap, and never from anything
// but a regular file: a FIFO would block the read forever, a device or
// /proc file could stream without end. O_NONBLOCK makes opening a FIFO
// return at once (it is then refused); on a regular file it changes nothing.

import { RdsIamError } from "../errors.js";
import { chunksText } from "../chunks.js";
import { builtin } from "./builtin.js";

/** Shared config and credentials files: far above any real one (a few KB). */
export const MAX_SHARED_FILE_BYTES = 4 * 1024 * 1024;
/** Token files (web identity JWTs, container authorization tokens): a few KB. */
export const MAX_TOKEN_FILE_BYTES = 1024 * 1024;

function flags(): number {
  const { constants } = builtin("node:fs");
  return constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
}
const CHUNK = 64 * 1024;

/**
 * One file's bytes as they are read, refusing a non-regular file and more
 * than `max` bytes (the file may grow after the stat, so the reads are
 * capped too, never past max + 1 bytes). Shared by the sync and async reads.
 */
class CappedRead {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  constructor(
    readonly path: string,
    readonly what: string,
    readonly max: number,
  ) {}

  /** Refuses what the stat shows is not a regular file of at most max bytes. */
  check(info: { isFile(): boolean; size: number }): void {
    if (!info.isFile()) {
      throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `${this.what} ${this.path} is not a regular file (a FIFO, device or directory is not read)`);
    }
    if (info.size > this.max) this.#tooLarge();
  }

  /** A buffer for the next read. */
  room(): Uint8Array {
    return new Uint8Array(Math.min(CHUNK, this.max + 1 - this.#length));
  }

  /** Keeps a read's bytes; false at the end of the file. */
  took(chunk: Uint8Array, bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.#chunks.push(chunk.subarray(0, bytesRead));
    this.#length += bytesRead;
    if (this.#length > this.max) this.#tooLarge();
    return true;
  }

  text(): string {
    return chunksText(this.#chunks, this.#length);
  }

  #tooLarge(): never {
    throw new RdsIamError("CREDENTIALS_UNAVAILABLE", `${this.what} ${this.path} is larger than ${this.max} bytes`);
  }
}

/**
 * A regular file's text, at most `max` bytes. OS errors (ENOENT, EACCES)
 * are thrown as they come, for the caller to word; a non-regular or too
 * large file is CREDENTIALS_UNAVAILABLE naming `what` and the path.
 */
export async function readBoundedFile(path: string, what: string, max: number): Promise<string> {
  const file = new CappedRead(path, what, max);
  const handle = await builtin("node:fs").promises.open(path, flags());
  try {
    file.check(await handle.stat());
    for (let chunk = file.room(); file.took(chunk, (await handle.read(chunk, 0, chunk.length, null)).bytesRead); chunk = file.room());
    return file.text();
  } finally {
    await handle.close().catch(() => {});
  }
}

/** readBoundedFile, synchronously (for region resolution, which is sync). */
export function readBoundedFileSync(path: string, what: string, max: number): string {
  const { closeSync, fstatSync, openSync, readSync } = builtin("node:fs");
  const file = new CappedRead(path, what, max);
  const fd = openSync(path, flags());
  try {
    file.check(fstatSync(fd));
    for (let chunk = file.room(); file.took(chunk, readSync(fd, chunk, 0, chunk.length, null)); chunk = file.room());
    return file.text();
  } finally {
    closeSync(fd);
  }
}
