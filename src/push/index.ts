/** The push store (Pushgateway semantics) and the push message shape; pure, no DOM. */
export {
  PushStore,
  PushError,
  PUSH_TIME,
  PUSH_FAILURE_TIME,
  groupLabels,
  parseGroupingLabels,
  parseBody,
  type GroupingKey,
  type PushGroup,
  type PushedFamily,
  type PushMethod,
  type PushOutcome,
} from './store';
export { PUSH_CHANNEL, pushRequestOf, isAllowedOrigin, type PushRequest, type PushResult } from './message';
