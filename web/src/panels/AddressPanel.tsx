import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CombinedError, useQuery } from 'urql';
import { ADDRESS_DETAILS_QUERY, type AddressDetails, DEFAULT_RADIUS, RADIUS_CHOICES } from '../graphql/address.js';
import type { PurposeContext } from '../graphql/client.js';
import { distanceMetres } from '../map/geometry.js';
import type { AddressFocus } from '../map/SituationMap.js';
import { type ApiError, useApiErrorText, useMaskHint } from '../session/access.js';
import { useSession } from '../session/SessionGate.js';
import type { Department } from '../session/session.js';
import { formatShanghaiTime } from '../time.js';
import type { TimeWindow } from '../timeWindow.js';
import { PurposeForm, usePurpose } from './PurposeForm.js';
import { UsageChart } from './UsageChart.js';

/** Departments that read residents' names, ID numbers and phones raw (`@personal` in the police schema). */
const RESIDENT_READERS: readonly Department[] = ['police'];
/** Departments that read landlords' names raw (`@personal` in the housing schema). */
const LANDLORD_READERS: readonly Department[] = ['housing', 'police'];

/** Parts of the address query that can fail on their own, named by their field under `address`. */
type Section = 'residents' | 'rental' | 'enterprises' | 'utilityUsage' | 'nearbyIncidents';
const SECTIONS: readonly string[] = ['residents', 'rental', 'enterprises', 'utilityUsage', 'nearbyIncidents'];

/** Errors of one section, e.g. a FORBIDDEN error on `address.enterprises`; `null` picks those of no section. */
function errorsOf(error: CombinedError | undefined, section: Section | null): ApiError[] {
  return (error?.graphQLErrors ?? []).filter((item) => {
    const field = item.path?.[0] === 'address' ? item.path[1] : undefined;
    const inSection = typeof field === 'string' && SECTIONS.includes(field);
    return section === null ? !inSection : field === section;
  });
}

/** Shows why a section's data is missing, in place of the data; renders `children` when the section has no error. */
function SectionData({ errors, children }: { errors: ApiError[]; children: ReactNode }) {
  const errorText = useApiErrorText();
  if (errors.length === 0) return <>{children}</>;
  return (
    <p className="notice error" data-testid="section-error">
      {errorText(errors[0] as ApiError)}
    </p>
  );
}

/** Shows a line under masked values saying why they are masked, or nothing when the user reads them raw. */
function MaskHint({ readableBy, purpose }: { readableBy: readonly Department[]; purpose: string | null }) {
  const { session } = useSession();
  const hint = useMaskHint()(readableBy, session.user, purpose);
  if (!hint) return null;
  return (
    <p className="mask-hint" data-testid="mask-hint">
      {hint}
    </p>
  );
}

export interface AddressPanelProps {
  id: string;
  window: TimeWindow;
  onClose(): void;
  /** Reports the address's location and the chosen radius for the map to mark, or null while there is none. */
  onFocus(focus: AddressFocus | null): void;
  errorDetail(error: CombinedError): string;
}

function Residents({ address, purpose }: { address: AddressDetails; purpose: string | null }) {
  const { t } = useTranslation();
  if (address.residents.length === 0) return <p className="muted">{t('address.noResidents')}</p>;
  return (
    <>
      <MaskHint readableBy={RESIDENT_READERS} purpose={purpose} />
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
    </>
  );
}

