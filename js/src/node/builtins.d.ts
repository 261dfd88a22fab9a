// The few Node built-ins the credential sources use, typed by hand: the
// package's types must not need @types/node, and only js/src/node/ (reached
// from node.ts alone) may import them.
declare module "node:http" {
  export interface IncomingMessage {
    statusCode?: number;
    on(event: "data", listener: (chunk: Uint8Array) => void): this;
    on(event: "end", listener: () => void): this;
    on(event: "error", listener: (error: Error) => void): this;
    destroy(error?: Error): void;
  }
  export interface ClientRequest {
    on(event: "error", listener: (error: Error & { code?: string }) => void): this;
    end(body?: string): void;
    destroy(error?: Error): void;
  }
  export interface RequestOptions {
    method?: string;
    headers?: Record<string, string | number>;
    agent?: false;
  }
  export function request(url: URL, options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest;
}
declare module "node:https" {
  export function request(
    url: URL,
    options: import("node:http").RequestOptions,
    callback: (response: import("node:http").IncomingMessage) => void,
  ): import("node:http").ClientRequest;
}
declare module "node:fs" {
  export function readFileSync(path: string, encoding: "utf8"): string;
  export interface Stats {
    isFile(): boolean;
    readonly size: number;
  }
  export const constants: { readonly O_RDONLY: number; readonly O_NONBLOCK?: number };
  export function openSync(path: string, flags: number): number;
  export function fstatSync(fd: number): Stats;
  export function readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  export function closeSync(fd: number): void;
  export interface FileHandle {
    stat(): Promise<Stats>;
    read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
    close(): Promise<void>;
  }
  export const promises: { open(path: string, flags: number): Promise<FileHandle> };
}
declare module "node:os" {
  export function homedir(): string;
}
declare module "node:path" {
  export function join(...parts: string[]): string;
}
