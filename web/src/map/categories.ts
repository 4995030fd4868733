import type { IncidentCategory } from '../graphql/queries.js';

/** Marker colour of each incident category; the legend and the map layer both read this table. */
export const CATEGORY_COLOURS: Record<IncidentCategory, string> = {
  THEFT: '#d7263d',
  FRAUD: '#f49d37',
  FIGHT: '#8f2d56',
  DISPUTE: '#3f88c5',
  NOISE: '#44af69',
  FIRE_HAZARD: '#ff5a1f',
  TRAFFIC: '#1b998b',
  DRUGS: '#6a4c93',
  GAMBLING: '#b8860b',
  OTHER: '#6c757d',
};
