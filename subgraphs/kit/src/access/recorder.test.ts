import { describe, expect, it } from 'vitest';
import { AccessRecorder } from './recorder.js';

describe('AccessRecorder.summary', () => {
  it('starts empty', () => {
    const recorder = new AccessRecorder();

    expect(recorder.empty).toBe(true);
  });

  it('summarizes raw reads of two residents', () => {
    const recorder = new AccessRecorder();
    for (const id of ['pr-1', 'pr-2']) {
      recorder.record('Resident.name', id, 'RAW');
      recorder.record('Resident.idNumber', id, 'RAW');
    }

    expect(recorder.empty).toBe(false);
    expect(recorder.summary()).toEqual({
      fields: ['Resident.idNumber', 'Resident.name'],
      entityIds: ['Resident:pr-1', 'Resident:pr-2'],
      rowCount: 2,
      disclosure: 'RAW',
      reasons: [],
    });
  });

  it('reports MASKED with its reason', () => {
    const recorder = new AccessRecorder();
    recorder.record('Resident.phone', 'pr-1', 'MASKED', 'PURPOSE_REQUIRED');
    recorder.record('Resident.phone', 'pr-2', 'MASKED', 'PURPOSE_REQUIRED');

    const summary = recorder.summary();

    expect(summary.disclosure).toBe('MASKED');
    expect(summary.reasons).toEqual(['PURPOSE_REQUIRED']);
    expect(summary.rowCount).toBe(2);
  });

  it('reports MIXED when disclosures differ', () => {
    const recorder = new AccessRecorder();
    recorder.record('Resident.name', 'pr-1', 'RAW');
    recorder.record('Rental.tenantName', 'r-1', 'MASKED', 'DEPARTMENT_SCOPE');
    recorder.deny('Query.incidents(320509002)', 'OUT_OF_JURISDICTION');

    const summary = recorder.summary();

    expect(summary.disclosure).toBe('MIXED');
    expect(summary.fields).toEqual(['Query.incidents(320509002)', 'Rental.tenantName', 'Resident.name']);
    expect(summary.reasons).toEqual(['DEPARTMENT_SCOPE', 'OUT_OF_JURISDICTION']);
    expect(summary.entityIds).toEqual(['Resident:pr-1', 'Rental:r-1']);
  });

  it('records a denial without entities', () => {
    const recorder = new AccessRecorder();
    recorder.deny('Query.accessLog', 'ROLE');

    expect(recorder.summary()).toEqual({
      fields: ['Query.accessLog'],
      entityIds: [],
      rowCount: 0,
      disclosure: 'DENIED',
      reasons: ['ROLE'],
    });
  });

  it('counts equal ids of two types apart', () => {
    const recorder = new AccessRecorder();
    recorder.record('Resident.name', '7', 'RAW');
    recorder.record('GridWorker.phone', '7', 'RAW');

    const summary = recorder.summary();

    expect(summary.rowCount).toBe(2);
    expect(summary.entityIds).toEqual(['Resident:7', 'GridWorker:7']);
  });

  it('keeps the row count exact past 1000 ids', () => {
    const recorder = new AccessRecorder();
    // Three personal fields each of 1500 residents: only the first 1000 ids are listed, all 1500 are counted once.
    for (let i = 1; i <= 1500; i += 1) {
      for (const field of ['name', 'idNumber', 'phone']) recorder.record(`Resident.${field}`, `pr-${i}`, 'MASKED');
    }

    const summary = recorder.summary();

    expect(summary.rowCount).toBe(1500);
    expect(summary.entityIds).toHaveLength(1000);
    expect(summary.entityIds[0]).toBe('Resident:pr-1');
    expect(summary.entityIds[999]).toBe('Resident:pr-1000');
  });
});
