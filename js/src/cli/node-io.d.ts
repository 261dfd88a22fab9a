// The few Node APIs the CLI uses, typed here instead of pulling @types/node
// into the whole program: the shared code must not see Node globals.
declare module "node:process" {
  interface Output {
    write(chunk: string, callback?: (error?: Error | null) => void): boolean;
    on(event: "error", listener: (error: Error & { code?: string }) => void): Output;
  }
  interface Input {
    readonly isTTY?: boolean;
    setEncoding(encoding: "utf8"): Input;
    on(event: "data", listener: (chunk: string) => void): Input;
    on(event: "end", listener: () => void): Input;
    on(event: "error", listener: (error: Error) => void): Input;
    destroy(): void;
  }
  const process: {
    readonly argv: string[];
    readonly env: Record<string, string | undefined>;
    readonly stdout: Output;
    readonly stderr: Output;
    readonly stdin: Input;
    exit(code?: number): never;
  };
  export default process;
}

declare module "node:fs" {
  export function readFileSync(path: string, encoding: "utf8"): string;
  export function openSync(path: string, flags: "r"): number;
  export function readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  export function closeSync(fd: number): void;
}
