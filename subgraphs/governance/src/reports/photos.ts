/**
 * Photos of reports: stored in `governance.report_photos` by the upload route, attached to an event by
 * `submitReport`, and removed by the workflow's job when no report attached them.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '@lianfang/db';
import { badUserInput, ErrorCode, groupBy, requestListLoader, type SubgraphContext } from '@lianfang/subgraph-kit';
import { fileTypeFromBuffer } from 'file-type';

export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

/** Maximum size of one photo in bytes (8 MiB), enforced by the subgraph route and again by the gateway. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;

/** Maximum photos one user may hold that no report attached yet, so uploads cannot fill the database. */
export const MAX_UNATTACHED_PHOTOS = 30;

/** Metadata of a stored photo, as the upload route returns it. */
export interface PhotoRecord {
  id: string;
  contentType: PhotoContentType;
  byteSize: number;
  sha256: string;
}

/** A rejected upload or read: the HTTP status, a stable reason and a Chinese message. */
export class PhotoRejection extends Error {
  override readonly name = 'PhotoRejection';
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 415 | 429 | 503,
    readonly code: string,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const TYPE_LIST = PHOTO_CONTENT_TYPES.join('、');

export function isPhotoContentType(value: string): value is PhotoContentType {
  return (PHOTO_CONTENT_TYPES as readonly string[]).includes(value);
}

/** Returns the media type of a `Content-Type` header without parameters, in lower case. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Rejects a declared type other than JPEG, PNG or WebP before the body is read. */
export function assertDeclaredType(declared: string): PhotoContentType {
  if (isPhotoContentType(declared)) return declared;
  throw new PhotoRejection(
    415,
    ErrorCode.BAD_USER_INPUT,
    'UNSUPPORTED_MEDIA_TYPE',
    `照片格式不受支持：Content-Type 须为 ${TYPE_LIST} 之一，收到“${declared || '（空）'}”`,
  );
}

/** Checks the bytes of an upload: not empty, within the size limit, and of the declared image type. */
export async function assertPhotoBytes(bytes: Uint8Array, declared: PhotoContentType): Promise<void> {
  if (bytes.length === 0) {
    throw new PhotoRejection(400, ErrorCode.BAD_USER_INPUT, 'EMPTY_BODY', '请求体为空：请在请求体中发送照片文件本身');
  }
  if (bytes.length > MAX_PHOTO_BYTES) throw photoTooLarge();
  const detected = (await fileTypeFromBuffer(bytes))?.mime;
  if (!detected || !isPhotoContentType(detected)) {
    throw new PhotoRejection(
      415,
      ErrorCode.BAD_USER_INPUT,
      'NOT_AN_IMAGE',
      `文件内容不是 ${TYPE_LIST} 格式的图片，请重新拍摄或选择照片`,
    );
  }
  if (detected !== declared) {
    throw new PhotoRejection(
      415,
      ErrorCode.BAD_USER_INPUT,
      'CONTENT_TYPE_MISMATCH',
      `文件内容为 ${detected}，与声明的 Content-Type ${declared} 不符；请按文件的实际格式发送`,
    );
  }
}

export function photoTooLarge(): PhotoRejection {
  return new PhotoRejection(
    413,
    ErrorCode.BAD_USER_INPUT,
    'PHOTO_TOO_LARGE',
    `照片超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MiB 的上限，请压缩后重新上传`,
  );
}

/**
 * Stores a checked photo for `uploadedBy`. A transaction-scoped advisory lock per uploader makes the count of their
 * unattached photos and the insert one step, so parallel uploads cannot pass the limit together.
 * NOTE: on the embedded backend an 8 MiB insert took about 4 s on a shared two-core machine, and the transaction
 * blocks every other statement meanwhile.
 */
export async function storePhoto(
  database: Database,
  upload: { uploadedBy: string; contentType: PhotoContentType; bytes: Uint8Array },
): Promise<PhotoRecord> {
  const record: PhotoRecord = {
    id: randomUUID(),
    contentType: upload.contentType,
    byteSize: upload.bytes.length,
    sha256: createHash('sha256').update(upload.bytes).digest('hex'),
  };
  await database.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('governance.report_photos:' || $1))`, [upload.uploadedBy]);
    const { rows } = await tx.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM governance.report_photos WHERE uploaded_by = $1 AND event_id IS NULL',
      [upload.uploadedBy],
    );
    if ((rows[0]?.count ?? 0) >= MAX_UNATTACHED_PHOTOS) {
      throw new PhotoRejection(
        429,
        ErrorCode.BAD_USER_INPUT,
        'TOO_MANY_UNATTACHED_PHOTOS',
        `已有 ${MAX_UNATTACHED_PHOTOS} 张照片尚未随上报提交；请先提交上报，未提交的照片一天后自动删除`,
      );
    }
    await tx.query(
      `INSERT INTO governance.report_photos (id, uploaded_by, content_type, byte_size, sha256, bytes)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [record.id, upload.uploadedBy, record.contentType, record.byteSize, record.sha256, upload.bytes],
    );
  });
  return record;
}

