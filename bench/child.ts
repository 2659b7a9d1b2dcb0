import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench script in its own Node process (so its RSS and CPU are its own) and exchanges one
 * message each way over IPC.
 */
export interface Child<T> {
  ready: Promise<T>;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export function startChild<T>(script: string, args: string[] = []): Child<T> {
  // `npm run bench` runs the compiled bench (dist/bench/*.js), as production runs compiled code;
  // run from source under tsx, children are loaded the same way.
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fromSource ? script : script.replace(/\.ts$/, '.js');
  const proc = fork(fileURLToPath(new URL(file, import.meta.url)), args, {
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<T>((resolve, reject) => {
    proc.once('message', (m) => resolve(m as T));
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  return {
    ready,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Runs a script to completion and returns the one message it sent. */
export async function runChild<T>(script: string, args: string[] = []): Promise<T> {
  const child = startChild<T>(script, args);
  const result = await child.ready;
  await new Promise<void>((r) => (child.proc.exitCode !== null ? r() : child.proc.once('exit', () => r())));
  return result;
}
