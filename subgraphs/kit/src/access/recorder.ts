/** What a caller received of one personal value: the value itself, a masked value, or an error. */
export type Disclosure = 'RAW' | 'MASKED' | 'DENIED';

/** Cap on the entity ids one audit record lists; the row count stays exact beyond it. */
const MAX_ENTITY_IDS = 1000;

/** Everything one request to one subgraph did with protected data, collected while it resolves. */
export interface AccessSummary {
  /** Coordinates read, e.g. `Resident.idNumber`, and the refused targets, e.g. `Query.incidents(320509002)`. */
  fields: string[];
  /** Entities whose protected fields were resolved, as `Type:id` (`Resident:pr-1`), at most 1000 in first-seen order. */
  entityIds: string[];
  /** Number of distinct entities whose protected fields were resolved, also beyond the 1000 listed. */
  rowCount: number;
  /** `RAW`, `MASKED` or `DENIED` when all accesses agree, `MIXED` otherwise. */
  disclosure: Disclosure | 'MIXED';
  /** Reasons of the masked and refused accesses, e.g. `PURPOSE_REQUIRED`. */
  reasons: string[];
}

/**
 * Collects the accesses to protected data during one request, for one audit record per request and subgraph: the
 * personal fields resolved and the requests refused by jurisdiction, department or sharing agreement.
 */
export class AccessRecorder {
  private readonly fields = new Set<string>();
  // Every distinct entity of the request, so the row count stays exact after the listed ids reach their cap.
  private readonly entities = new Set<string>();
  private readonly disclosures = new Set<Disclosure>();
  private readonly reasons = new Set<string>();

  get empty(): boolean {
    return this.fields.size === 0;
  }

  /**
   * Records that `coordinate` (`Type.field`) of entity `entityId` was resolved with `disclosure`. The entity is
   * keyed by the coordinate's type, so ids of two types that happen to be equal count as two entities.
   */
  record(coordinate: string, entityId: string | undefined, disclosure: Disclosure, reason?: string): void {
    this.fields.add(coordinate);
    this.disclosures.add(disclosure);
    if (reason) this.reasons.add(reason);
    if (entityId !== undefined) this.entities.add(`${coordinate.split('.')[0]}:${entityId}`);
  }

  /**
   * Records a refused request with the reason's code. `target` is a field coordinate, with the refused argument or
   * entity id in brackets where there is one (`Query.incidents(320509002)`, `PatrolZone(pz-1)`), never a display label.
   */
  deny(target: string, reason: string): void {
    this.record(target, undefined, 'DENIED', reason);
  }

  /** Returns what the request did so far, for its audit record. */
  summary(): AccessSummary {
    const disclosures = [...this.disclosures];
    return {
      fields: [...this.fields].sort(),
      entityIds: [...this.entities].slice(0, MAX_ENTITY_IDS),
      rowCount: this.entities.size,
      disclosure: disclosures.length === 1 ? (disclosures[0] as Disclosure) : 'MIXED',
      reasons: [...this.reasons].sort(),
    };
  }
}
