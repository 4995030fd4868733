/**
 * Identities, keys and tokens for tests: a key pair of the test city's gateway, claims for subgraphs started alone,
 * and the gateway access settings of gateways started alone.
 */
import { createLogger } from '@lianfang/db';
import { type GatewayAccess, prepareGatewayAccess } from '@lianfang/gateway';
import {
  CLAIMS_HEADER,
  type ClaimsKeyPair,
  ClaimsSigner,
  ClaimsVerifier,
  generateClaimsKeyPair,
  type Identity,
} from '@lianfang/subgraph-kit';

export const TEST_CITY = 'wujiang';

/** Representative users of 吴江区 (320509) at each level. */
export const IDENTITIES = {
  districtPoliceAnalyst: {
    sub: 'test.police.analyst',
    name: '测试公安研判员',
    level: 'DISTRICT',
    orgUnit: '320509',
    department: 'police',
    roles: ['analyst'],
  },
  districtGovernanceAnalyst: {
    sub: 'test.district.analyst',
    name: '测试区研判员',
    level: 'DISTRICT',
    orgUnit: '320509',
    department: 'governance',
    roles: ['analyst'],
  },
  districtCommander: {
    sub: 'test.district.commander',
    name: '测试区指挥员',
    level: 'DISTRICT',
    orgUnit: '320509',
    department: 'governance',
    roles: ['commander'],
  },
  communityAnalyst: {
    sub: 'test.community.analyst',
    name: '测试社区研判员',
    level: 'COMMUNITY',
    orgUnit: '320509001001',
    department: 'governance',
    roles: ['analyst'],
  },
  auditor: {
    sub: 'test.auditor',
    name: '测试审计员',
    level: 'DISTRICT',
    orgUnit: '320509',
    department: 'audit',
    roles: ['auditor'],
  },
  /** The camera analytics' service account, which sends video alerts. */
  videoFeed: {
    sub: 'test.video.feed',
    name: '测试视频接入账号',
    level: 'DISTRICT',
    orgUnit: '320509',
    department: 'police',
    roles: ['video_feed'],
  },
} satisfies Record<string, Identity>;

/** The identity tests use unless they name another: a district-level police analyst, who may run any query. */
export const DEFAULT_IDENTITY: Identity = IDENTITIES.districtPoliceAnalyst;

let keyPair: Promise<ClaimsKeyPair> | undefined;

/** One key pair per test file (vitest runs each file in its own module scope). */
export function testKeyPair(): Promise<ClaimsKeyPair> {
  keyPair ??= generateClaimsKeyPair(TEST_CITY);
  return keyPair;
}

/** Access settings of a subgraph started alone: it trusts the test gateway key. */
export async function testSubgraphAccess(): Promise<{ city: string; verifier: ClaimsVerifier }> {
  const pair = await testKeyPair();
  return { city: TEST_CITY, verifier: await ClaimsVerifier.of({ [TEST_CITY]: pair.publicJwk }) };
}

/** Headers with claims signed by the test gateway key, for calling a subgraph directly. */
export async function claimsHeaders(
  identity: Identity = DEFAULT_IDENTITY,
  extra: { purpose?: string } = {},
): Promise<Record<string, string>> {
  const signer = await ClaimsSigner.of(await testKeyPair());
  return { [CLAIMS_HEADER]: await signer.sign(identity, extra) };
}

/** Access settings of a gateway started alone, with no accounts and no rate limit. */
export async function testGatewayAccess(): Promise<GatewayAccess> {
  return prepareGatewayAccess({ keyPair: await testKeyPair(), rateLimitPerMinute: 0, logger: createLogger('test') });
}

/** `Authorization` header of an access token of the test gateway key. */
export async function bearerHeaders(identity: Identity = DEFAULT_IDENTITY): Promise<Record<string, string>> {
  const access = await testGatewayAccess();
  const { token } = await access.authenticator.local.issue(identity);
  return { authorization: `Bearer ${token}` };
}
