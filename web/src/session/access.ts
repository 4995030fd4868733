import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department, SessionUser } from './session.js';

/** Reasons of a FORBIDDEN error (`extensions.reason`) that the UI names; others read "not allowed". */
const FORBIDDEN_REASONS = ['OUT_OF_JURISDICTION', 'DEPARTMENT_SCOPE', 'PURPOSE_REQUIRED', 'ROLE'] as const;

export interface ApiError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: unknown; reason?: unknown } & Record<string, unknown>;
}

/**
 * Returns the text that explains one GraphQL error where its data would be. A FORBIDDEN error gets its reason's
 * name before the gateway's message (which the API writes in Chinese); any other error shows the message alone.
 */
export function useApiErrorText(): (error: ApiError) => string {
  const { t } = useTranslation('session');
  return useCallback(
    (error: ApiError) => {
      if (error.extensions?.code !== 'FORBIDDEN') return error.message;
      const reason = FORBIDDEN_REASONS.find((known) => known === error.extensions?.reason);
      return t('forbidden.detail', { reason: t(`forbidden.${reason ?? 'other'}`), message: error.message });
    },
    [t],
  );
}

/**
 * Why the API masks a `@personal` field for `user`, mirroring the subgraphs' rule: the raw value goes only to a
 * department in `readableBy` that declared a purpose. Returns null when the user receives the raw value.
 */
export function maskReason(
  readableBy: readonly Department[],
  user: SessionUser,
  purpose: string | null,
): 'department' | 'purpose' | null {
  if (!readableBy.includes(user.department)) return 'department';
  return purpose ? null : 'purpose';
}

/** Returns the hint shown beside a masked value, or null when the value is not masked. */
export function useMaskHint(): (
  readableBy: readonly Department[],
  user: SessionUser,
  purpose: string | null,
) => string | null {
  const { t } = useTranslation('session');
  return useCallback(
    (readableBy, user, purpose) => {
      const reason = maskReason(readableBy, user, purpose);
      if (reason === 'purpose') return t('mask.purpose');
      if (reason === 'department') {
        const departments = readableBy
          .map((department) => t(`user.department.${department}`))
          .join(t('mask.separator'));
        return t('mask.department', { departments });
      }
      return null;
    },
    [t],
  );
}
