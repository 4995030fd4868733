/**
 * Construction of the app's MapLibre maps: the situation map and the report page's pick map share the local style,
 * the fonts and the error reporting.
 */
import { Map as MapLibreMap } from 'maplibre-gl';
import { LABEL_FONT } from './fonts.js';
import { buildStyle } from './style.js';

/** CJK glyphs come from fonts installed on the user's machine, so the map needs no glyph server for them. */
const LOCAL_IDEOGRAPH_FONTS = LABEL_FONT.join(',');

/** Returns the message of a thrown value or of the error in a MapLibre error event. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface InitialView {
  center: [number, number];
  zoom: number;
}

/**
 * Creates a map in `container` with the app's local style and no attribution control (a basemap that needs one adds
 * it), and passes MapLibre's errors to `onError`. Returns null after reporting the error when the map cannot be
 * created, e.g. without WebGL.
 */
export function createMap(
  container: HTMLElement,
  view: InitialView,
  onError: (detail: string) => void,
): MapLibreMap | null {
  let instance: MapLibreMap;
  try {
    instance = new MapLibreMap({
      container,
      style: buildStyle(),
      center: view.center,
      zoom: view.zoom,
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONTS,
      attributionControl: false,
    });
  } catch (error) {
    onError(errorDetail(error));
    return null;
  }
  instance.on('error', (event) => onError(errorDetail(event.error)));
  return instance;
}
