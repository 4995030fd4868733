import { describe, expect, it } from 'vitest';
import { type View, viewBbox } from '../path.js';
import { drillDownOperation, gridOperation, requestBody } from './operations.js';
import {
  drillDownWindows,
  PAN_STEP_DEGREES,
  PAN_STEPS,
  pannedGrid,
  panOffset,
  RequestSequence,
  sequenceSlot,
  variedBody,
} from './varied.js';

const CURSORS = Array.from({ length: 250 }, (_, index) => `cursor-${index}`);
const DRILL_DOWN = drillDownOperation(200);
const VIEW: View = { label: 'z14 centre', zoom: 14, center: [120.64, 31.16], bbox: viewBbox([120.64, 31.16], 14) };
const WINDOW = { label: '30d', from: '2026-11-05T00:00:00.000Z', to: '2026-12-05T00:00:00.000Z' };
const GRID = gridOperation('query SituationMapIncidentGrid { x }', VIEW, WINDOW);

function parse(body: string): { operationName: string; query: string; variables: Record<string, unknown> } {
  return JSON.parse(body);
}

describe('drillDownWindows', () => {
  const varied = drillDownWindows(DRILL_DOWN, CURSORS);

  it('has one full window per start address after the first', () => {
    expect(varied.capacity).toBe(50);
    expect(varied.variablesAt(0)).toEqual({ ...DRILL_DOWN.variables, after: 'cursor-0' });
    expect(varied.variablesAt(49)).toEqual({ ...DRILL_DOWN.variables, after: 'cursor-49' });
  });

  it('gives every request of the sequence distinct variables', () => {
    const bodies = Array.from({ length: varied.capacity }, (_, index) => variedBody(varied, index));
    expect(new Set(bodies).size).toBe(varied.capacity);
    expect(bodies).not.toContain(requestBody(DRILL_DOWN));
  });

  it('keeps the fixed operation text and page size', () => {
    const body = parse(variedBody(varied, 7));
    expect(body.query).toBe(DRILL_DOWN.query);
    expect(body.operationName).toBe(DRILL_DOWN.operationName);
    expect(body.variables.first).toBe(200);
    expect(varied.key).toBe('drillDownVaried');
  });

  it('starts again after the last window', () => {
    expect(variedBody(varied, 50)).toBe(variedBody(varied, 0));
    expect(variedBody(varied, 51)).toBe(variedBody(varied, 1));
  });

  it('rejects a district without a second window', () => {
    expect(() => drillDownWindows(DRILL_DOWN, CURSORS.slice(0, 200))).toThrow(/needs more addresses than 200/);
  });
});

describe('panOffset', () => {
  const capacity = (2 * PAN_STEPS + 1) ** 2 - 1;

  it('never returns the unmoved view', () => {
    for (let index = 0; index < capacity; index += 1) {
      const [east, north] = panOffset(index);
      expect(east !== 0 || north !== 0).toBe(true);
    }
  });

  it('stays within the lattice around the centre', () => {
    const limit = PAN_STEPS * PAN_STEP_DEGREES + 1e-12;
    for (const index of [0, 1, capacity / 2, capacity - 1]) {
      const [east, north] = panOffset(index);
      expect(Math.abs(east)).toBeLessThanOrEqual(limit);
      expect(Math.abs(north)).toBeLessThanOrEqual(limit);
    }
  });

  it('moves neighbouring requests by one step', () => {
    const [east0, north0] = panOffset(0);
    const [east1, north1] = panOffset(1);
    expect(east1 - east0).toBeCloseTo(PAN_STEP_DEGREES, 12);
    expect(north1).toBe(north0);
  });
});

describe('pannedGrid', () => {
  const varied = pannedGrid(GRID, VIEW);

  it('gives each request a new bbox', () => {
    const boxes = Array.from({ length: varied.capacity }, (_, index) => JSON.stringify(varied.variablesAt(index).bbox));
    expect(varied.capacity).toBe((2 * PAN_STEPS + 1) ** 2 - 1);
    expect(new Set(boxes).size).toBe(varied.capacity);
    expect(boxes).not.toContain(JSON.stringify(GRID.variables.bbox));
  });

  it('keeps the text, zoom, window and view size', () => {
    const body = parse(variedBody(varied, 1234));
    const [west, south, east, north] = body.variables.bbox as number[];
    const [fixedWest, fixedSouth, fixedEast, fixedNorth] = GRID.variables.bbox as number[];
    expect(body.query).toBe(GRID.query);
    expect(body.variables.zoom).toBe(14);
    expect(body.variables.from).toBe(WINDOW.from);
    expect((east as number) - (west as number)).toBeCloseTo((fixedEast as number) - (fixedWest as number), 6);
    expect((north as number) - (south as number)).toBeCloseTo((fixedNorth as number) - (fixedSouth as number), 5);
    expect(Math.abs((west as number) - (fixedWest as number))).toBeLessThan(0.002);
  });
});

describe('sequenceSlot', () => {
  it('splits the sequence into disjoint equal parts', () => {
    const slots = [0, 1, 2, 3, 4, 5].map((slot) => sequenceSlot(50, slot, 6));
    expect(slots.map((slot) => slot.start)).toEqual([0, 8, 16, 24, 32, 40]);
    expect(slots.every((slot) => slot.size === 8)).toBe(true);
  });

  it('rejects a slot out of range or a sequence too short', () => {
    expect(() => sequenceSlot(50, 6, 6)).toThrow(/Invalid slot 6/);
    expect(() => sequenceSlot(50, -1, 6)).toThrow(/Invalid slot -1/);
    expect(() => sequenceSlot(50, 1.5, 6)).toThrow(/Invalid slot/);
    expect(() => sequenceSlot(5, 0, 6)).toThrow(/cannot be split into 6 slots/);
  });
});

describe('RequestSequence', () => {
  const varied = drillDownWindows(DRILL_DOWN, CURSORS);

  it('returns consecutive requests from the start of its slot', () => {
    const sequence = new RequestSequence(varied, sequenceSlot(varied.capacity, 2, 6));
    const afters = [sequence.next(), sequence.next(), sequence.next()].map((body) => parse(body).variables.after);
    expect(afters).toEqual(['cursor-16', 'cursor-17', 'cursor-18']);
    expect(sequence.generated).toBe(3);
  });

  it('gives two runs of the same slot the same requests', () => {
    const slot = sequenceSlot(varied.capacity, 1, 6);
    const first = new RequestSequence(varied, slot);
    const second = new RequestSequence(varied, slot);
    for (let index = 0; index < 5; index += 1) expect(first.next()).toBe(second.next());
  });
});
