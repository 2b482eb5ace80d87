import { describe, expect, it } from 'vitest';
import { exportGrafana, importGrafana, type Panel } from '../../../src/dashboards';
import { heatmapScaleChoice } from '../../../src/dashboards/bucket_axis';

const heatmap = (fieldConfig: unknown, options: unknown) => ({
  title: 'h',
  schemaVersion: 41,
  panels: [{ id: 1, type: 'heatmap', title: 'Latency', gridPos: { x: 0, y: 0, w: 12, h: 8 }, targets: [{ refId: 'A', expr: 'sum(rate(x[1m]))' }], fieldConfig, options }],
});
const panel = (json: unknown) => importGrafana(json).dashboard.panels[0] as Panel;

describe('heatmap y axis from Grafana', () => {
  it("takes the unit from options.yAxis and reads Grafana's default linear scale as auto", () => {
    const p = panel(heatmap({ defaults: { custom: { scaleDistribution: { type: 'linear' } } }, overrides: [] }, { calculate: false, yAxis: { axisPlacement: 'left', unit: 's' } }));
    expect(p.fieldConfig.defaults.unit).toBe('s');
    expect(p.fieldConfig.defaults.custom?.scaleDistribution).toBeUndefined();
    expect(heatmapScaleChoice(p.fieldConfig.defaults.custom?.scaleDistribution)).toBe('auto');
  });

  it('keeps a log scale and its base, and writes the unit back to options.yAxis', () => {
    const p = panel(heatmap({ defaults: { unit: 'bytes', custom: { scaleDistribution: { type: 'log', log: 10 } } }, overrides: [] }, { yAxis: { unit: 's' } }));
    expect(p.fieldConfig.defaults.unit).toBe('bytes');
    expect(heatmapScaleChoice(p.fieldConfig.defaults.custom?.scaleDistribution)).toBe('log10');
    const out = exportGrafana(importGrafana(heatmap({ defaults: { custom: { scaleDistribution: { type: 'log', log: 2 } } } }, { yAxis: { unit: 's' } })).dashboard);
    const written = (out.panels as { options: { yAxis?: { unit?: string } } }[])[0];
    expect(written.options.yAxis?.unit).toBe('s');
    expect(panel(out).fieldConfig.defaults.unit).toBe('s');
  });

  it('maps each scaleDistribution to a choice', () => {
    expect(heatmapScaleChoice(undefined)).toBe('auto');
    expect(heatmapScaleChoice({ type: 'linear' })).toBe('linear');
    expect(heatmapScaleChoice({ type: 'log', log: 2 })).toBe('log2');
    expect(heatmapScaleChoice({ type: 'log' })).toBe('log2');
    expect(heatmapScaleChoice({ type: 'log', log: 10 })).toBe('log10');
  });
});
