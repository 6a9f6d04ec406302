import express, { type Router } from 'express';
import path from 'node:path';
import type { OpenApiSpec } from '../openapi/openapi.spec';
import type { RouteKit } from './route-kit';

/**
 * /docs: Swagger UI from swagger-ui-dist in node_modules (the machines reach no CDN), rendering
 * /openapi.json. The security headers' CSP forbids inline scripts, so the initialiser is a file.
 */
const UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png'];

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Stacks API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

export function docsRoutes(kit: RouteKit, router: Router, spec: OpenApiSpec): void {
  const json = JSON.stringify(spec.document);
  kit.add('openapiJson', (_req, res) => {
    res.type('application/json').send(json);
  });
  kit.add('docs', (_req, res) => {
    res.type('text/html').send(PAGE);
  });
  router.get('/docs/assets/init.js', (_req, res) => {
    res.type('text/javascript').send(INIT);
  });
  const assets = express.static(UI_DIR, { index: false, fallthrough: true, maxAge: '1d' });
  router.get('/docs/assets/:file', (req, res, next) => {
    if (!UI_FILES.includes(req.params.file)) return next();
    req.url = `/${req.params.file}`;
    assets(req, res, next);
  });
}
