/**
 * The load runs of the gateway section: every operation at every connection count on every gateway, each run after
 * a warm-up run and with the gateway, the subgraphs and PostgreSQL idle before both.
 */
import type { Logger } from '@lianfang/db';
import type { GatewayBenchOptions } from '../options.js';
import type { RunningChild } from './child.js';
import type { Contender } from './contenders.js';
import { failedRequests, type RequestBodies, runLoad } from './load.js';
import { type BenchOperation, requestBody } from './operations.js';
import { readProcessUsage, waitUntilIdle } from './proc.js';
import type { LoadMeasurement } from './result.js';
import { RequestSequence, sequenceSlot, type VariedOperation } from './varied.js';

const IDLE_TIMEOUT_MS = 60_000;

/** An operation of the load runs: a fixed one sends the same body in every request, a varied one a new body. */
export type LoadOperation = BenchOperation | VariedOperation;

export function isVaried(operation: LoadOperation): operation is VariedOperation {
  return 'variablesAt' in operation;
}

export interface LoadEnvironment {
  gateways: Map<Contender, RunningChild>;
  /** Headers of every request: the bearer token of the bench's user. */
  headers: Record<string, string>;
  subgraphs: RunningChild;
  /** Resolves to true when PostgreSQL runs no statement of the bench database. */
  databaseIdle: () => Promise<boolean>;
  settings: GatewayBenchOptions;
  logger: Logger;
}

/** The settings of one measured run. `connectionIndex` is the position of `connections` in the settings. */
interface RunSetting {
  operation: LoadOperation;
  contender: Contender;
  child: RunningChild;
  connections: number;
  connectionIndex: number;
}

/**
 * Returns the request bodies of a warm-up or measured run. A varied operation's sequence has two slots per
 * connection count, one for the warm-up and one for the measured run, so no run repeats another's requests.
 */
function bodiesOf(environment: LoadEnvironment, setting: RunSetting, measured: boolean): RequestBodies {
  const { operation } = setting;
  if (!isVaried(operation)) return requestBody(operation);
  const slots = environment.settings.connections.length * 2;
  const slot = setting.connectionIndex * 2 + (measured ? 1 : 0);
  return new RequestSequence(operation, sequenceSlot(operation.capacity, slot, slots));
}

function logRepeats(environment: LoadEnvironment, setting: RunSetting, bodies: RequestBodies): void {
  if (!(bodies instanceof RequestSequence) || bodies.generated <= bodies.slot.size) return;
  environment.logger.warn(
    {
      operation: setting.operation.key,
      contender: setting.contender,
      connections: setting.connections,
      generated: bodies.generated,
      slotSize: bodies.slot.size,
    },
    "the run sent more requests than its slot of the varied sequence, so it repeated another run's requests",
  );
}

async function measureRun(environment: LoadEnvironment, setting: RunSetting): Promise<LoadMeasurement> {
  const { settings, subgraphs, databaseIdle } = environment;
  const { child, connections } = setting;
  const url = child.ready.url as string;
  const busyPids = [child.pid, subgraphs.pid];

  await waitUntilIdle(busyPids, databaseIdle, IDLE_TIMEOUT_MS);
  const warmup = bodiesOf(environment, setting, false);
  await runLoad(url, warmup, connections, settings.warmupSeconds, environment.headers);
  logRepeats(environment, setting, warmup);
  await waitUntilIdle(busyPids, databaseIdle, IDLE_TIMEOUT_MS);

  const bodies = bodiesOf(environment, setting, true);
  const gatewayBefore = readProcessUsage(child.pid).cpuSeconds;
  const subgraphsBefore = readProcessUsage(subgraphs.pid).cpuSeconds;
  const run = await runLoad(url, bodies, connections, settings.loadSeconds, environment.headers);
  const gatewayCpuSeconds = readProcessUsage(child.pid).cpuSeconds - gatewayBefore;
  const subgraphsCpuSeconds = readProcessUsage(subgraphs.pid).cpuSeconds - subgraphsBefore;
  logRepeats(environment, setting, bodies);

  const measurement: LoadMeasurement = {
    operation: setting.operation.key,
    contender: setting.contender,
    run,
    gatewayCpuSeconds,
    subgraphsCpuSeconds,
  };
  if (bodies instanceof RequestSequence) {
    measurement.sequence = { start: bodies.slot.start, slotSize: bodies.slot.size, generated: bodies.generated };
  }
  return measurement;
}

/** Runs every operation at every connection count on every gateway and returns the measured runs in order. */
export async function runLoadMatrix(
  environment: LoadEnvironment,
  operations: LoadOperation[],
): Promise<LoadMeasurement[]> {
  const load: LoadMeasurement[] = [];
  for (const operation of operations) {
    for (const [connectionIndex, connections] of environment.settings.connections.entries()) {
      // The contenders alternate within each pair of settings, so that drift on the machine hits both alike.
      for (const [contender, child] of environment.gateways) {
        const measurement = await measureRun(environment, {
          operation,
          contender,
          child,
          connections,
          connectionIndex,
        });
        load.push(measurement);
        const { run } = measurement;
        environment.logger.info(
          {
            operation: operation.key,
            contender,
            connections,
            rps: run.requestsPerSecond,
            p50: run.latency.p50,
            p99: run.latency.p99,
            failed: failedRequests(run),
            cache: run.cache,
          },
          'load run done',
        );
      }
    }
  }
  return load;
}
