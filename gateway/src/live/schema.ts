import {
  GraphQLEnumType,
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import type { LiveBroker } from './broker.js';
import { LIVE_KINDS, type LiveKind } from './notice.js';
import type { LiveScope } from './scope.js';
import { type LiveChange, type LiveItem, LiveStreamEnd } from './subscription.js';
import type { StreamTokenWatch } from './token-watch.js';

/** Context of one `liveChanges` operation: the authenticated viewer's scope and the re-checks of their token. */
export interface LiveContext extends Record<PropertyKey, unknown> {
  scope: LiveScope;
  /** Ends the subscription when the stream's token stops being valid; absent where no stream carries it. */
  tokenWatch?: StreamTokenWatch;
}

const KIND_DESCRIPTIONS: Record<LiveKind, string> = {
  EVENT: '事件（群众上报、网格员上报或视频告警形成的待处置事项）',
  TASK: '任务（事件派发给部门的处置任务）',
  INCIDENT: '警情（公安接处警记录）',
};

const liveKind = new GraphQLEnumType({
  name: 'LiveKind',
  description: '实时变更涉及的数据类别',
  values: Object.fromEntries(LIVE_KINDS.map((kind) => [kind, { description: KIND_DESCRIPTIONS[kind] }])),
});

const liveAction = new GraphQLEnumType({
  name: 'LiveAction',
  description: '变更类型',
  values: {
    CREATED: { description: '新建了一条记录' },
    UPDATED: { description: '一条记录已修改（如状态变化）' },
    RESYNC: { description: '批量写入或推送中断后可能漏掉了变更：请重新查询该类别的全部数据' },
  },
});

const nonNullString = new GraphQLNonNull(GraphQLString);

const liveChange = new GraphQLObjectType<LiveChange>({
  name: 'LiveChange',
  description: '一条实时变更通知。只说明哪条记录变了，详细内容请再通过 /graphql 查询（查询结果不会比通知更旧）',
  fields: {
    kind: { type: new GraphQLNonNull(liveKind), description: '数据类别' },
    action: { type: new GraphQLNonNull(liveAction), description: '变更类型' },
    id: { type: GraphQLID, description: '变更记录的编号；RESYNC 时为空' },
    eventId: { type: GraphQLID, description: '任务所属事件的编号；仅任务有' },
    orgUnits: {
      type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(GraphQLID))),
      description: '记录所属的组织单元中在本账号管辖范围内的部分；RESYNC 时为空列表',
    },
    department: { type: GraphQLString, description: '任务的承办部门；仅任务有' },
    status: { type: GraphQLString, description: '记录变更后的状态' },
    category: { type: GraphQLString, description: '事件类别' },
    at: { type: nonNullString, description: '部门服务收到数据库变更通知的时间（ISO 8601）' },
  },
});

/** Builds the schema of `/graphql/stream`: one subscription, fed by `broker`, and a query that lists the kinds. */
export function buildLiveSchema(broker: LiveBroker): GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      description: '本端点只接受订阅操作；查询请发往 /graphql',
      fields: {
        liveKinds: {
          type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(liveKind))),
          description: '可订阅的数据类别',
          resolve: () => LIVE_KINDS,
        },
      },
    }),
    subscription: new GraphQLObjectType<LiveItem, LiveContext>({
      name: 'Subscription',
      fields: {
        liveChanges: {
          type: new GraphQLNonNull(liveChange),
          description:
            '订阅本账号管辖范围内事件、任务、警情的新建与修改。kinds 为空时订阅全部类别；外市用户收不到任何变更',
          args: {
            kinds: {
              type: new GraphQLList(new GraphQLNonNull(liveKind)),
              description: '要订阅的数据类别；不填则订阅全部',
            },
          },
          subscribe: (_root, args: { kinds?: LiveKind[] | null }, context: LiveContext) => {
            const subscription = broker.subscribe(context.scope, args.kinds);
            context.tokenWatch?.attach(subscription);
            return subscription;
          },
          // The final item of a stream that the gateway ends becomes a result with its error.
          resolve: (item: LiveItem) => {
            if (item instanceof LiveStreamEnd) throw item.error;
            return item;
          },
        },
      },
    }),
  });
}
