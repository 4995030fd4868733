import { type AccessContext, AccessRecorder, type Identity, isWithinJurisdiction } from '@lianfang/subgraph-kit';
import type { LiveNotice } from './notice.js';

/** The department of the governance centre, which dispatches tasks to the others. */
const GOVERNANCE = 'governance';

/** Visibility rule of one subscriber: the viewer and the city of the gateway that authenticated them. */
export class LiveScope {
  readonly #claims: AccessContext['claims'];
  readonly #access = new AccessRecorder();

  constructor(
    readonly identity: Identity,
    /** City of the gateway; every user it authenticates works for this city. */
    readonly gatewayCity: string,
  ) {
    this.#claims = { ...identity, city: gatewayCity };
  }

  /**
   * Returns the notice's org units that lie within the viewer's jurisdiction, by the rule the subgraphs apply to
   * rows (`isWithinJurisdiction`). A notice from a partner city's subgraph, or one without a city, yields none.
   */
  visibleUnits(notice: LiveNotice): string[] {
    if (notice.city === undefined) return [];
    const context: AccessContext = { claims: this.#claims, city: notice.city, access: this.#access };
    return notice.orgUnits.filter((code) => isWithinJurisdiction(context, code));
  }

  /**
   * Returns false for a TASK of another department when the viewer works outside governance. This is the rule of the
   * `tasks` query: governance users may read every department's tasks, other users only their own department's.
   */
  seesDepartmentOf(notice: LiveNotice): boolean {
    if (notice.kind !== 'TASK' || this.identity.department === GOVERNANCE) return true;
    return notice.department === this.identity.department;
  }

  /** True when the viewer works for the city whose subgraph sent the notice, so a RESYNC concerns them. */
  isOwnCity(notice: LiveNotice): boolean {
    return notice.city !== undefined && notice.city === this.gatewayCity;
  }
}
