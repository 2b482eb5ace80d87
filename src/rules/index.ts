/** The rules module: rule files, the rule manager, templates and the notifier (Prometheus's rules + a small Alertmanager). */
export { parseRuleFile, exprErrorText, type RuleGroupConfig, type RuleConfig, type RuleFileError, type RuleFileOptions } from './rulefmt';
export { RuleManager, type RuleManagerOptions, type AlertStateSnapshot, type SavedAlert } from './manager';
export type { RuleDiscovery, AlertDiscovery, ApiRuleGroup, ApiAlertingRule, ApiRecordingRule, ApiAlert } from './api';
export { queryFuncOf, type InstantQueryData } from './query';
export { expandTemplate, checkTemplate, type TemplateContext } from './template';
export { Notifier, groupKeyOf, type Notification, type NotifiedAlert, type NotifierOptions, type AlertStatus } from './notifier';
export { Silences, matchersForAlert, silenceState, type Silence, type SilenceInput, type SilenceState } from './silences';
export { REAL_CLOCK, type Clock, type QueryFunc, type NotifyFunc, type NotifierAlert, type RuleHealth, type AlertState } from './types';
