import { authorizedFetch } from '../session/authorizedFetch.js';
import type { UploadedPhoto } from './draft.js';

/** Image types the gateway accepts for report photos. The file input offers the same list. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Maximum size of one photo: 8 MiB, the gateway's limit for `POST /api/photos`. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
/** Maximum number of photos per report, as `ReportInput.photoIds` allows. */
export const MAX_PHOTOS = 6;

export type PhotoType = (typeof PHOTO_TYPES)[number];

/** Reason a chosen file is not added to the report, shown with the file's name. */
export type PhotoProblem = 'type' | 'size' | 'count';

/** Leading bytes of each accepted type. A WebP file is a RIFF container whose form type at offset 8 is WEBP. */
function sniffPhotoType(head: Uint8Array): PhotoType | null {
  const startsWith = (bytes: number[], offset = 0) => bytes.every((byte, index) => head[offset + index] === byte);
  if (startsWith([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/**
 * Checks one file against the type and size limits and returns its type read from the first bytes, since a file's
 * name and declared type can lie (a renamed .txt is still text). The caller checks the count.
 */
export async function checkPhoto(file: File): Promise<{ problem: PhotoProblem } | { type: PhotoType }> {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return { problem: 'type' };
  if (file.size > MAX_PHOTO_BYTES) return { problem: 'size' };
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const type = sniffPhotoType(head);
  return type ? { type } : { problem: 'type' };
}

/** Upload failure with the gateway's message, which the API writes in Chinese. */
export class PhotoUploadError extends Error {}

interface UploadAnswer {
  id?: unknown;
  errors?: { message?: unknown }[];
  message?: unknown;
}

/**
 * Uploads one photo with `POST /api/photos`: the raw file as the body, its checked type as `Content-Type`, and the
 * session's bearer token. Resolves to the stored photo. Rejects with `PhotoUploadError` carrying the server's
 * message, or with the fetch error when the network fails.
 */
export async function uploadPhoto(file: File, contentType: string): Promise<UploadedPhoto> {
  const response = await authorizedFetch('/api/photos', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: file,
  });
  const answer = (await response.json().catch(() => ({}))) as UploadAnswer;
  if (!response.ok || typeof answer.id !== 'string') {
    const message = answer.errors?.[0]?.message ?? answer.message;
    throw new PhotoUploadError(typeof message === 'string' ? message : `HTTP ${response.status}`);
  }
  return { id: answer.id, name: file.name, contentType, byteSize: file.size };
}
