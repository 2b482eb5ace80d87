/** Retrieval: scrape loop, targets, relabeling, service discovery and prometheus.yml, behind ScrapeManager. */
export {
  ScrapeManager,
  type DiscoveryStatus,
  type ScrapeManagerOptions,
  type TargetInfo,
  type TargetsInfo,
} from './manager';
export { addPastedTargets, removeStaticTarget, type AddTargetsOptions } from './edit';
export { localFetch, type LocalHandler } from './local';
export { realClock, type Clock, type FetchFn, type TimerHandle } from './clock';
export {
  DEFAULT_GLOBAL,
  DEFAULT_HTTP,
  emptyConfig,
  PASTED_INTERVAL,
  PASTED_TIMEOUT,
  scrapeConfig,
  type GlobalConfig,
  type HttpClientConfig,
  type PromConfig,
  type ScrapeConfig,
  type ScrapeLimits,
  type TargetGroup,
} from './config';
export { ConfigError, parseConfig } from './config_parse';
export { configToYaml, relabelYaml, SECRET, type ExportOptions } from './config_export';
export {
  compileRelabel,
  relabel,
  relabelConfig,
  relabelSteps,
  validateRelabelConfig,
  type RelabelAction,
  type RelabelConfig,
  type RelabelStep,
} from './relabel';
export { classifyFailure, type ScrapeErrorKind, type ScrapeFailure } from './errors';
export { parseFileSD } from './discovery';
export { parseTargetURLs, populateLabels, targetsFromGroup, type TargetSpec } from './targets';
export { REPORT_NAMES, ScrapeLoop } from './loop';
