import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { TerraDraw, TerraDrawCircleMode, TerraDrawPolygonMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { PolygonGeometry } from './geometry.js';

export const DRAW_TOOLS = ['polygon', 'circle'] as const;
export type DrawTool = (typeof DRAW_TOOLS)[number];

const AREA_COLOUR = '#d53f8c';

/**
 * Lets the user draw one polygon or circle on the map with terra-draw. Choosing a tool clears the previous area.
 * Finishing a shape reports it as a polygon (terra-draw 1.35 draws a circle with 64 steps) and ends drawing. The
 * shape stays on the map until a tool is chosen again, or until `tool` becomes null with `keep` false.
 */
export function useAreaDrawing(
  map: MapLibreMap | null,
  tool: DrawTool | null,
  keep: boolean,
  onDrawn: (area: PolygonGeometry) => void,
): void {
  const [draw, setDraw] = useState<TerraDraw | null>(null);
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;

  useEffect(() => {
    if (!map) return;
    const instance = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode({
          styles: { fillColor: AREA_COLOUR, outlineColor: AREA_COLOUR, fillOpacity: 0.15, outlineWidth: 2 },
        }),
        new TerraDrawCircleMode({
          styles: { fillColor: AREA_COLOUR, outlineColor: AREA_COLOUR, fillOpacity: 0.15, outlineWidth: 2 },
        }),
      ],
    });
    instance.start();
    instance.on('finish', (id) => {
      const feature = instance.getSnapshotFeature(id);
      if (feature?.geometry.type !== 'Polygon') return;
      onDrawnRef.current(feature.geometry as PolygonGeometry);
      instance.setMode('static');
    });
    setDraw(instance);
    return () => {
      setDraw(null);
      // The map may already be gone when the page unloads, and terra-draw then fails to remove its layers.
      try {
        instance.stop();
      } catch {
        // Nothing is left to clean up on a removed map.
      }
    };
  }, [map]);

  useEffect(() => {
    if (!draw) return;
    if (tool) {
      draw.clear();
      draw.setMode(tool);
    } else {
      draw.setMode('static');
      if (!keep) draw.clear();
    }
  }, [draw, tool, keep]);
}
