import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { SubgraphSchemaFile } from './subgraphs.js';

/**
 * Composes the supergraph from the subgraph schemas with @apollo/composition.
 *
 * @throws with every composition error, one per line, when the schemas do not compose.
 */
export function composeSupergraph(subgraphs: SubgraphSchemaFile[]): string {
  const result = composeServices(
    subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) })),
  );
  if (result.errors) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
