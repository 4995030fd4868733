import type { Logger } from '@lianfang/db';
import {
  AccessRecorder,
  appendAuditRecord,
  type Claims,
  ErrorCode,
  ForbiddenReason,
  isOwnCity,
  isWithinJurisdiction,
  REQUEST_ID_HEADER,
  requestIdFrom,
  type SubgraphRouteServices,
} from '@lianfang/subgraph-kit';
import express from 'express';
import {
  assertDeclaredType,
  assertPhotoBytes,
  loadPhoto,
  MAX_PHOTO_BYTES,
  mediaTypeOf,
  PhotoRejection,
  photoTooLarge,
  storePhoto,
} from './photos.js';

function sendRejection(response: express.Response, rejection: PhotoRejection): void {
  response.status(rejection.status).json({
    errors: [{ message: rejection.message, extensions: { code: rejection.code, reason: rejection.reason } }],
  });
}

const notFound = () =>
  new PhotoRejection(404, ErrorCode.NOT_FOUND, 'PHOTO_NOT_FOUND', '照片不存在，或不在本账号的查看范围内');

/** Reads the raw body up to the photo limit; a larger body becomes `photoTooLarge` without reading the rest. */
const readBody = express.raw({ type: () => true, limit: MAX_PHOTO_BYTES });

function rawBody(request: express.Request, response: express.Response): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    readBody(request, response, (error?: unknown) => {
      if (!error) {
        resolve(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));
        return;
      }
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') reject(photoTooLarge());
      else reject(error);
    });
  });
}

function assertGridWorker(claims: Claims, city: string): void {
  if (claims.city === city && claims.roles.includes('grid_worker')) return;
  throw new PhotoRejection(403, ErrorCode.FORBIDDEN, ForbiddenReason.ROLE, '只有本市网格员可以上传上报照片');
}

async function upload(
  request: express.Request,
  response: express.Response,
  claims: Claims,
  services: SubgraphRouteServices,
): Promise<void> {
  assertGridWorker(claims, services.city);
  const declared = assertDeclaredType(mediaTypeOf(request.headers['content-type']));
  const bytes = await rawBody(request, response);
  await assertPhotoBytes(bytes, declared);
  const record = await storePhoto(services.database, { uploadedBy: claims.sub, contentType: declared, bytes });
  services.logger.info({ photoId: record.id, user: claims.sub, byteSize: record.byteSize }, 'report photo stored');
  response.status(201).json(record);
}

/**
 * Sends a photo to its uploader, or to a user whose jurisdiction contains the org unit of the event the photo is
 * attached to. Anyone else gets the same 404 as for an unknown id, so the response does not reveal that it exists.
 */
async function download(
  request: express.Request<{ id: string }>,
  response: express.Response,
  claims: Claims,
  services: SubgraphRouteServices,
): Promise<void> {
  const photo = await loadPhoto(services.database, request.params.id);
  const caller = { claims, city: services.city, access: new AccessRecorder() };
  const allowed =
    photo !== undefined &&
    isOwnCity(caller) &&
    (photo.uploadedBy === claims.sub ||
      (photo.eventOrgUnit !== null && isWithinJurisdiction(caller, photo.eventOrgUnit)));
  if (!photo || !allowed) throw notFound();
  if (photo.uploadedBy !== claims.sub) {
    // A scene photo may show people, minors among them, so every read by someone other than the uploader is logged
    // like personal data. When the record cannot be written, the photo is withheld.
    caller.access.record('ReportPhoto.bytes', photo.id, 'RAW');
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    try {
      await appendAuditRecord(services.database, {
        subgraph: 'governance',
        requestId,
        claims,
        summary: caller.access.summary(),
      });
    } catch (error) {
      services.logger.error({ err: error, requestId }, 'photo withheld: audit record not written');
      throw new PhotoRejection(
        503,
        ErrorCode.INTERNAL_SERVER_ERROR,
        'AUDIT_UNAVAILABLE',
        '访问记录暂时无法写入，为保护照片中的个人信息，本次不提供照片；请稍后重试',
      );
    }
  }
  response.set({
    'content-type': photo.contentType,
    'content-length': String(photo.bytes.length),
    'cache-control': 'private, max-age=3600',
    'x-content-type-options': 'nosniff',
  });
  response.status(200).end(photo.bytes);
}

type Handler<Params> = (
  request: express.Request<Params>,
  response: express.Response,
  claims: Claims,
  services: SubgraphRouteServices,
) => Promise<void>;

/**
 * Verifies the claims first, then runs `handler`. A `PhotoRejection` becomes its JSON error, and any other failure a
 * logged 500.
 */
function route<Params>(services: SubgraphRouteServices, logger: Logger, handler: Handler<Params>) {
  return async (request: express.Request<Params>, response: express.Response) => {
    try {
      const claims = await services.claimsOf(request as express.Request, response);
      if (!claims) return;
      await handler(request, response, claims, services);
    } catch (error) {
      if (error instanceof PhotoRejection) {
        logger.info({ path: request.path, status: error.status, reason: error.reason }, 'photo request rejected');
        return sendRejection(response, error);
      }
      logger.error({ err: error, path: request.path }, 'photo request failed');
      if (response.headersSent) return;
      response.status(500).json({
        errors: [{ message: '服务器内部错误，请稍后重试', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }],
      });
    }
  };
}

/** Mounts `POST /photos` and `GET /photos/:id`, which the gateway's `/api/photos` forwards to. */
export function mountPhotoRoutes(app: express.Express, services: SubgraphRouteServices): void {
  const logger = services.logger.child({ routes: 'photos' });
  app.post('/photos', route(services, logger, upload));
  app.get('/photos/:id', route<{ id: string }>(services, logger, download));
}
