import type { SubgraphRouteServices } from '@lianfang/subgraph-kit';
import type express from 'express';

/** Mounts `POST /photos` and `GET /photos/:id`, which the gateway's `/api/photos` forwards to. */
export function mountPhotoRoutes(_app: express.Express, _services: SubgraphRouteServices): void {
  // TODO: filled in by the report work.
}
