import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadedPhoto } from './draft.js';
import { checkPhoto, MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_TYPES, type PhotoProblem, type PhotoType } from './photos.js';

/** One photo of the draft: a chosen file with its preview, or a photo uploaded before the page was reloaded. */
export interface PhotoItem {
  key: string;
  name: string;
  file: File | null;
  /** Type read from the file's first bytes, sent as the upload's `Content-Type`; null for a restored photo. */
  contentType: PhotoType | null;
  /** Object URL of the chosen file, or null for a photo restored from the stored draft. */
  previewUrl: string | null;
  uploaded: UploadedPhoto | null;
}

/** Restores the photos a stored draft had already uploaded, without file or preview. */
export function restoredPhotos(uploaded: UploadedPhoto[]): PhotoItem[] {
  return uploaded.map((photo) => ({
    key: photo.id,
    name: photo.name,
    file: null,
    contentType: null,
    previewUrl: null,
    uploaded: photo,
  }));
}

interface Rejection {
  name: string;
  problem: PhotoProblem;
}

export interface PhotoPickerProps {
  photos: PhotoItem[];
  /** Receives an update of the list, applied to the current list because checking files takes a moment. */
  onChange(update: (photos: PhotoItem[]) => PhotoItem[]): void;
  disabled: boolean;
}

/** Splits chosen files into those that fit the limits, with their checked type, and the rejected ones. */
async function checkFiles(
  files: File[],
  room: number,
): Promise<{ accepted: { file: File; type: PhotoType }[]; rejected: Rejection[] }> {
  const accepted: { file: File; type: PhotoType }[] = [];
  const rejected: Rejection[] = [];
  for (const file of files) {
    const checked = await checkPhoto(file);
    if ('problem' in checked) rejected.push({ name: file.name, problem: checked.problem });
    else if (accepted.length >= room) rejected.push({ name: file.name, problem: 'count' });
    else accepted.push({ file, type: checked.type });
  }
  return { accepted, rejected };
}

/**
 * Photo field of the report: the camera or gallery through a file input, and previews with a remove button. A file
 * is rejected with a Chinese message when its first bytes are not JPEG, PNG or WebP, when it is over 8 MiB, or when
 * it would be the seventh photo.
 */
export function PhotoPicker({ photos, onChange, disabled }: PhotoPickerProps) {
  const { t } = useTranslation('events');
  const [rejected, setRejected] = useState<Rejection[]>([]);

  // An object URL keeps its file in memory until it is revoked, so each is revoked when its photo leaves the list.
  const previews = useRef(new Set<string>());
  useEffect(() => {
    const current = new Set(photos.flatMap((photo) => (photo.previewUrl ? [photo.previewUrl] : [])));
    for (const url of previews.current) if (!current.has(url)) URL.revokeObjectURL(url);
    previews.current = current;
  }, [photos]);
  useEffect(
    () => () => {
      for (const url of previews.current) URL.revokeObjectURL(url);
    },
    [],
  );

  const onFiles = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    const { accepted, rejected: refused } = await checkFiles(files, MAX_PHOTOS - photos.length);
    setRejected(refused);
    if (accepted.length === 0) return;
    const added = accepted.map(({ file, type }) => ({
      key: crypto.randomUUID(),
      name: file.name,
      file,
      contentType: type,
      previewUrl: URL.createObjectURL(file),
      uploaded: null,
    }));
    onChange((current) => [...current, ...added].slice(0, MAX_PHOTOS));
  };

  return (
    <fieldset className="report-section photos" disabled={disabled}>
      <legend>{t('report.photos.heading', { count: photos.length, max: MAX_PHOTOS })}</legend>
      <ul className="photo-list" data-testid="photo-list">
        {photos.map((photo) => (
          <li key={photo.key} className="photo-item">
            {photo.previewUrl ? (
              <img src={photo.previewUrl} alt={photo.name} />
            ) : (
              <span className="photo-restored">{t('report.photos.restored')}</span>
            )}
            <button
              type="button"
              className="photo-remove"
              aria-label={t('report.photos.remove', { name: photo.name })}
              onClick={() => onChange((current) => current.filter((other) => other.key !== photo.key))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <label className={photos.length >= MAX_PHOTOS ? 'big-button disabled' : 'big-button'}>
        {t('report.photos.add')}
        <input
          type="file"
          accept={PHOTO_TYPES.join(',')}
          capture="environment"
          multiple
          disabled={disabled || photos.length >= MAX_PHOTOS}
          onChange={onFiles}
          data-testid="photo-input"
        />
      </label>
      <p className="hint">{t('report.photos.limits', { megabytes: MAX_PHOTO_BYTES / 1024 / 1024, max: MAX_PHOTOS })}</p>
      {rejected.map((rejection) => (
        <p
          key={`${rejection.name}-${rejection.problem}`}
          className="notice error"
          role="alert"
          data-testid="photo-error"
        >
          {t(`report.photos.problem.${rejection.problem}`, {
            name: rejection.name,
            megabytes: MAX_PHOTO_BYTES / 1024 / 1024,
            max: MAX_PHOTOS,
          })}
        </p>
      ))}
    </fieldset>
  );
}
