/**
 * RemoteWriteService serves `storage.remote`: the Settings form's view of the remote_write entries and the status
 * of their queues. Edits go through the same path as an imported prometheus.yml (the scrape manager's
 * configuration, saved in the ConfigStore), so the composition root applies them to the queues either way.
 */
import { parseDuration, formatDuration } from '../model/time';
import { remoteName, remoteWriteConfig, validateRemoteWrite, DEFAULT_REMOTE_TIMEOUT, type RemoteWriteConfig } from '../remote/config';
import { parseRelabelConfigs } from '../scrape/config_parse';
import { relabelYaml, SECRET } from '../scrape/config_export';
import { stringify } from 'yaml';
import { DEFAULT_HTTP, type HttpClientConfig } from '../scrape/config';
import type { Parts } from './server';
import type { ApiResponse, RemoteApi, RemoteAuth, RemoteEndpoint, RemoteQueueStatus } from './types';

function ok<T>(data: T): ApiResponse<T> {
  return { status: 'success', data };
}

function bad<T>(e: unknown): ApiResponse<T> {
  return { status: 'error', errorType: 'bad_data', error: (e as Error)?.message ?? String(e) };
}

/** endpointView shows one entry as the form edits it, secrets hidden. */
export function endpointView(c: RemoteWriteConfig): RemoteEndpoint {
  const auth: RemoteAuth = c.http.basicAuth ? 'basic' : c.http.authorization ? 'bearer' : 'none';
  const secret = c.http.basicAuth?.password ?? c.http.authorization?.credentials ?? '';
  return {
    id: remoteName(c),
    url: c.url,
    name: c.name,
    remoteTimeout: c.remoteTimeout === DEFAULT_REMOTE_TIMEOUT ? '' : formatDuration(c.remoteTimeout),
    auth,
    username: c.http.basicAuth?.username ?? '',
    secret: secret === '' ? '' : SECRET,
    relabelYaml: c.writeRelabelConfigs.length === 0 ? '' : stringify(c.writeRelabelConfigs.map(relabelYaml), { lineWidth: 0 }),
    protobufMessage: c.protobufMessage,
    sendNativeHistograms: c.sendNativeHistograms,
    sendExemplars: c.sendExemplars,
  };
}

/** endpointConfig builds the entry a form describes; old is the entry it replaces (for kept secrets and queue settings). */
export function endpointConfig(e: RemoteEndpoint, old?: RemoteWriteConfig): RemoteWriteConfig {
  const oldSecret = old?.http.basicAuth?.password ?? old?.http.authorization?.credentials ?? '';
  const secret = e.secret === SECRET ? oldSecret : e.secret;
  const { basicAuth: _basic, authorization: _bearer, ...base } = old?.http ?? DEFAULT_HTTP;
  const auths: Record<RemoteAuth, HttpClientConfig> = {
    none: base,
    basic: { ...base, basicAuth: { username: e.username, password: secret } },
    bearer: { ...base, authorization: { type: old?.http.authorization?.type ?? 'Bearer', credentials: secret } },
  };
  let writeRelabelConfigs;
  try {
    writeRelabelConfigs = parseRelabelConfigs(e.relabelYaml);
  } catch (err) {
    throw new Error(`write relabel configs: ${(err as Error).message}`);
  }
  const http = auths[e.auth];
  return remoteWriteConfig({
    ...old,
    url: e.url.trim(),
    name: e.name.trim(),
    remoteTimeout: e.remoteTimeout.trim() === '' ? DEFAULT_REMOTE_TIMEOUT : parseDuration(e.remoteTimeout.trim()),
    http,
    writeRelabelConfigs,
    protobufMessage: e.protobufMessage,
    sendNativeHistograms: e.sendNativeHistograms,
    sendExemplars: e.sendExemplars,
    line: 0,
  });
}

/** RemoteWriteService implements RemoteApi over the composition root's parts. */
export class RemoteWriteService implements RemoteApi {
  constructor(
    private readonly parts: Promise<Parts>,
    private readonly save: () => Promise<void>,
  ) {}

  async endpoints(): Promise<ApiResponse<RemoteEndpoint[]>> {
    return ok(((await this.parts).scrape.config().remoteWrite ?? []).map(endpointView));
  }

  async status(): Promise<ApiResponse<RemoteQueueStatus[]>> {
    return ok(
      (await this.parts).remote.stats().map((s) => ({
        id: s.name,
        url: s.url,
        sent: s.sent,
        failed: s.failed,
        retried: s.retried,
        dropped: s.dropped.dropped_series + s.dropped.queue_full,
        pending: s.pending,
        bytes: s.bytes,
        lastError: s.lastError,
        lastErrorTime: s.lastErrorTime,
        lastSend: s.lastSend,
        highestSent: s.highestSent,
        protobufMessage: s.protobufMessage,
        histogramsSent: s.histogramsSent,
        histogramsSkipped: s.histogramsSkipped,
        written: s.written,
        headerMode: s.headerMode,
      })),
    );
  }

  async saveEndpoint(endpoint: RemoteEndpoint): Promise<ApiResponse<null>> {
    try {
      const list = [...((await this.parts).scrape.config().remoteWrite ?? [])];
      const at = endpoint.id === '' ? -1 : list.findIndex((c) => remoteName(c) === endpoint.id);
      if (endpoint.id !== '' && at < 0) throw new Error(`no remote write endpoint "${endpoint.id}"`);
      const cfg = endpointConfig(endpoint, at >= 0 ? list[at] : undefined);
      if (at >= 0) list[at] = cfg;
      else list.push(cfg);
      await this.apply(list);
      return ok(null);
    } catch (err) {
      return bad(err);
    }
  }

  async removeEndpoint(id: string): Promise<ApiResponse<null>> {
    try {
      const list = (await this.parts).scrape.config().remoteWrite ?? [];
      const next = list.filter((c) => remoteName(c) !== id);
      if (next.length === list.length) throw new Error(`no remote write endpoint "${id}"`);
      await this.apply(next);
      return ok(null);
    } catch (err) {
      return bad(err);
    }
  }

  private async apply(list: RemoteWriteConfig[]): Promise<void> {
    const bad = validateRemoteWrite(list);
    if (bad) throw new Error(bad.message);
    const { scrape } = await this.parts;
    const { remoteWrite: _old, ...rest } = scrape.config();
    await scrape.applyConfig(list.length > 0 ? { ...rest, remoteWrite: list } : rest);
    await this.save();
  }
}
