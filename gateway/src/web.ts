import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import type { BasemapConfig } from './basemap.js';

/**
 * Allows only the page's own origin, so a build that referenced a CDN, web font or tile server would fail visibly
 * in the browser instead of leaking requests. MapLibre's CSS embeds its control icons as `data:` URLs.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The analyst workbench's policy adds inline styles and nothing else: Monaco 0.52, GraphiQL's editor, writes its
 * theme and layout into `<style>` elements and `style` attributes at run time and supports no nonce. Scripts, fonts,
 * workers and requests stay limited to the page's own origin. The map keeps the stricter policy above.
 */
const WORKBENCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "style-src 'self'",
  "style-src 'self' 'unsafe-inline'",
);

/** Path of the workbench in the web app (web/src/workbench/WorkbenchRoute.tsx). Paths below it show it too. */
const WORKBENCH_PATH = '/workbench';

function isWorkbenchPath(path: string): boolean {
  return path === WORKBENCH_PATH || path.startsWith(`${WORKBENCH_PATH}/`);
}

export interface WebAppOptions {
  /** External raster basemap; the page's policy then also allows images and fetches from its origin. */
  basemap?: BasemapConfig | null;
  /** Division codes of the districts whose department data this hub holds; the map notes units outside them. */
  districts?: string[];
}

/** Settings the web app reads at start: the optional basemap and the hub's districts. */
export const APP_CONFIG_PATH = '/app-config.json';

/** Adds one origin to the policy's image and fetch sources; MapLibre fetches raster tiles and decodes them as images. */
function allowBasemap(policy: string, origin: string): string {
  return policy
    .replace("img-src 'self' data: blob:", `img-src 'self' data: blob: ${origin}`)
    .replace("connect-src 'self'", `connect-src 'self' ${origin}`);
}

const MISSING_BUILD_PAGE =
  '态势图网页尚未构建：找不到 web/dist/index.html。请在仓库根目录运行 pnpm run web:build，然后刷新本页。\n';

/** True for navigations, whose Accept header names text/html; script, image and fetch requests do not. */
function acceptsHtml(request: Request): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/** Vite puts a content hash in every file name under assets/, so those never change; the rest is revalidated. */
function cacheHeaders(distDir: string) {
  return (response: Response, path: string) => {
    const immutable = relative(distDir, path).startsWith(`assets${sep}`);
    response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

/**
 * Returns a `mount` function for `startGateway` that serves the built situation map from `distDir`: the static
 * files, and index.html for any other GET that accepts text/html, so a shared URL such as `/?unit=320509001` or a
 * deep path reloads the app. Until the app is built, those requests get 503 with a Chinese page naming the build
 * command. Other unknown paths get Express's 404.
 */
export function serveWebApp(distDir: string, options: WebAppOptions = {}): (app: Express) => void {
  const indexFile = join(distDir, 'index.html');
  const staticFiles = express.static(distDir, { index: false, setHeaders: cacheHeaders(distDir) });
  const basemap = options.basemap ?? null;
  const mapPolicy = basemap ? allowBasemap(CONTENT_SECURITY_POLICY, basemap.origin) : CONTENT_SECURITY_POLICY;
  const appConfig = {
    basemap: basemap && { tiles: basemap.tiles, attribution: basemap.attribution, tileSize: basemap.tileSize },
    districts: options.districts ?? null,
  };

  return (app) => {
    app.use((request, response, next) => {
      const policy = isWorkbenchPath(request.path) ? WORKBENCH_CONTENT_SECURITY_POLICY : mapPolicy;
      response.setHeader('content-security-policy', policy);
      response.setHeader('x-content-type-options', 'nosniff');
      next();
    });
    app.get(APP_CONFIG_PATH, (_request, response) => {
      response.setHeader('cache-control', 'no-cache');
      response.json(appConfig);
    });
    app.use(staticFiles);
    app.get(/.*/, (request, response, next) => {
      if (!acceptsHtml(request) && request.path !== '/') {
        next();
        return;
      }
      if (!existsSync(indexFile)) {
        response.status(503).type('text/plain; charset=utf-8').send(MISSING_BUILD_PAGE);
        return;
      }
      response.setHeader('cache-control', 'no-cache');
      response.sendFile(indexFile);
    });
  };
}
