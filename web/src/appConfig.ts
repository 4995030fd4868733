import { useEffect, useState } from 'react';

/** External raster basemap configured on the hub, off unless the operator sets one. */
export interface BasemapSettings {
  tiles: string;
  attribution: string;
  tileSize: number;
}

export interface AppConfig {
  basemap: BasemapSettings | null;
  /** Districts with department data on this hub; null when the hub does not list them. */
  districts: string[] | null;
}

const NO_CONFIG: AppConfig = { basemap: null, districts: null };

/**
 * Loads the hub's settings for the web app from `/app-config.json`. Until they arrive, and when the request fails,
 * the map runs without a basemap, which is the default anyway.
 */
export function useAppConfig(): AppConfig {
  const [config, setConfig] = useState<AppConfig>(NO_CONFIG);
  useEffect(() => {
    let current = true;
    fetch('/app-config.json', { headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? (response.json() as Promise<AppConfig>) : NO_CONFIG))
      .then((value) => {
        if (!current) return;
        const basemap = value.basemap && typeof value.basemap.tiles === 'string' ? value.basemap : null;
        const districts = Array.isArray(value.districts)
          ? value.districts.filter((code) => typeof code === 'string')
          : null;
        setConfig({ basemap, districts });
      })
      .catch(() => {
        // Without the settings the map keeps its built-in background.
      });
    return () => {
      current = false;
    };
  }, []);
  return config;
}
