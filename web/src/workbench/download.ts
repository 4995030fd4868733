/** Lets the browser keep the object URL long enough to start the download before it is released. */
const REVOKE_DELAY_MS = 30_000;

/**
 * Saves text as a file through a temporary link to an object URL. Nothing leaves the page: `blob:` URLs carry the
 * page's own origin.
 */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
}
