import { authorizedFetch } from '../session/authorizedFetch.js';
import type { UploadedPhoto } from './draft.js';

/** Image types the gateway accepts for report photos. The file input offers the same list. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Maximum size of one photo: 8 MiB, the gateway's limit for `POST /api/photos`. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
/** Maximum number of photos per report, as `ReportInput.photoIds` allows. */
export const MAX_PHOTOS = 6;

/** Reason a chosen file is not added to the report, shown with the file's name. */
export type PhotoProblem = 'type' | 'size' | 'count';

/** Checks one file against the type and size limits. The caller checks the count. */
export function photoProblem(file: File): PhotoProblem | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'type';
  if (file.size > MAX_PHOTO_BYTES) return 'size';
  return null;
}

/** Upload failure with the gateway's message, which the API writes in Chinese. */
export class PhotoUploadError extends Error {}

interface UploadAnswer {
  id?: unknown;
  errors?: { message?: unknown }[];
  message?: unknown;
}

/**
 * Uploads one photo with `POST /api/photos`: the raw file as the body, its type as `Content-Type`, and the
 * session's bearer token. Resolves to the stored photo. Rejects with `PhotoUploadError` carrying the server's
 * message, or with the fetch error when the network fails.
 */
export async function uploadPhoto(file: File): Promise<UploadedPhoto> {
  const response = await authorizedFetch('/api/photos', {
    method: 'POST',
    headers: { 'content-type': file.type },
    body: file,
  });
  const answer = (await response.json().catch(() => ({}))) as UploadAnswer;
  if (!response.ok || typeof answer.id !== 'string') {
    const message = answer.errors?.[0]?.message ?? answer.message;
    throw new PhotoUploadError(typeof message === 'string' ? message : `HTTP ${response.status}`);
  }
  return { id: answer.id, name: file.name, contentType: file.type, byteSize: file.size };
}
