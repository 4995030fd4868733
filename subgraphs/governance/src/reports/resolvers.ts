import { badUserInput, type SubgraphContext, type SubgraphResolvers } from '@lianfang/subgraph-kit';
import type { EventRow } from '../workflow/rows.js';
import { classifyDescription } from './classifier.js';
import { photosOfEventLoader } from './photos.js';
import { submitReport } from './submit.js';

const MAX_DESCRIPTION = 2000;

export const reportResolvers: SubgraphResolvers = {
  Query: {
    classifyReport(_: unknown, args: { description: string }) {
      const length = [...args.description.trim()].length;
      if (length < 1 || length > MAX_DESCRIPTION) {
        throw badUserInput(`description（现场描述）须为 1–${MAX_DESCRIPTION} 字，不能只有空白，收到 ${length} 字`, {
          argument: 'description',
        });
      }
      return classifyDescription(args.description.trim());
    },
  },

  Mutation: {
    submitReport(_: unknown, args: { input: unknown }, context: SubgraphContext) {
      return submitReport(context, args.input);
    },
  },

  Event: {
    photos(event: Pick<EventRow, 'id'>, _: unknown, context: SubgraphContext) {
      return photosOfEventLoader(context).load(event.id);
    },
  },
};
