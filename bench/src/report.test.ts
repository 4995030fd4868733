import { describe, expect, it } from 'vitest';
import { DOCS_END, DOCS_START, updateDocsPage } from './report.js';

describe('updateDocsPage', () => {
  it('replaces only the text between the markers', () => {
    const page = `# Benchmarks\n\nintro\n\n${DOCS_START}\nold figures\n${DOCS_END}\n\n## Another section\n`;
    const updated = updateDocsPage(page, 'new figures');
    expect(updated).toBe(
      `# Benchmarks\n\nintro\n\n${DOCS_START}\n\nnew figures\n\n${DOCS_END}\n\n## Another section\n`,
    );
  });

  it('appends a section when the markers are missing', () => {
    const updated = updateDocsPage('# Benchmarks\n', 'figures');
    expect(updated).toBe(
      `# Benchmarks\n\n## Situation map at 1M incidents\n\n${DOCS_START}\n\nfigures\n\n${DOCS_END}\n`,
    );
  });

  it('is stable when run twice', () => {
    const once = updateDocsPage('# Benchmarks\n', 'figures');
    expect(updateDocsPage(once, 'figures')).toBe(once);
  });
});
