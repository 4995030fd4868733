import { describe, expect, it } from 'vitest';
import { type GridRequest, type PageState, showsResponse } from './render.js';

const BBOX = [120.3, 30.7, 121.2, 31.3];

function state(overrides: Partial<PageState> = {}): PageState {
  return {
    now: 2500,
    bbox: [...BBOX],
    zoom: 9.998,
    points: 0,
    clusters: 0,
    clusteredPoints: 0,
    cells: 29,
    countText: '99727',
    ...overrides,
  };
}

function grid(response: GridRequest['response'], variables: Record<string, unknown> = {}): GridRequest {
  return {
    request: undefined as unknown as GridRequest['request'],
    query: 'query SituationMapIncidentGrid',
    variables: { bbox: [...BBOX], zoom: 10, ...variables },
    response,
  };
}

describe('showsResponse', () => {
  it('accepts the drawn cells and count of the last response', () => {
    expect(showsResponse(state(), grid({ totalCount: 99_727, cells: 29, incidents: 0 }))).toBe(true);
  });

  it('waits for the response', () => {
    expect(showsResponse(state(), grid(undefined))).toBe(false);
    expect(showsResponse(state(), undefined)).toBe(false);
  });

  it('rejects the cells of an earlier view with the same count', () => {
    expect(showsResponse(state({ cells: 11 }), grid({ totalCount: 99_727, cells: 29, incidents: 0 }))).toBe(false);
  });

  it('rejects a response for another view', () => {
    const response = { totalCount: 99_727, cells: 29, incidents: 0 };
    expect(showsResponse(state(), grid(response, { zoom: 9 }))).toBe(false);
    expect(showsResponse(state(), grid(response, { bbox: [120.3, 30.7, 121.2, 31.31] }))).toBe(false);
  });

  it('rejects a count the panel does not show yet', () => {
    const response = { totalCount: 99_727, cells: 29, incidents: 0 };
    expect(showsResponse(state({ countText: '–' }), grid(response))).toBe(false);
    expect(showsResponse(state({ countText: '99,727' }), grid(response))).toBe(true);
  });

  it('counts points and clustered points in point mode', () => {
    const response = { totalCount: 120, cells: 40, incidents: 120 };
    const drawn = state({ cells: 0, points: 20, clusters: 9, clusteredPoints: 100, countText: '120' });
    expect(showsResponse(drawn, grid(response))).toBe(true);
    expect(showsResponse({ ...drawn, clusteredPoints: 90 }, grid(response))).toBe(false);
  });
});
