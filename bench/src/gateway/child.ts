/**
 * Child processes of the gateway section. Each gateway and the subgraphs run in their own Node.js process, so that
 * their CPU time and memory can be read apart. A child sends `ready` over the IPC channel and replies to requests
 * on it, one at a time.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { workspaceRoot } from '@lianfang/db';

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

/** Message a child sends once it listens. */
export interface ReadyMessage {
  type: 'ready';
  /** Gateway URL, for a gateway child. */
  url?: string;
  /** Subgraph URLs by name, for the subgraphs child. */
  subgraphUrls?: Record<string, string>;
}

/** A request to the subgraphs child and its reply: the statements counted since the last reset. */
export interface StatementsMessage {
  type: 'statements';
  reset: boolean;
  count?: number;
}

export interface RunningChild {
  pid: number;
  ready: ReadyMessage;
  /** Sends a request and resolves with the child's reply of the same type. */
  request(message: StatementsMessage): Promise<StatementsMessage>;
  stop(): Promise<void>;
}

/** Starts `entry` (a TypeScript file) with tsx and waits until it reports `ready`. */
export async function startChild(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunningChild> {
  const child: ChildProcess = fork(entry, args, {
    cwd: workspaceRoot,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not start in ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as ReadyMessage);
    });
    child.once('error', reject);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} ${args.join(' ')} exited with status ${code} before it was ready`));
    });
  });
  const pid = child.pid as number;

  return {
    pid,
    ready,
    request(message) {
      return new Promise((resolve) => {
        child.once('message', (reply) => resolve(reply as StatementsMessage));
        child.send(message);
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
