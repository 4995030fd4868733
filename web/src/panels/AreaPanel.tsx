import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type CombinedError, useQuery } from 'urql';
import { AREA_LIST_SIZE, AREA_QUERY } from '../graphql/incidents.js';
import type { PolygonGeometry } from '../map/geometry.js';
import { DRAW_TOOLS, type DrawTool } from '../map/useAreaDrawing.js';
import { formatShanghaiTime } from '../time.js';
import type { TimeWindow } from '../timeWindow.js';

export interface AreaPanelProps {
  code: string;
  window: TimeWindow;
  tool: DrawTool | null;
  area: PolygonGeometry | null;
  onTool(tool: DrawTool | null): void;
  onClear(): void;
  onOpenAddress(id: string): void;
  errorDetail(error: CombinedError): string;
}

function AreaResults(props: AreaPanelProps & { area: PolygonGeometry }) {
  const { t, i18n } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const [result] = useQuery({
    query: AREA_QUERY,
    variables: {
      code: props.code,
      from: props.window.from.toISOString(),
      to: props.window.to.toISOString(),
      within: props.area,
      first: AREA_LIST_SIZE,
    },
  });
  const loaded = result.data !== undefined;
  // The results sit below the layer list, so they are scrolled into view when they arrive.
  useEffect(() => {
    if (loaded) element.current?.scrollIntoView({ block: 'nearest' });
  }, [loaded]);
  if (result.error)
    return <p className="notice error">{t('area.failed', { detail: props.errorDetail(result.error) })}</p>;
  if (!result.data) return <p className="muted">{t('status.loading')}</p>;
  const { incidents, addresses } = result.data;

  return (
    <div className="area-results" ref={element}>
      <p data-testid="area-incident-count">{t('area.incidents', { count: incidents.totalCount })}</p>
      <ul className="plain scroll">
        {incidents.edges.map(({ node }) => (
          <li key={node.id}>
            {formatShanghaiTime(new Date(node.occurredAt), i18n.language)} {t(`category.${node.category}`)}
          </li>
        ))}
      </ul>
      <p data-testid="area-address-count">{t('area.addresses', { count: addresses.totalCount })}</p>
      <ul className="plain scroll" data-testid="area-addresses">
        {addresses.edges.map(({ node }) => (
          <li key={node.id}>
            <button type="button" className="link" onClick={() => props.onOpenAddress(node.id)}>
              {node.text}
            </button>
          </li>
        ))}
      </ul>
      {(incidents.totalCount > AREA_LIST_SIZE || addresses.totalCount > AREA_LIST_SIZE) && (
        <p className="muted">{t('area.listed', { count: AREA_LIST_SIZE })}</p>
      )}
    </div>
  );
}

/** Spatial filter: draw a polygon or circle, then count and list the incidents and addresses inside it. */
export function AreaPanel(props: AreaPanelProps) {
  const { t } = useTranslation();
  return (
    <section className="area" aria-label={t('area.heading')}>
      <h2>{t('area.heading')}</h2>
      <div className="segmented">
        {DRAW_TOOLS.map((tool) => (
          <button
            key={tool}
            type="button"
            aria-pressed={props.tool === tool}
            data-testid={`draw-${tool}`}
            onClick={() => props.onTool(props.tool === tool ? null : tool)}
          >
            {t(`area.${tool}`)}
          </button>
        ))}
        <button type="button" onClick={props.onClear} disabled={!props.area && !props.tool} data-testid="draw-clear">
          {t('area.clear')}
        </button>
      </div>
      {props.tool && <p className="muted">{t(`area.hint.${props.tool}`)}</p>}
      {props.area && <AreaResults {...props} area={props.area} />}
    </section>
  );
}
