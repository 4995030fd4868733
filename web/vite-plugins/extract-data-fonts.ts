import { posix } from 'node:path';
import type { Plugin } from 'vite';

/** A font embedded in CSS as a base64 `data:` URL, quoted or not. */
const DATA_FONT = /url\((["']?)data:font\/(woff2|woff|ttf|otf);base64,([A-Za-z0-9+/=]+)\1\)/g;

/**
 * Moves fonts that CSS embeds as `data:` URLs into files of their own under assets/, and points the CSS at them.
 * GraphiQL 5.4's style.css embeds Roboto, Fira Code and Monaco's codicon font this way. The hub's CSP takes fonts
 * from `default-src 'self'`, which rejects `data:` fonts but allows these files. As files, a browser also fetches
 * only the faces whose unicode-range a page uses. The plugin runs in builds only, because the dev server sets no CSP.
 */
export function extractDataFonts(): Plugin {
  return {
    name: 'lianfang:extract-data-fonts',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
        const css = typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
        const cssFolder = posix.dirname(file.fileName);
        file.source = css.replace(DATA_FONT, (_match, _quote, format: string, base64: string) => {
          const reference = this.emitFile({
            type: 'asset',
            name: `embedded-font.${format}`,
            source: Buffer.from(base64, 'base64'),
          });
          return `url(${posix.relative(cssFolder, this.getFileName(reference))})`;
        });
      }
    },
  };
}
