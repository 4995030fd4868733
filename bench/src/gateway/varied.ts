/**
 * Varied operations: the text of a fixed operation with other variables in every request, so that no request of a
 * run repeats an earlier one and a response cache cannot serve it. Each has a finite sequence of distinct
 * requests. The runs of one operation share the sequence in equal slots, the same for every contender, so that both
 * gateways get the same requests in each setting and a warm-up run never sends a request of a measured run.
 */
import { type Bbox, type View, viewBbox } from '../path.js';
import { type BenchOperation, requestBody } from './operations.js';

export interface VariedOperation {
  /** Key in the results file, for example `drillDownVaried`. */
  key: string;
  label: string;
  /** The fixed operation whose text it sends and whose floor it uses. */
  base: BenchOperation;
  /** Description of the change of variables from request to request, for the results file. */
  variation: string;
  /** Number of distinct requests in the sequence. */
  capacity: number;
  /** Returns the variables of request `index` (0 to capacity − 1) of the sequence. */
  variablesAt(index: number): Record<string, unknown>;
}

/** Returns the body of request `index` of the sequence. An index past the end starts the sequence again. */
export function variedBody(operation: VariedOperation, index: number): string {
  const position = ((index % operation.capacity) + operation.capacity) % operation.capacity;
  return requestBody({ ...operation.base, variables: operation.variablesAt(position) });
}

/**
 * Builds the varied drill-down: request k reads the `first` addresses after the address at position k of
 * `cursors`, the cursors of all addresses of the district in the order `addresses` returns them. Every window is
 * full, so the work per request stays that of the fixed drill-down, and none starts at the first address, where
 * the fixed drill-down starts.
 *
 * @throws when the district has no more addresses than one window.
 */
export function drillDownWindows(base: BenchOperation, cursors: readonly string[]): VariedOperation {
  const size = Number(base.variables.first);
  const capacity = cursors.length - size;
  if (!Number.isInteger(size) || size < 1 || capacity < 1) {
    throw new Error(
      `A varied drill-down of ${base.variables.first} addresses needs more addresses than ${cursors.length}`,
    );
  }
  return {
    key: `${base.key}Varied`,
    label: `${base.label}, varied window`,
    base,
    variation: `after: the cursor of address k of the district, so request k reads addresses k + 1 to k + ${size}`,
    capacity,
    variablesAt: (index) => ({ ...base.variables, after: cursors[index] }),
  };
}

/** Distance between neighbouring pans of the varied grid in degrees of longitude and latitude, about 2 m. */
export const PAN_STEP_DEGREES = 0.00002;
/** Pans on each side of the centre, so the view moves at most 64 steps (0.00128°, about 130 m) each way. */
export const PAN_STEPS = 64;
const PAN_SIDE = 2 * PAN_STEPS + 1;
/** Lattice cell of the unmoved view, which the sequence skips because the fixed operation sends it. */
const PAN_CENTRE_CELL = PAN_STEPS * PAN_SIDE + PAN_STEPS;

/** Returns the move of pan `index` (0 to PAN_SIDE² − 2) as [east, north] degrees, never [0, 0]. */
export function panOffset(index: number): [number, number] {
  const cell = index < PAN_CENTRE_CELL ? index : index + 1;
  const column = cell % PAN_SIDE;
  const row = Math.floor(cell / PAN_SIDE);
  return [(column - PAN_STEPS) * PAN_STEP_DEGREES, (row - PAN_STEPS) * PAN_STEP_DEGREES];
}

/**
 * Builds the varied incidentGrid: request k shows `view` with its centre moved by pan k of a lattice around it, at
 * the same zoom and screen size. The moves are small against the view (0.06° wide at zoom 14), so each request
 * covers nearly the same incidents as the fixed grid.
 */
export function pannedGrid(base: BenchOperation, view: View): VariedOperation {
  return {
    key: `${base.key}Varied`,
    label: `${base.label}, panned`,
    base,
    variation:
      `bbox: the view with its centre moved by up to ${PAN_STEPS} steps of ${PAN_STEP_DEGREES}° east or west ` +
      'and north or south, a different move per request',
    capacity: PAN_SIDE * PAN_SIDE - 1,
    variablesAt: (index) => {
      const [east, north] = panOffset(index);
      const bbox: Bbox = viewBbox([view.center[0] + east, view.center[1] + north], view.zoom);
      return { ...base.variables, bbox };
    },
  };
}

/** The part of an operation's sequence that one run slot sends: indices `start` to `start + size − 1`. */
export interface SequenceSlot {
  start: number;
  size: number;
}

/** Splits a sequence of `capacity` requests into `slots` equal parts and returns part `slot` (0-based). */
export function sequenceSlot(capacity: number, slot: number, slots: number): SequenceSlot {
  if (!Number.isInteger(slot) || slot < 0 || slot >= slots) {
    throw new Error(`Invalid slot ${slot}: expected an integer from 0 to ${slots - 1}`);
  }
  const size = Math.floor(capacity / slots);
  if (size < 1) throw new Error(`A sequence of ${capacity} requests cannot be split into ${slots} slots`);
  return { start: slot * size, size };
}

/** The request bodies of one run of a varied operation, from the start of its slot on. */
export class RequestSequence {
  /** Bodies returned so far. More than the slot's size means the run repeated requests of a later slot. */
  generated = 0;

  constructor(
    readonly operation: VariedOperation,
    readonly slot: SequenceSlot,
  ) {}

  /** Returns the body of the next request. */
  next(): string {
    const body = variedBody(this.operation, this.slot.start + this.generated);
    this.generated += 1;
    return body;
  }
}
