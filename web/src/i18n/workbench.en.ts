import type { WorkbenchMessages } from './workbench.zh-CN.js';

/** English strings of the analyst workbench; the keys mirror `workbench.zh-CN.ts`. */
export const workbenchEn: WorkbenchMessages = {
  title: 'Lianfang · Analyst Workbench',
  nav: {
    label: 'Pages',
    map: 'Situation Map',
    workbench: 'Analyst Workbench',
  },
  page: {
    loading: 'Loading the analyst workbench…',
    loadFailed: 'The analyst workbench failed to load: {{detail}}. Reload the page to try again.',
    editorLabel: 'GraphQL query editor',
    editorLogo: 'GraphQL query',
    defaultQuery:
      '# Analyst workbench\n' +
      '# Write a GraphQL query here and press Ctrl+Enter to run it.\n' +
      '# Load example or saved queries on the left;\n' +
      '# the book icon opens the field docs.\n' +
      '{\n  orgUnit(code: "320509") {\n    name\n    children {\n      code\n      name\n      incidentCount\n    }\n  }\n}\n',
    auditorDefaultQuery:
      '# Analyst workbench\n' +
      '# Write a GraphQL query here and press Ctrl+Enter to run it.\n' +
      '# Load example or saved queries on the left.\n' +
      '# Auditors may not introspect the schema, so the editor offers no field docs or completion.\n' +
      '{\n  accessLogVerification {\n    valid\n    checked\n  }\n}\n',
  },
  saved: {
    heading: 'Saved queries',
    nameLabel: 'Name',
    namePlaceholder: 'e.g. Songling thefts, last 30 days',
    save: 'Save current query',
    empty: 'No saved queries yet.',
    load: 'Load',
    rename: 'Rename',
    renameLabel: 'New name',
    delete: 'Delete',
    confirmDelete: 'Delete "{{name}}"?',
    confirm: 'OK',
    cancel: 'Cancel',
    savedAt: 'Saved {{time}}',
    created: 'Saved "{{name}}".',
    updated: 'Updated "{{name}}" with the current query.',
    renamed: 'Renamed to "{{name}}".',
    deleted: 'Deleted "{{name}}".',
    loaded: 'Loaded "{{name}}" in a new tab.',
    errors: {
      nameEmpty: 'Enter a name.',
      nameTooLong: 'A name has at most {{max}} characters.',
      nameTaken: 'A query named "{{name}}" already exists. Choose another name.',
      queryEmpty: 'The current query is empty, so there is nothing to save.',
      notFound: 'This query no longer exists; another window may have deleted it.',
      storageUnavailable:
        'Browser storage is unavailable (private mode, for example), so saved queries cannot be read or written.',
      storageFull: 'Browser storage is full, so saving failed. Delete queries you no longer need and try again.',
      unreadable:
        'The saved queries in this browser are corrupted and cannot be read; saving a new query replaces them.',
    },
  },
  examples: {
    heading: 'Example queries',
    withoutSchema:
      'Auditors may not introspect the schema, so the editor offers no field docs and no completion. Start from the examples below.',
    streetIncidents: {
      title: 'Incidents in a street, last 30 days',
      summary: 'Incidents in 松陵街道 over the last 30 days with their addresses; exports as CSV or GeoJSON points.',
    },
    subdividedRentals: {
      title: 'Subdivided rentals and abnormal electricity',
      summary:
        'Subdivided rentals in the district, with 3 months of electricity use against the median of similar homes.',
    },
    borderHotspots: {
      title: 'Border-zone hotspots',
      summary: 'Incident hotspots of the last 30 days in the 吴江–嘉善 border zone, with their areas.',
    },
    plantedAddress: {
      title: 'Cross-department check of an address',
      summary:
        'Residents, rental registration, enterprises and utility use at one standard address (police, housing, market regulation, utilities).',
    },
    patrolZones: {
      title: 'Patrol zones',
      summary: 'Shift, unit and area of the district’s patrol zones; exports as GeoJSON polygons.',
    },
    accessLog: {
      title: 'Recent personal-data access log',
      summary:
        'The latest 50 records of personal-data reads and refusals: user, purpose, fields, number of entities and disclosure (raw, masked or denied).',
    },
    accessLogVerification: {
      title: 'Verify the access log’s hash chain',
      summary:
        'Checks that the whole hash chain of the access log is intact; copy lastId and lastHash outside the database to compare later.',
    },
  },
  export: {
    heading: 'Export result',
    csv: 'Export CSV',
    geojson: 'Export GeoJSON',
    fileName: 'query-result',
    noResult: 'Run a query to export its result.',
    lastResult: 'Last run: {{operation}}, {{time}}',
    anonymous: 'anonymous query',
    rows: '{{count}} rows to export (from {{path}}).',
    csvDone: 'Exported {{count}} rows as CSV.',
    geojsonDone: 'Exported {{count}} features as GeoJSON.',
    geojsonSkipped: 'Exported {{count}} features as GeoJSON; {{skipped}} rows have no geometry and were left out.',
    hint: 'CSV takes the first list in the result, one row per item, with nested fields joined by dots as column names; GeoJSON takes the first geometry field of each row.',
    errors: {
      noResult: 'There is no result to export yet. Run a query first.',
      requestFailed:
        'The request of the last run failed, so there is no result to export. See the error in the result pane.',
      noData:
        'The last run returned no data (data is null), so there is nothing to export. See the errors in the result pane.',
      noList:
        'The result contains no list, so there is nothing to export. Query a field that returns a list, such as incidents or rentals.',
      emptyList: 'The list in the result is empty, so there are no rows to export.',
      noGeometry:
        'The list in the result has no geometry field (a GeoJSON point, line or polygon), so it cannot be exported as GeoJSON. Add a field such as location, zone or boundary to the query.',
      failed: 'Export failed: {{detail}}',
    },
  },
};
