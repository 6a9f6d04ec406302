import { loadConfig } from '../../../src/config';
import { corsOriginsFrom, trustProxyFrom } from '../../../src/api/security/security.config';

describe('security configuration', () => {
  test.each([
    [undefined, '*'],
    ['*', '*'],
    ['none', []],
    ['https://opac.example.org', ['https://opac.example.org']],
    ['https://a.example, http://localhost:8080/', ['https://a.example', 'http://localhost:8080']],
  ])('when STACKS_CORS_ORIGINS is %p, then the origins are %p', (value, expected) => {
    const problems: string[] = [];

    expect(corsOriginsFrom({ STACKS_CORS_ORIGINS: value }, problems)).toEqual(expected);
    expect(problems).toEqual([]);
  });

  test.each(['opac.example.org', 'https://a.example/path', 'ftp://a.example', 'https://*.example.org'])(
    'when STACKS_CORS_ORIGINS holds %p, then a problem names it',
    (entry) => {
      const problems: string[] = [];

      corsOriginsFrom({ STACKS_CORS_ORIGINS: `https://ok.example,${entry}` }, problems);

      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(entry);
    },
  );

  test.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['loopback, 10.0.0.0/8, ::1', ['loopback', '10.0.0.0/8', '::1']],
  ])('when STACKS_TRUST_PROXY is %p, then trust proxy is %p', (value, expected) => {
    const problems: string[] = [];

    expect(trustProxyFrom({ STACKS_TRUST_PROXY: value }, problems)).toEqual(expected);
    expect(problems).toEqual([]);
  });

  test('when both security variables are bad, then loadConfig names both at once', () => {
    const load = () =>
      loadConfig({ STACKS_CORS_ORIGINS: 'nonsense', STACKS_TRUST_PROXY: 'proxy.example, 10.0.0.0/99' });

    expect(load).toThrow(/STACKS_CORS_ORIGINS.*STACKS_TRUST_PROXY/);
  });

  test('when nothing is set, then CORS is * and no proxy is trusted', () => {
    expect(loadConfig({})).toMatchObject({ corsOrigins: '*', trustProxy: false });
  });
});
