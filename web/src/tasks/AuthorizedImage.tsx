import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authorizedFetch } from '../session/authorizedFetch.js';

export interface AuthorizedImageProps {
  url: string;
  alt: string;
}

type ImageState = { kind: 'loading' } | { kind: 'ready'; src: string } | { kind: 'failed'; status: number | null };

/**
 * Shows a photo that the gateway serves only with the session's bearer token. An `<img>` cannot send that header, so
 * the photo is fetched with it and shown from a `blob:` URL. The URL is revoked when the photo leaves the page.
 */
export function AuthorizedImage({ url, alt }: AuthorizedImageProps) {
  const { t } = useTranslation('events');
  const [state, setState] = useState<ImageState>({ kind: 'loading' });
  useEffect(() => {
    let objectUrl: string | null = null;
    let current = true;
    setState({ kind: 'loading' });
    authorizedFetch(url)
      .then(async (response) => {
        if (!response.ok) {
          if (current) setState({ kind: 'failed', status: response.status });
          return;
        }
        const blob = await response.blob();
        if (!current) return;
        objectUrl = URL.createObjectURL(blob);
        setState({ kind: 'ready', src: objectUrl });
      })
      .catch(() => {
        if (current) setState({ kind: 'failed', status: null });
      });
    return () => {
      current = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);

  if (state.kind === 'ready') return <img src={state.src} alt={alt} className="event-photo" />;
  return (
    <span className="event-photo placeholder">
      {state.kind === 'loading'
        ? t('details.photoLoading')
        : t('details.photoFailed', { status: state.status ?? t('details.network') })}
    </span>
  );
}
