/**
 * Validation of `ReportInput` and the request hash that distinguishes a retried submission from a different report sent
 * with the same idempotency key.
 */
import { createHash } from 'node:crypto';
import { badUserInput } from '@lianfang/subgraph-kit';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.js';
import type { Category, Severity } from './classifier.js';
import type { CoordinateSystem, LocationSource } from './location.js';

/** Flags a report may carry; the responsibility list may notify a department for each one. */
export const REPORT_FLAGS = ['CHILD_NEEDS_AID', 'ELDERLY_NEEDS_AID', 'REPEAT_REPORT', 'MEDIA_ATTENTION'] as const;

export const MAX_PHOTOS_PER_REPORT = 6;

/** Length in characters (code points), as PostgreSQL's `length()` counts them, rather than UTF-16 units. */
const characters = (text: string) => [...text].length;

const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((value) => characters(value) >= min && characters(value) <= max, {
      message: `length must be ${min}–${max} characters`,
    });

export const reportInputSchema = z.object({
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_\-:.]{8,128}$/),
  description: text(1, 2000),
  category: z.string().nullish(),
  severity: z.string().nullish(),
  location: z.object({
    longitude: z.number(),
    latitude: z.number(),
    crs: z.enum(['WGS84', 'CGCS2000', 'GCJ02', 'BD09']).nullish(),
    source: z.enum(['DEVICE', 'MAP', 'CAMERA']).nullish(),
  }),
  photoIds: z
    .array(z.uuid().transform((id) => id.toLowerCase()))
    .max(MAX_PHOTOS_PER_REPORT)
    .nullish()
    .refine((ids) => !ids || new Set(ids).size === ids.length, { message: 'photo ids must be unique' }),
  outsideGridReason: text(2, 500).nullish(),
  flags: z
    .array(z.enum(REPORT_FLAGS))
    .nullish()
    .refine((flags) => !flags || new Set(flags).size === flags.length, { message: 'flags must be unique' }),
});

/** A checked report with defaults applied. */
export interface ReportRequest {
  idempotencyKey: string;
  description: string;
  category: Category | null;
  severity: Severity | null;
  location: { longitude: number; latitude: number; crs: CoordinateSystem; source: LocationSource };
  photoIds: string[];
  outsideGridReason: string | null;
  flags: string[];
}

const MESSAGES: Record<string, string> = {
  idempotencyKey: 'idempotencyKey（幂等键）须为 8–128 个字符，只能包含字母、数字和 _ - : .',
  description: 'description（现场描述）须为 1–2000 字，不能只有空白',
  location: 'location（位置）的经纬度须为数字，坐标系和位置来源须为列出的取值',
  photoIds: `photoIds（照片编号）最多 ${MAX_PHOTOS_PER_REPORT} 个，须为上传照片时返回的编号且不能重复`,
  outsideGridReason: 'outsideGridReason（网格外上报原因）须为 2–500 字',
  flags: `flags（标记）只能是 ${REPORT_FLAGS.join('、')}，且不能重复`,
};

/** Parses the GraphQL input, or throws BAD_USER_INPUT naming the first invalid field. */
export function parseReportInput(input: unknown): ReportRequest {
  const parsed = reportInputSchema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'input');
    throw badUserInput(MESSAGES[field] ?? `上报内容无效：${field}`, { argument: `input.${field}` });
  }
  const value = parsed.data;
  return {
    idempotencyKey: value.idempotencyKey,
    description: value.description,
    // GraphQL has checked both against their enums.
    category: (value.category ?? null) as Category | null,
    severity: (value.severity ?? null) as Severity | null,
    location: {
      longitude: value.location.longitude,
      latitude: value.location.latitude,
      crs: value.location.crs ?? 'WGS84',
      source: value.location.source ?? 'DEVICE',
    },
    photoIds: value.photoIds ?? [],
    outsideGridReason: value.outsideGridReason ?? null,
    // Sorted, so the same flags in another order give the same request hash.
    flags: [...(value.flags ?? [])].sort(),
  };
}

/** SHA-256 (hex) of the canonical JSON of a checked report, defaults applied, so `crs: null` equals WGS84. */
export function requestHash(request: ReportRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}
