import { useQuery } from 'urql';
import { ORG_UNIT_QUERY } from '../graphql/queries.js';
import { containsPoint } from '../map/geometry.js';
import type { DraftLocation } from './draft.js';

/**
 * Tells whether the draft's position lies outside the grid worker's grid, using the grid outline the pick map shows
 * (the same query, so urql serves it from its cache). Returns false while the outline loads and when the grid has
 * none. It also returns false for GCJ-02 and BD-09 input because the page does not convert them, so for those only
 * the server's check on submit applies.
 */
export function useOutsideGrid(orgUnit: string, location: DraftLocation | null): boolean {
  const [result] = useQuery({ query: ORG_UNIT_QUERY, variables: { code: orgUnit } });
  const boundary = result.data?.orgUnit?.boundary ?? null;
  if (!location || !boundary) return false;
  if (location.crs !== 'WGS84' && location.crs !== 'CGCS2000') return false;
  return !containsPoint(boundary, [location.longitude, location.latitude]);
}
