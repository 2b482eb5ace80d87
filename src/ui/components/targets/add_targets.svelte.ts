/**
 * AddTargets is the state of the Targets view's add form: the pasted URLs and the settings of the job they create,
 * sent to the storage worker, which refuses a paste with a malformed URL as a whole.
 */
import type { AddTargetsRequest } from '../../../api/types';
import { defaultScrapeProtocols, type ScrapeProtocol } from '../../../model/scrape_protocols';
import { api } from '../../lib/api';
import { unwrap } from '../../lib/poll.svelte';
import { durableStorage } from '../../lib/durable_storage.svelte';

/**
 * PROTOCOL_CHOICES are the scrape protocol choices of the add form ('' negotiates as Prometheus 3.x does). Each asks
 * for one protocol, except OpenMetrics 2.0 (experimental, few targets speak it), which asks for it before the defaults.
 */
export const PROTOCOL_CHOICES: readonly { value: '' | ScrapeProtocol; label: string }[] = [
  { value: '', label: 'Negotiate (default)' },
  { value: 'PrometheusText0.0.4', label: 'Prometheus text 0.0.4' },
  { value: 'PrometheusText1.0.0', label: 'Prometheus text 1.0.0' },
  { value: 'OpenMetricsText1.0.0', label: 'OpenMetrics 1.0.0' },
  { value: 'OpenMetricsText0.0.1', label: 'OpenMetrics 0.0.1' },
  { value: 'PrometheusProto', label: 'Prometheus protobuf' },
  { value: 'OpenMetricsText2.0.0', label: 'OpenMetrics 2.0.0 first (experimental)' },
];

/** parseExtraLabels reads `env="dev", team=a` into a label object, or throws naming the bad part. */
export function parseExtraLabels(s: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"?([^"]*)"?$/.exec(part);
    if (!m) throw new Error(`extra labels: "${part}" is not name=value`);
    out[m[1]] = m[2];
  }
  return out;
}

/** AddTargets holds the form's fields and the outcome of the last submit. */
export class AddTargets {
  urls = $state('');
  job = $state('');
  interval = $state('');
  timeout = $state('');
  extraLabels = $state('');
  honorLabels = $state(false);
  /** nativeHistograms sets scrape_native_histograms: protobuf is asked for first and native histograms kept. */
  nativeHistograms = $state(false);
  protocol = $state<'' | ScrapeProtocol>('');
  error = $state('');
  warning = $state('');
  hints = $state<string[]>([]);
  busy = $state(false);

  /** scrapeProtocols is the new job's scrape_protocols for the chosen protocol (undefined: the default). */
  scrapeProtocols(): ScrapeProtocol[] | undefined {
    if (this.protocol === 'OpenMetricsText2.0.0') return [this.protocol, ...defaultScrapeProtocols(this.nativeHistograms)];
    return this.protocol ? [this.protocol] : undefined;
  }

  /** submit sends the form; on success it clears the URLs unless the user typed new ones meanwhile. */
  async submit(): Promise<boolean> {
    this.busy = true;
    this.error = '';
    this.warning = '';
    this.hints = [];
    const submitted = this.urls;
    try {
      const req: AddTargetsRequest = {
        urls: submitted,
        job: this.job.trim() || undefined,
        interval: this.interval.trim() || undefined,
        timeout: this.timeout.trim() || undefined,
        labels: this.extraLabels.trim() ? parseExtraLabels(this.extraLabels) : undefined,
        honorLabels: this.honorLabels || undefined,
        scrapeProtocols: this.scrapeProtocols(),
        scrapeNativeHistograms: this.nativeHistograms || undefined,
      };
      const r = await api().storage.addTargets(req);
      const data = unwrap(r);
      this.warning = (r.warnings ?? []).join('\n');
      this.hints = data.hints;
      if (this.urls === submitted) this.urls = '';
      // The data is now worth keeping: ask once for storage the browser will not evict (see Status).
      void durableStorage.afterFirstTarget();
      return true;
    } catch (err) {
      this.error = (err as Error).message;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
