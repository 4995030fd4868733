/**
 * Starts the browser's download of `content` as a file named `name`. Nothing leaves the page: `blob:` URLs carry the
 * page's own origin.
 */
export function downloadFile(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started once click() returns, so the URL can go at the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
