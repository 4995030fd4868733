export { CITIES, type CityProfile } from './cities.js';
export { HUB_SUBGRAPHS, type HubOptions, type RunningHub, startHub } from './hub.js';
export { shareBorderIncidents } from './share.js';
