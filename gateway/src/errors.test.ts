import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { formatGatewayError } from './errors.js';

const format = formatGatewayError(pino({ level: 'silent' }));

describe('formatGatewayError', () => {
  it('keeps argument and reason of a rejected argument', () => {
    const formatted = format(
      {
        message: 'within 多边形无效：边界交叉（自相交，或多个部分相互重叠），位置约 [120.65, 31.15]；请修正后重新绘制',
        path: ['incidents'],
        extensions: { code: 'BAD_USER_INPUT', argument: 'within', reason: 'INVALID_POLYGON', serviceName: 'police' },
      },
      undefined,
    );
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'within', reason: 'INVALID_POLYGON' });
  });

  it('drops extensions outside the allow-list', () => {
    const formatted = format(
      {
        message: 'zoom 须为 0 到 22 之间的数字，收到 23',
        extensions: { code: 'BAD_USER_INPUT', stacktrace: ['at x'] },
      },
      undefined,
    );
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});
