import './tasks/tasks.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppConfig } from './appConfig.js';
import { type ExportFormat, useExport } from './export/useExport.js';
import type { UnitWithBoundary } from './graphql/queries.js';
import type { Viewport } from './graphql/useIncidentGrid.js';
import { containsPoint, type PolygonGeometry } from './map/geometry.js';
import type { DescribedLayer } from './map/interactions.js';
import { type AddressFocus, type IncidentMode, SituationMap } from './map/SituationMap.js';
import type { LayerGroup } from './map/style.js';
import type { DrawTool } from './map/useAreaDrawing.js';
import type { OverlayFeatures } from './map/useOverlaySources.js';
import { AddressPanel } from './panels/AddressPanel.js';
import { AreaPanel } from './panels/AreaPanel.js';
import { Breadcrumb } from './panels/Breadcrumb.js';
import { ChildList } from './panels/ChildList.js';
import { ExportPanel } from './panels/ExportPanel.js';
import { Header } from './panels/Header.js';
import { LayerPanel } from './panels/LayerPanel.js';
import { Notices } from './panels/Notices.js';
import { TimeControls } from './panels/TimeControls.js';
import { useSelection } from './selection.js';
import { useSession } from './session/SessionGate.js';
import { EventDetailsPanel } from './tasks/EventDetailsPanel.js';
import { EventLayerToggle } from './tasks/EventLayerToggle.js';
import { LiveIndicator } from './tasks/LiveIndicator.js';
import { useEventsLayer } from './tasks/useEventsLayer.js';
import { useLiveRefresh } from './tasks/useLiveRefresh.js';
import { WorkflowPanel } from './tasks/WorkflowPanel.js';
import { formatShanghaiTime } from './time.js';
import { ringCentre, useErrorDetail, useSituationData } from './useSituationData.js';

const NO_UNITS: UnitWithBoundary[] = [];
const ALL_VISIBLE: Record<LayerGroup, boolean> = {
  children: true,
  selected: true,
  incidents: true,
  rentals: true,
  border: true,
  patrols: true,
  events: true,
  basemap: true,
};

