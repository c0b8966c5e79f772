import { describe, expect, it } from 'vitest';
import type { WorkspacesService } from '@caster/api/workspaces';
import { identified, refusal } from '../pipeline/cast-test-fixtures';
import { ParamsPolicy } from './params.policy';

describe('ParamsPolicy', () => {
  const workspaces = (allowNetworkSelection: boolean, allowedNetworks: string[]) =>
    ({
      find: () => Promise.resolve({ allowNetworkSelection, allowedNetworks }),
    }) as unknown as WorkspacesService;
  const policy = new ParamsPolicy(workspaces(true, ['lab']));
  it('ignores parameters the link does not use', async () => {
    expect((await policy.check(identified({}, { utm_source: 'mail' }))).params).toEqual({
      kasmUrl: null,
      network: null,
      remoteApp: null,
    });
  });
  it('kasm_url needs its option and an http(s) address; a bare host means https', async () => {
    expect(await refusal(() => policy.check(identified({}, { kasm_url: 'example.com' })))).toBe(
      'PARAMETER_NOT_ALLOWED',
    );
    const ok = await policy.check(identified({ dynamicKasmUrl: true }, { kasm_url: 'example.com' }));
    expect(ok.params.kasmUrl).toBe('https://example.com/');
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'http://a\u0000b', 'ftp://x'])
      expect(
        await refusal(() => policy.check(identified({ dynamicKasmUrl: true }, { kasm_url: bad }))),
        bad,
      ).toBe('PARAMETER_INVALID');
  });
  it('docker_network needs its option, the workspace permission and a listed network', async () => {
    const on = { dynamicDockerNetwork: true };
    expect(await refusal(() => policy.check(identified({}, { docker_network: 'lab' })))).toBe(
      'PARAMETER_NOT_ALLOWED',
    );
    expect((await policy.check(identified(on, { docker_network: 'lab' }))).params.network).toBe('lab');
    expect(await refusal(() => policy.check(identified(on, { docker_network: 'prod' })))).toBe(
      'PARAMETER_NOT_ALLOWED',
    );
    expect(await refusal(() => policy.check(identified(on, { docker_network: '../x' })))).toBe(
      'PARAMETER_INVALID',
    );
    expect(
      await refusal(() =>
        new ParamsPolicy(workspaces(false, ['lab'])).check(identified(on, { docker_network: 'lab' })),
      ),
    ).toBe('PARAMETER_NOT_ALLOWED');
  });
  it('refuses non-text values, too many or too long parameters', async () => {
    expect(await refusal(() => policy.check(identified({}, { a: 1 })))).toBe('PARAMETER_INVALID');
    expect(await refusal(() => policy.check(identified({}, { a: 'x'.repeat(2049) })))).toBe(
      'PARAMETER_INVALID',
    );
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, 'v']));
    expect(await refusal(() => policy.check(identified({}, many)))).toBe('PARAMETER_INVALID');
  });
});
