import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CombinedError, useQuery } from 'urql';
import { ADDRESS_DETAILS_QUERY, type AddressDetails, DEFAULT_RADIUS, RADIUS_CHOICES } from '../graphql/address.js';
import { distanceMetres } from '../map/geometry.js';
import type { AddressFocus } from '../map/SituationMap.js';
import { formatShanghaiTime } from '../time.js';
import type { TimeWindow } from '../timeWindow.js';
import { UsageChart } from './UsageChart.js';

export interface AddressPanelProps {
  id: string;
  window: TimeWindow;
  onClose(): void;
  /** Reports the address's location and the chosen radius for the map to mark, or null while there is none. */
  onFocus(focus: AddressFocus | null): void;
  errorDetail(error: CombinedError): string;
}

function Residents({ address }: { address: AddressDetails }) {
  const { t } = useTranslation();
  if (address.residents.length === 0) return <p className="muted">{t('address.noResidents')}</p>;
  return (
    <table className="compact" data-testid="residents">
      <thead>
        <tr>
          <th>{t('address.name')}</th>
          <th>{t('address.idNumber')}</th>
          <th>{t('address.phone')}</th>
          <th>{t('address.residenceType')}</th>
        </tr>
      </thead>
      <tbody>
        {address.residents.map((resident) => (
          <tr key={resident.id}>
            <td>{resident.name}</td>
            <td>{resident.idNumber}</td>
            <td>{resident.phone ?? '–'}</td>
            <td>{t(`residenceType.${resident.residenceType}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Rental({ address }: { address: AddressDetails }) {
  const { t } = useTranslation();
  const rental = address.rental;
  if (!rental) return <p className="muted">{t('address.noRental')}</p>;
  return (
    <dl className="facts" data-testid="rental">
      <dt>{t('address.rooms')}</dt>
      <dd>{rental.rooms}</dd>
      <dt>{t('address.tenants')}</dt>
      <dd>{rental.tenants}</dd>
      <dt>{t('address.subdivided')}</dt>
      <dd>{rental.subdivided ? t('address.yes') : t('address.no')}</dd>
      <dt>{t('address.inspection')}</dt>
      <dd>{t(`inspection.${rental.inspectionState}`)}</dd>
      <dt>{t('address.landlord')}</dt>
      <dd>{rental.landlordName}</dd>
    </dl>
  );
}

function Enterprises({ address }: { address: AddressDetails }) {
  const { t } = useTranslation();
  if (address.enterprises === null) return <p className="muted">{t('address.unavailable')}</p>;
  if (address.enterprises.length === 0) return <p className="muted">{t('address.noEnterprises')}</p>;
  return (
    <ul className="plain" data-testid="enterprises">
      {address.enterprises.map((enterprise) => (
        <li key={enterprise.creditCode}>
          {enterprise.name}（{t(`enterpriseStatus.${enterprise.status}`)}）<br />
          <span className="muted">{enterprise.creditCode}</span>
        </li>
      ))}
    </ul>
  );
}

function NearbyIncidents({ address, radius }: { address: AddressDetails; radius: number }) {
  const { t, i18n } = useTranslation();
  const incidents = address.nearbyIncidents;
  const origin = address.location.coordinates;
  return (
    <>
      <p data-testid="nearby-count">{t('address.nearbyCount', { count: incidents.length, radius })}</p>
      <ul className="plain scroll" data-testid="nearby-incidents">
        {incidents.map((incident) => (
          <li key={incident.id}>
            <span className="distance">
              {t('address.metres', { count: Math.round(distanceMetres(origin, incident.location.coordinates)) })}
            </span>{' '}
            {formatShanghaiTime(new Date(incident.occurredAt), i18n.language)} {t(`category.${incident.category}`)}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Side panel with everything known about one address, filled by one federated query: residents (masked by the
 * API), the rental registration, enterprises, 12 months of electricity against the baseline and the incidents of
 * the map's period within a chosen radius.
 */
export function AddressPanel(props: AddressPanelProps) {
  const { t } = useTranslation();
  const [radius, setRadius] = useState<number>(DEFAULT_RADIUS);
  const [result] = useQuery({
    query: ADDRESS_DETAILS_QUERY,
    variables: {
      id: props.id,
      radius,
      from: props.window.from.toISOString(),
      to: props.window.to.toISOString(),
    },
  });
  const address = result.data?.address;
  const { onFocus } = props;
  const lon = address?.location.coordinates[0];
  const lat = address?.location.coordinates[1];
  useEffect(() => {
    onFocus(lon === undefined || lat === undefined ? null : { location: [lon, lat], radiusMetres: radius });
  }, [onFocus, lon, lat, radius]);
  useEffect(() => () => onFocus(null), [onFocus]);

  return (
    <aside className="details" data-testid="address-panel" aria-label={t('address.heading')}>
      <header>
        <h2>{t('address.heading')}</h2>
        <button type="button" className="close" onClick={props.onClose} aria-label={t('address.close')}>
          ×
        </button>
      </header>
      {result.fetching && !address && <p className="muted">{t('status.loading')}</p>}
      {result.error && (
        <p className="notice error">{t('address.failed', { detail: props.errorDetail(result.error) })}</p>
      )}
      {result.data && !address && <p className="notice error">{t('address.notFound', { id: props.id })}</p>}
      {address && (
        <>
          <p className="address-text" data-testid="address-text">
            {address.text}
          </p>
          <p className="muted">
            {address.id}
            {address.community && ` · ${address.community.name}`}
          </p>
          <h3>{t('address.residents', { count: address.residents.length })}</h3>
          <Residents address={address} />
          <h3>{t('address.rental')}</h3>
          <Rental address={address} />
          <h3>{t('address.enterprises')}</h3>
          <Enterprises address={address} />
          <h3>{t('address.electricity')}</h3>
          {address.utilityUsage === null && <p className="muted">{t('address.unavailable')}</p>}
          {address.utilityUsage?.length === 0 && <p className="muted">{t('address.noUsage')}</p>}
          {address.utilityUsage && address.utilityUsage.length > 0 && <UsageChart months={address.utilityUsage} />}
          <h3>
            <label>
              {t('address.nearby')}{' '}
              <select value={radius} onChange={(event) => setRadius(Number(event.target.value))} data-testid="radius">
                {RADIUS_CHOICES.map((choice) => (
                  <option key={choice} value={choice}>
                    {t('address.metres', { count: choice })}
                  </option>
                ))}
              </select>
            </label>
          </h3>
          <NearbyIncidents address={address} radius={radius} />
        </>
      )}
    </aside>
  );
}
