import { badUserInput, ForbiddenReason, forbidden, quoted, type SubgraphContext } from '@lianfang/subgraph-kit';

/** The mutation's input as GraphQL delivers it, with `detectedAt` parsed by the DateTime scalar. */
export interface VideoAlertInput {
  cameraId: string;
  kind: VideoAlertKind;
  detectedAt: Date;
  confidence: number;
  durationSeconds?: number | null;
  externalId?: string | null;
}

export type VideoAlertKind = 'LOITERING' | 'FIGHTING' | 'RUNNING' | 'REPEATED_ENTRY';

/** Maximum time a detection may lie in the future, for cameras whose clocks run slightly ahead. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** Maximum age of a detection. An older one is history, not an alert to dispatch. */
export const MAX_AGE_MS = 24 * 3_600_000;
/** Maximum duration, 7 days in seconds. */
export const MAX_DURATION_SECONDS = 7 * 86_400;
const EXTERNAL_ID = /^[^\p{Cc}]{1,128}$/u;

/** Default dedupe window in minutes, used when `LIANFANG_VIDEO_DEDUPE_MINUTES` is unset. */
export const DEFAULT_DEDUPE_MINUTES = 10;

/**
 * Reads the dedupe window from `LIANFANG_VIDEO_DEDUPE_MINUTES` (minutes, 1 to 1440, default 10). It is read on each
 * call, so a changed variable applies without a restart.
 *
 * @throws when the variable is set but not a number within 1..1440.
 */
export function dedupeWindowMinutes(environment: NodeJS.ProcessEnv = process.env): number {
  const raw = environment.LIANFANG_VIDEO_DEDUPE_MINUTES;
  if (raw === undefined || raw.trim() === '') return DEFAULT_DEDUPE_MINUTES;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes < 1 || minutes > 1440) {
    throw new Error(`LIANFANG_VIDEO_DEDUPE_MINUTES must be a number of minutes from 1 to 1440, got ${quoted(raw)}`);
  }
  return minutes;
}

/** Allows camera analytics accounts (`video_feed`) and police staff; rejects everyone else with FORBIDDEN (ROLE). */
export function assertMaySendVideoAlerts(context: SubgraphContext): void {
  const { claims } = context;
  if (claims.roles.includes('video_feed')) return;
  if (claims.department === 'police' && claims.roles.includes('staff')) return;
  context.access.deny('Mutation.ingestVideoAlert', ForbiddenReason.ROLE);
  throw forbidden(
    '只有视频接入账号（video_feed）和公安部门工作人员可以上报视频告警；请使用视频分析系统的接入账号',
    ForbiddenReason.ROLE,
  );
}

/** Checks the values GraphQL cannot check: ranges, lengths and the detection time against `now`. */
export function assertValidVideoAlertInput(input: VideoAlertInput, now: Date): void {
  if (input.cameraId.length < 1 || input.cameraId.length > 64) {
    throw badUserInput(`cameraId 须为 1 到 64 个字符，收到 ${quoted(input.cameraId)}`, { argument: 'cameraId' });
  }
  if (!Number.isFinite(input.confidence) || input.confidence < 0 || input.confidence > 1) {
    throw badUserInput(`confidence 须在 0 到 1 之间，收到 ${input.confidence}`, { argument: 'confidence' });
  }
  const duration = input.durationSeconds;
  if (duration !== undefined && duration !== null && (duration < 0 || duration > MAX_DURATION_SECONDS)) {
    throw badUserInput(`durationSeconds 须为 0 到 ${MAX_DURATION_SECONDS} 之间的整数（秒），收到 ${duration}`, {
      argument: 'durationSeconds',
    });
  }
  const externalId = input.externalId;
  if (externalId !== undefined && externalId !== null && !EXTERNAL_ID.test(externalId)) {
    throw badUserInput(`externalId 须为 1 到 128 个字符，不能含控制字符，收到 ${quoted(externalId)}`, {
      argument: 'externalId',
    });
  }
  const detected = input.detectedAt.getTime();
  if (detected > now.getTime() + MAX_FUTURE_MS) {
    throw badUserInput(
      `detectedAt 不能晚于当前时间 5 分钟以上，收到 ${input.detectedAt.toISOString()}（服务器时间 ${now.toISOString()}）；请校准摄像头或视频分析系统的时钟`,
      { argument: 'detectedAt' },
    );
  }
  if (detected < now.getTime() - MAX_AGE_MS) {
    throw badUserInput(
      `detectedAt 不能早于 24 小时前，收到 ${input.detectedAt.toISOString()}（服务器时间 ${now.toISOString()}）；过期的检测不再生成警情`,
      { argument: 'detectedAt' },
    );
  }
}
