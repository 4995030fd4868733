import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COORDINATE_SYSTEMS, type CoordinateSystem } from '../graphql/events.js';
import type { Position } from '../map/geometry.js';
import type { DraftLocation } from './draft.js';
import { PickMap } from './PickMap.js';

export interface LocationFieldProps {
  orgUnit: string;
  location: DraftLocation | null;
  onChange(location: DraftLocation | null): void;
  disabled: boolean;
}

/** How long the browser may take for a fix before the page reports a timeout, in milliseconds. */
const GEOLOCATION_TIMEOUT_MS = 15_000;

type LocateState = { kind: 'idle' } | { kind: 'locating' } | { kind: 'failed'; reason: 'denied' | 'unavailable' };

/** Parses a typed coordinate. Returns null unless it is a finite number within `limit` degrees of zero. */
function parseDegrees(text: string, limit: number): number | null {
  if (text.trim() === '') return null;
  const value = Number(text.trim());
  return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** Asks the browser for the device's WGS84 position and reports it with its accuracy. */
function useDeviceLocation(onLocated: (location: DraftLocation) => void) {
  const [state, setState] = useState<LocateState>({ kind: 'idle' });
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setState({ kind: 'failed', reason: 'unavailable' });
      return;
    }
    setState({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setState({ kind: 'idle' });
        onLocated({
          longitude: position.coords.longitude,
          latitude: position.coords.latitude,
          crs: 'WGS84',
          origin: 'DEVICE',
          accuracyMetres: position.coords.accuracy,
        });
      },
      (error) => {
        const reason = error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable';
        setState({ kind: 'failed', reason });
      },
      { enableHighAccuracy: true, timeout: GEOLOCATION_TIMEOUT_MS, maximumAge: 0 },
    );
  };
  return [state, locate] as const;
}

/**
 * Position field of the report: the device's fix with its accuracy, a tap on the small map, or coordinates typed
 * in a chosen coordinate system (WGS84, CGCS2000, GCJ-02 or BD-09), which the server converts to WGS84.
 */
export function LocationField({ orgUnit, location, onChange, disabled }: LocationFieldProps) {
  const { t } = useTranslation('events');
  const [crs, setCrs] = useState<CoordinateSystem>(location?.crs ?? 'WGS84');
  const [longitude, setLongitude] = useState(location ? String(location.longitude) : '');
  const [latitude, setLatitude] = useState(location ? String(location.latitude) : '');
  const [mapError, setMapError] = useState<string | null>(null);

  // A device fix or a map tap fills the fields with its WGS84 coordinates, while typed input keeps the user's text.
  useEffect(() => {
    if (!location || location.origin === 'MANUAL') return;
    setCrs(location.crs);
    setLongitude(location.longitude.toFixed(6));
    setLatitude(location.latitude.toFixed(6));
  }, [location]);

  const [locateState, locate] = useDeviceLocation(onChange);
  const onPick = ([lon, lat]: Position) =>
    onChange({ longitude: lon, latitude: lat, crs: 'WGS84', origin: 'MAP', accuracyMetres: null });

  const typed = (nextCrs: CoordinateSystem, lonText: string, latText: string) => {
    setCrs(nextCrs);
    setLongitude(lonText);
    setLatitude(latText);
    const lon = parseDegrees(lonText, 180);
    const lat = parseDegrees(latText, 90);
    onChange(
      lon === null || lat === null
        ? null
        : { longitude: lon, latitude: lat, crs: nextCrs, origin: 'MANUAL', accuracyMetres: null },
    );
  };
  const invalid =
    (longitude !== '' && parseDegrees(longitude, 180) === null) ||
    (latitude !== '' && parseDegrees(latitude, 90) === null);
  // GCJ-02 and BD-09 positions are offset by up to several hundred metres, so only WGS84 and CGCS2000 go on the map.
  const marked: Position | null =
    location && (location.crs === 'WGS84' || location.crs === 'CGCS2000')
      ? [location.longitude, location.latitude]
      : null;

  return (
    <fieldset className="report-section location" disabled={disabled}>
      <legend>{t('report.location.heading')}</legend>
      <button type="button" className="big-button" onClick={locate} disabled={locateState.kind === 'locating'}>
        {locateState.kind === 'locating' ? t('report.location.locating') : t('report.location.useDevice')}
      </button>
      {locateState.kind === 'failed' && (
        <p className="notice error" role="alert">
          {t(`report.location.failed.${locateState.reason}`)}
        </p>
      )}
      {location?.origin === 'DEVICE' && location.accuracyMetres !== null && (
        <p className="hint" data-testid="location-accuracy">
          {t('report.location.accuracy', { metres: Math.round(location.accuracyMetres) })}
        </p>
      )}
      <p className="hint">{t('report.location.pickHint')}</p>
      <PickMap orgUnit={orgUnit} marked={marked} onPick={onPick} onError={setMapError} />
      {mapError && <p className="notice error">{t('report.location.mapFailed', { detail: mapError })}</p>}
      <div className="coordinates">
        <label>
          {t('report.location.crs')}
          <select value={crs} onChange={(event) => typed(event.target.value as CoordinateSystem, longitude, latitude)}>
            {COORDINATE_SYSTEMS.map((system) => (
              <option key={system} value={system}>
                {t(`crs.${system}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('report.location.longitude')}
          <input
            inputMode="decimal"
            value={longitude}
            onChange={(event) => typed(crs, event.target.value, latitude)}
            data-testid="longitude"
          />
        </label>
        <label>
          {t('report.location.latitude')}
          <input
            inputMode="decimal"
            value={latitude}
            onChange={(event) => typed(crs, longitude, event.target.value)}
            data-testid="latitude"
          />
        </label>
      </div>
      {invalid && (
        <p className="notice error" role="alert">
          {t('report.location.invalid')}
        </p>
      )}
      {location && (
        <p className="hint" data-testid="location-summary">
          {t(`report.location.origin.${location.origin}`)} · {t(`crs.${location.crs}`)} ·{' '}
          {location.longitude.toFixed(6)}, {location.latitude.toFixed(6)}
        </p>
      )}
    </fieldset>
  );
}
