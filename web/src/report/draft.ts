import type { CoordinateSystem, EventCategory, Severity } from '../graphql/events.js';

/** Source of the report's position: the device's fix, a click on the map, or typed coordinates. */
export type LocationOrigin = 'DEVICE' | 'MAP' | 'MANUAL';

/** Position of a report in the coordinate system the user chose. Device fixes and map clicks are WGS84. */
export interface DraftLocation {
  longitude: number;
  latitude: number;
  crs: CoordinateSystem;
  origin: LocationOrigin;
  /** Horizontal accuracy of a device fix in metres (95 % confidence radius, per the Geolocation API), else null. */
  accuracyMetres: number | null;
}

/** A photo the gateway already stores, so a retry sends its id instead of uploading it again. */
export interface UploadedPhoto {
  id: string;
  name: string;
  contentType: string;
  byteSize: number;
}

/**
 * Text fields of a report being written. It lives in `sessionStorage` with its idempotency key, so a reload after
 * a failed send resubmits under the same key and the server never creates the event twice.
 */
export interface ReportDraft {
  idempotencyKey: string;
  description: string;
  /** Category and severity the user picked. Null follows the classifier's suggestion. */
  category: EventCategory | null;
  severity: Severity | null;
  location: DraftLocation | null;
  outsideGridReason: string;
  flags: string[];
  uploaded: UploadedPhoto[];
}

const DRAFT_KEY = 'lianfang.reportDraft';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    // Blocked storage loses the draft on reload only, because the key stays in memory while the page is open.
    return null;
  }
}

/** Creates an empty draft with a new idempotency key. */
export function newDraft(): ReportDraft {
  return {
    idempotencyKey: crypto.randomUUID(),
    description: '',
    category: null,
    severity: null,
    location: null,
    outsideGridReason: '',
    flags: [],
    uploaded: [],
  };
}

function isDraft(value: unknown): value is ReportDraft {
  const draft = value as Partial<ReportDraft> | null;
  return (
    typeof draft?.idempotencyKey === 'string' &&
    draft.idempotencyKey.length >= 8 &&
    typeof draft.description === 'string' &&
    Array.isArray(draft.flags) &&
    Array.isArray(draft.uploaded)
  );
}

/** Reads the stored draft, or starts a new one when there is none or it is unreadable. */
export function loadDraft(): ReportDraft {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(DRAFT_KEY) ?? 'null');
    if (isDraft(parsed)) return { ...newDraft(), ...parsed };
  } catch {
    // An unreadable draft is dropped and the user starts again.
  }
  return newDraft();
}

export function saveDraft(draft: ReportDraft): void {
  try {
    storage()?.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // A full storage loses only the reload recovery.
  }
}

/** Forgets the draft once the server has stored the event. */
export function clearDraft(): void {
  storage()?.removeItem(DRAFT_KEY);
}
