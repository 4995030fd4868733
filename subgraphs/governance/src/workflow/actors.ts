/**
 * `Actor` as callers see it. A grid worker's name is personal data readable by the governance department, as
 * `GridWorker.name` is; other departments receive it masked. Staff acting in office and the system stay named.
 */
import { maskName } from '@lianfang/identifiers';
import { ForbiddenReason, isOwnCity, type SubgraphContext } from '@lianfang/subgraph-kit';

/** Length of a grid's org unit code: an actor placed in a grid is a grid worker. */
const GRID_CODE_LENGTH = 15;

export interface ActorView {
  id: string;
  name: string;
  department: string;
  orgUnit: string;
}

/**
 * Returns the actor with the name the caller may read. `gridWorker` marks an actor known to be a grid worker, such as
 * the reporter of a grid report, and an actor whose org unit is a grid counts as one too. The request's audit record
 * lists each grid worker's name it resolved, raw or masked.
 */
export function presentActor(context: SubgraphContext, actor: ActorView, gridWorker = false): ActorView {
  if (!gridWorker && actor.orgUnit.length !== GRID_CODE_LENGTH) return actor;
  if (context.claims.department === 'governance' && isOwnCity(context)) {
    context.access.record('Actor.name', actor.id, 'RAW');
    return actor;
  }
  context.access.record('Actor.name', actor.id, 'MASKED', ForbiddenReason.DEPARTMENT_SCOPE);
  return { ...actor, name: maskName(actor.name) };
}
