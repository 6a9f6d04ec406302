import request from 'supertest';
import { corsFrom } from '../../../src/api/security/cors.middleware';
import { securityHeaders } from '../../../src/api/security/security-headers.middleware';
import { testApp } from './security-test-app';

function corsApp(corsOrigins: '*' | string[]) {
  return testApp((app) => {
    app.use(corsFrom({ corsOrigins }));
    app.get('/records', (_req, res) => res.json([]));
  });
}

describe('CORS', () => {
  test('when any origin is allowed, then a cross-origin read gets * and never credentials', async () => {
    const res = await request(corsApp('*')).get('/records').set('Origin', 'https://elsewhere.example');

    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['access-control-expose-headers']).toContain('RateLimit');
    expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
    expect(res.headers['access-control-expose-headers']).toContain('Stacks-Warnings');
    expect(res.headers['access-control-expose-headers']).toContain('Stacks-Index-Pending');
    expect(res.headers['access-control-expose-headers']).toContain('X-DAIA-Version');
    expect(res.headers['access-control-expose-headers']).toContain('Stacks-Export-Total');
  });

  test('when origins are listed, then a listed origin is echoed with Vary: Origin', async () => {
    const app = corsApp(['https://opac.example.org']);

    const res = await request(app).get('/records').set('Origin', 'https://opac.example.org');

    expect(res.headers['access-control-allow-origin']).toBe('https://opac.example.org');
    expect(res.headers['vary']).toContain('Origin');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  test('when origins are listed, then an unlisted origin gets no CORS headers', async () => {
    const app = corsApp(['https://opac.example.org']);

    const res = await request(app).get('/records').set('Origin', 'https://evil.example');

    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['vary']).toContain('Origin');
  });

  test('when a browser preflights a keyed write, then the key headers and methods are allowed', async () => {
    const res = await request(corsApp('*'))
      .options('/records')
      .set('Origin', 'https://elsewhere.example')
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'authorization, content-type');

    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-methods']).toContain('PUT');
    expect(res.headers['access-control-allow-headers']).toContain('Authorization');
    expect(res.headers['access-control-allow-headers']).toContain('X-API-Key');
    expect(res.headers['access-control-max-age']).toBe('600');
  });

  test('when an unlisted origin preflights, then the answer has no allow headers', async () => {
    const res = await request(corsApp([]))
      .options('/records')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'DELETE');

    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('security headers', () => {
  const app = testApp((a) => {
    a.use(securityHeaders());
    a.get('/docs', (_req, res) => res.type('html').send('<html></html>'));
  });

  test('when any response goes out, then it carries nosniff, frame denial, no referrer and no X-Powered-By', async () => {
    const res = await request(app).get('/docs');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('when the docs page is served, then its CSP allows own scripts, inline styles and data: images only', async () => {
    const csp = (await request(app).get('/docs')).headers['content-security-policy'] as string;
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );

    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
