import { generateClaimsKeyPair, type Identity } from '@lianfang/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { Authenticator } from './authenticate.js';
import { LocalTokens } from './tokens.js';

const IDENTITY: Identity = {
  sub: 'district.analyst',
  name: '区综治中心研判员',
  level: 'DISTRICT',
  orgUnit: '320509',
  department: 'governance',
  roles: ['analyst'],
};

async function localTokens(): Promise<LocalTokens> {
  const pair = await generateClaimsKeyPair('wujiang');
  return LocalTokens.of('wujiang', pair.privateJwk, pair.publicJwk);
}

describe('Authenticator', () => {
  it('verifies a repeated token once', async () => {
    const local = await localTokens();
    let verifications = 0;
    const verify = local.verify.bind(local);
    local.verify = async (token) => {
      verifications += 1;
      return verify(token);
    };
    const authenticator = new Authenticator(local);
    const { token } = await local.issue(IDENTITY);
    for (let round = 0; round < 3; round += 1) {
      expect((await authenticator.authenticate(`Bearer ${token}`)).identity).toEqual(IDENTITY);
    }
    expect(verifications).toBe(1);
  });

  it('rejects a changed token after a verified one', async () => {
    const local = await localTokens();
    const authenticator = new Authenticator(local);
    const { token } = await local.issue(IDENTITY);
    await authenticator.authenticate(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.');
    const changed = `${header}.${payload}.${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
    await expect(authenticator.authenticate(`Bearer ${changed}`)).rejects.toMatchObject({ reason: 'TOKEN_INVALID' });
  });
});