function Rental({ address, purpose }: { address: AddressDetails; purpose: string | null }) {
  const { t } = useTranslation();
  const rental = address.rental;
  if (!rental) return <p className="muted">{t('address.noRental')}</p>;
  return (
    <>
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
      <MaskHint readableBy={LANDLORD_READERS} purpose={purpose} />
    </>
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

interface DetailsProps {
  address: AddressDetails;
  error: CombinedError | undefined;
  purpose: string | null;
  radius: number;
  onRadius(radius: number): void;
}

/** Renders the sections of one address; a section whose field failed (e.g. outside the jurisdiction) shows why. */
function Details({ address, error, purpose, radius, onRadius }: DetailsProps) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('address.residents', { count: address.residents.length })}</h3>
      <SectionData errors={errorsOf(error, 'residents')}>
        <Residents address={address} purpose={purpose} />
      </SectionData>
      <h3>{t('address.rental')}</h3>
      <SectionData errors={errorsOf(error, 'rental')}>
        <Rental address={address} purpose={purpose} />
      </SectionData>
      <h3>{t('address.enterprises')}</h3>
      <SectionData errors={errorsOf(error, 'enterprises')}>
        <Enterprises address={address} />
      </SectionData>
      <h3>{t('address.electricity')}</h3>
      <SectionData errors={errorsOf(error, 'utilityUsage')}>
        {address.utilityUsage === null && <p className="muted">{t('address.unavailable')}</p>}
        {address.utilityUsage?.length === 0 && <p className="muted">{t('address.noUsage')}</p>}
        {address.utilityUsage && address.utilityUsage.length > 0 && <UsageChart months={address.utilityUsage} />}
      </SectionData>
      <h3>
        <label>
          {t('address.nearby')}{' '}
          <select value={radius} onChange={(event) => onRadius(Number(event.target.value))} data-testid="radius">
            {RADIUS_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {t('address.metres', { count: choice })}
              </option>
            ))}
          </select>
        </label>
      </h3>
      <SectionData errors={errorsOf(error, 'nearbyIncidents')}>
        <NearbyIncidents address={address} radius={radius} />
      </SectionData>
    </>
  );
}

/**
 * Side panel with everything known about one address, filled by one federated query: residents (masked by the
 * API unless the user's department may read them and declared a purpose), the rental registration, enterprises,
 * 12 months of electricity against the baseline and the incidents of the map's period within a chosen radius.
 */
export function AddressPanel(props: AddressPanelProps) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [radius, setRadius] = useState<number>(DEFAULT_RADIUS);
  const [purpose, setPurpose] = usePurpose();
  // The gateway reads the purpose from the request's extensions; the context carries it to the client's exchange.
  const context = useMemo<PurposeContext>(() => ({ purpose: purpose ?? undefined }), [purpose]);
  const [result] = useQuery({
    query: ADDRESS_DETAILS_QUERY,
    variables: {
      id: props.id,
      radius,
      from: props.window.from.toISOString(),
      to: props.window.to.toISOString(),
    },
    context,
    // The cache keys results by variables alone, so a result read with a purpose would otherwise be shown after the
    // purpose is cleared. Every read of personal data also belongs in the gateway's access log.
    requestPolicy: 'network-only',
  });
  const address = result.data?.address;
  const { onFocus } = props;
  const lon = address?.location.coordinates[0];
  const lat = address?.location.coordinates[1];
  useEffect(() => {
    onFocus(lon === undefined || lat === undefined ? null : { location: [lon, lat], radiusMetres: radius });
  }, [onFocus, lon, lat, radius]);
  useEffect(() => () => onFocus(null), [onFocus]);

  const mayDeclare = LANDLORD_READERS.includes(session.user.department);
  const panelErrors = errorsOf(result.error, null);
  const failed = result.error && (panelErrors.length > 0 || result.error.networkError);
  return (
    <aside className="details" data-testid="address-panel" aria-label={t('address.heading')}>
      <header>
        <h2>{t('address.heading')}</h2>
        <button type="button" className="close" onClick={props.onClose} aria-label={t('address.close')}>
          ×
        </button>
      </header>
      {result.fetching && !address && <p className="muted">{t('status.loading')}</p>}
      {failed && result.error && (
        <p className="notice error" data-testid="address-error">
          {t('address.failed', { detail: props.errorDetail(result.error) })}
        </p>
      )}
      {result.data && !address && !failed && <p className="notice error">{t('address.notFound', { id: props.id })}</p>}
      {mayDeclare && <PurposeForm purpose={purpose} onPurpose={setPurpose} />}
      {address && (
        <>
          <p className="address-text" data-testid="address-text">
            {address.text}
          </p>
          <p className="muted">
            {address.id}
            {address.community && ` · ${address.community.name}`}
          </p>
          <Details address={address} error={result.error} purpose={purpose} radius={radius} onRadius={setRadius} />
        </>
      )}
    </aside>
  );
}