/** A stored photo with its bytes and, once attached, the org unit of its event. */
export interface StoredPhoto extends PhotoRecord {
  uploadedBy: string;
  bytes: Buffer;
  eventOrgUnit: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Loads a photo by id; returns undefined for an unknown or malformed id. */
export async function loadPhoto(database: Database, id: string): Promise<StoredPhoto | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await database.query<{
    id: string;
    uploaded_by: string;
    content_type: PhotoContentType;
    byte_size: number;
    sha256: string;
    bytes: Uint8Array;
    org_unit_code: string | null;
  }>(
    `SELECT p.id, p.uploaded_by, p.content_type, p.byte_size, p.sha256, p.bytes, e.org_unit_code
     FROM governance.report_photos p LEFT JOIN governance.events e ON e.id = p.event_id
     WHERE p.id = $1`,
    [id.toLowerCase()],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    contentType: row.content_type,
    byteSize: row.byte_size,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    // pg returns bytea as a Buffer and PGlite as a Uint8Array.
    bytes: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
    eventOrgUnit: row.org_unit_code,
  };
}

/**
 * Attaches the caller's unattached photos to a new event inside its transaction. Rejects the whole report when a
 * photo is unknown or another user's (PHOTO_NOT_FOUND, without saying which) or already attached (PHOTO_TAKEN).
 */
export async function attachPhotos(
  tx: Queryable,
  eventId: string,
  photoIds: readonly string[],
  uploadedBy: string,
): Promise<void> {
  if (photoIds.length === 0) return;
  const { rows } = await tx.query<{ id: string; uploaded_by: string; event_id: string | null }>(
    'SELECT id, uploaded_by, event_id FROM governance.report_photos WHERE id = ANY($1::uuid[]) FOR UPDATE',
    [photoIds],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of photoIds) {
    const row = byId.get(id);
    if (!row || row.uploaded_by !== uploadedBy) {
      throw badUserInput(`照片 ${id} 不存在或不是本人上传的，请重新上传后再提交`, {
        argument: 'input.photoIds',
        reason: 'PHOTO_NOT_FOUND',
      });
    }
    if (row.event_id !== null) {
      throw badUserInput(`照片 ${id} 已随另一份上报（${row.event_id}）提交，不能重复使用；请重新上传`, {
        argument: 'input.photoIds',
        reason: 'PHOTO_TAKEN',
      });
    }
  }
  await tx.query('UPDATE governance.report_photos SET event_id = $1 WHERE id = ANY($2::uuid[])', [eventId, photoIds]);
}

/** Deletes photos that no report attached within `olderThanHours` hours; returns how many were deleted. */
export async function purgeUnattachedPhotos(database: Database, olderThanHours: number): Promise<number> {
  if (!Number.isFinite(olderThanHours) || olderThanHours < 0) {
    throw new RangeError(`olderThanHours must be a finite number of hours >= 0, got ${olderThanHours}`);
  }
  const result = await database.query(
    `DELETE FROM governance.report_photos
     WHERE event_id IS NULL AND uploaded_at < now() - make_interval(secs => $1 * 3600)`,
    [olderThanHours],
  );
  return result.rowCount;
}

/** `ReportPhoto` objects of an event, for `Event.photos`, in upload order. */
export function photosOfEventLoader(context: SubgraphContext) {
  return requestListLoader<string, PhotoRecord & { url: string }>(context, 'reportPhotosOfEvent', async (eventIds) => {
    const { rows } = await context.database.query<PhotoRecord & { eventId: string }>(
      `SELECT id, content_type AS "contentType", byte_size AS "byteSize", sha256, event_id AS "eventId"
       FROM governance.report_photos WHERE event_id = ANY($1) ORDER BY uploaded_at, id`,
      [eventIds],
    );
    const photos = rows.map(({ eventId, ...photo }) => ({ ...photo, eventId, url: `/api/photos/${photo.id}` }));
    return groupBy(photos, (photo) => photo.eventId);
  });
}