/** Builds the popup lines of a hotspot, patrol zone or border zone; a patrol zone lists the hotspots it covers. */
function useDescribeFeature(overlays: OverlayFeatures) {
  const { t, i18n } = useTranslation();
  return useCallback(
    (layer: DescribedLayer, properties: Record<string, unknown>): string[] | null => {
      if (layer === 'incident-points') {
        const time = formatShanghaiTime(new Date(String(properties.occurredAt)), i18n.language);
        return [t(`category.${String(properties.category)}`), time, t('popup.noAddress')];
      }
      if (layer === 'hotspot-fill') return [t('popup.hotspot', { count: properties.count })];
      if (layer === 'border-band-fill') return [String(properties.name)];
      const zone = overlays.patrolZones.find((candidate) => candidate.id === properties.id);
      if (!zone) return null;
      const covered = overlays.hotspots.filter((hotspot) =>
        containsPoint(zone.zone, ringCentre(hotspot.area.coordinates[0] ?? [])),
      );
      return [
        zone.name,
        `${zone.unitName} · ${t(`shift.${zone.shift}`)}`,
        covered.length === 0
          ? t('popup.noHotspots')
          : t('popup.hotspots', { count: covered.length, incidents: covered.reduce((sum, h) => sum + h.count, 0) }),
      ];
    },
    [overlays, t, i18n.language],
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const errorDetail = useErrorDetail();
  const { session } = useSession();
  const ownUnit = session.user.orgUnit;
  const [selection, actions] = useSelection(ownUnit);
  const [visibility, setVisibility] = useState(ALL_VISIBLE);
  const [incidentMode, setIncidentMode] = useState<IncidentMode>('points');
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const [drawTool, setDrawTool] = useState<DrawTool | null>(null);
  const [area, setArea] = useState<PolygonGeometry | null>(null);
  const [mapError, setMapError] = useState<string | null>(null);
  const [focus, setFocus] = useState<AddressFocus | null>(null);

  const [openEvent, setOpenEvent] = useState<string | null>(null);
  // Grows after the user acted on a task, so the events layer and the task list reload at once.
  const [actedTick, setActedTick] = useState(0);

  // An address opened from the map or the area panel takes the right-hand panel from an open event.
  const { openAddress } = actions;
  const openAddressPanel = useCallback(
    (id: string | null) => {
      setOpenEvent(null);
      openAddress(id);
    },
    [openAddress],
  );

  const config = useAppConfig();
  const live = useLiveRefresh(selection.code, openEvent);
  const incidentLive = useMemo(
    () => ({ offline: live.status !== 'live', tick: live.incidents }),
    [live.status, live.incidents],
  );
  const data = useSituationData(selection, viewport, incidentLive);
  const eventsLayer = useEventsLayer(selection.code, !data.valid, live.events + actedTick);
  const describeFeature = useDescribeFeature(data.overlays);
  const exportScope = useMemo(
    () => ({
      code: selection.code,
      window: selection.window,
      bbox: viewport?.bbox ?? null,
      area,
      visibility,
      selected: data.unit,
      childUnits: data.unit?.children ?? NO_UNITS,
      overlays: data.overlays,
      rentalsInView: data.overlayCounts.rentalsInView,
    }),
    [
      selection.code,
      selection.window,
      viewport,
      area,
      visibility,
      data.unit,
      data.overlays,
      data.overlayCounts.rentalsInView,
    ],
  );
  const [exportState, runExport] = useExport(exportScope);

  // After a drill-down from the list the panel would stay scrolled down, hiding the breadcrumb.
  const panel = useRef<HTMLElement>(null);
  const code = selection.code;
  useEffect(() => {
    if (code) panel.current?.scrollTo({ top: 0 });
  }, [code]);

  const notices = [...data.notices];
  if (selection.windowRejected) notices.push({ kind: 'error', text: t('status.badWindow') });
  const district = data.unit?.ancestry[0];
  if (district && config.districts && !config.districts.includes(district.code)) {
    notices.push({ kind: 'info', text: t('status.otherHub', { name: district.name }) });
  }
  if (mapError) notices.push({ kind: 'error', text: t('status.mapFailed', { detail: mapError }) });
  if (data.loading) notices.push({ kind: 'info', text: t('status.loading') });

  const toggle = useCallback(
    (group: LayerGroup) => setVisibility((value) => ({ ...value, [group]: !value[group] })),
    [],
  );
  const onAreaDrawn = useCallback((drawn: PolygonGeometry) => {
    setArea(drawn);
    setDrawTool(null);
  }, []);
  const period = t('period.label', {
    from: formatShanghaiTime(selection.window.from, i18n.language),
    to: formatShanghaiTime(selection.window.to, i18n.language),
  });

  return (
    <div className={selection.address || openEvent ? 'app with-details' : 'app'}>
      <Header />
      <aside className="panel" ref={panel}>
        <LiveIndicator status={live.status} />
        {data.unit && <Breadcrumb ancestry={data.unit.ancestry} onSelect={actions.selectUnit} />}
        <Notices notices={notices} onReset={() => actions.selectUnit(ownUnit)} />
        <TimeControls
          window={selection.window}
          mode={incidentMode}
          onWindow={actions.setWindow}
          onMode={setIncidentMode}
        />
        <p className="muted period">{period}</p>
        <LayerPanel
          visibility={visibility}
          counts={data.counts}
          overlayCounts={data.overlayCounts}
          basemap={config.basemap !== null}
          heatmap={incidentMode === 'heatmap'}
          onToggle={toggle}
        />
        <EventLayerToggle visibility={visibility} count={eventsLayer.totalCount} onToggle={toggle} />
        <WorkflowPanel
          code={selection.code}
          eventsLayer={eventsLayer}
          tick={live.events + actedTick}
          openEvent={openEvent}
          onOpenEvent={setOpenEvent}
        />
        <AreaPanel
          code={selection.code}
          window={selection.window}
          tool={drawTool}
          area={area}
          onTool={setDrawTool}
          onClear={() => {
            setDrawTool(null);
            setArea(null);
          }}
          onOpenAddress={openAddressPanel}
          errorDetail={errorDetail}
        />
        <ExportPanel state={exportState} onExport={(format: ExportFormat) => runExport(format)} />
        {data.unit && <ChildList units={data.unit.children} onSelect={actions.selectUnit} />}
      </aside>
      <main className="map-area">
        <SituationMap
          selected={data.unit}
          childUnits={data.unit?.children ?? NO_UNITS}
          grid={data.grid}
          incidentMode={incidentMode}
          overlays={data.overlays}
          events={eventsLayer.events}
          visibility={visibility}
          drawTool={drawTool}
          keepArea={area !== null}
          onAreaDrawn={onAreaDrawn}
          onSelectUnit={actions.selectUnit}
          onOpenAddress={openAddressPanel}
          onOpenEvent={setOpenEvent}
          onViewport={setViewport}
          describeFeature={describeFeature}
          basemap={config.basemap}
          focus={selection.address ? focus : null}
          onError={setMapError}
        />
      </main>
      {openEvent && (
        <EventDetailsPanel
          id={openEvent}
          tick={live.openEvent}
          onClose={() => setOpenEvent(null)}
          onChanged={() => setActedTick((tick) => tick + 1)}
        />
      )}
      {selection.address && !openEvent && (
        <AddressPanel
          id={selection.address}
          window={selection.window}
          onClose={() => actions.openAddress(null)}
          onFocus={setFocus}
          errorDetail={errorDetail}
        />
      )}
    </div>
  );
}
