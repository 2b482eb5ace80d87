import { describe, expect, it } from 'vitest';
import { checkTemplate, expandTemplate, QuerySample, type TemplateContext } from '../../../src/rules/template';
import { formatG, sprintf } from '../../../src/rules/gofmt';

const queries: Record<string, QuerySample[]> = {
  up: [new QuerySample({ __name__: 'up', instance: 'a:9090', job: 'x' }, 1), new QuerySample({ __name__: 'up', instance: 'b:9090', job: 'x' }, 0)],
  none: [],
  rev: [new QuerySample({ instance: 'z' }, 1), new QuerySample({ instance: 'm' }, 2), new QuerySample({}, 3)],
  big: [new QuerySample({}, 1234567)],
};

function ctx(over: Partial<TemplateContext> = {}): TemplateContext {
  return {
    labels: { instance: 'host:9100', job: 'node', severity: 'page' },
    externalLabels: { cluster: 'eu1' },
    externalURL: 'http://prom.example',
    value: 0.12345,
    env: {
      query: async (q) => {
        if (!(q in queries)) throw new Error(`bad query ${q}`);
        return queries[q];
      },
      timeMs: 1_700_000_000_000,
      externalURL: 'http://prom.example',
    },
    ...over,
  };
}

const CASES: [string, string, Partial<TemplateContext>?][] = [
  ['plain text', 'plain text'],
  ['{{ $labels.instance }} is down', 'host:9100 is down'],
  ['{{ .Labels.job }}/{{ $externalLabels.cluster }}/{{ $externalURL }}', 'node/eu1/http://prom.example'],
  ['{{ $labels.missing }}|', '|'],
  ['{{ $value }}', '0.12345'],
  ['{{ .Value }}', '1.234567e+06', { value: 1234567 }],
  ['{{ $value | humanize }}', '123.5m'],
  ['{{ humanize 1234567 }}', '1.235M'],
  ['{{ humanize 0 }} {{ humanize 0.000001 }} {{ humanize -2500 }}', '0 1u -2.5k'],
  ['{{ humanize "NaN" }} {{ humanize "+Inf" }}', 'NaN +Inf'],
  ['{{ humanize1024 1048576 }} {{ humanize1024 1 }} {{ humanize1024 1536 }}', '1Mi 1 1.5ki'],
  ['{{ humanizeDuration 90061 }}|{{ humanizeDuration 3661 }}|{{ humanizeDuration 61 }}', '1d 1h 1m 1s|1h 1m 1s|1m 1s'],
  ['{{ humanizeDuration 1.5 }}|{{ humanizeDuration 0.25 }}|{{ humanizeDuration 0 }}|{{ humanizeDuration -65 }}', '1.5s|250ms|0s|-1m 5s'],
  ['{{ humanizePercentage 0.1234 }} {{ humanizePercentage 1 }}', '12.34% 100%'],
  ['{{ humanizeTimestamp 1435065584.128 }}', '2015-06-23 13:19:44.128 +0000 UTC'],
  ['{{ humanizeTimestamp 0 }}', '1970-01-01 00:00:00 +0000 UTC'],
  ['{{ printf "%s=%.2f" "load" 1.2345 }}', 'load=1.23'],
  ['{{ printf "%d items, %v, %f" 3 2.5 1.0 }}', '3 items, 2.5, 1.000000'],
  ['{{ printf "%f|%d" 1 $value }}', '%!f(int=1)|%!d(float64=3)', { value: 3 }],
  ['{{ 1000000 }} {{ 1000000.0 }} {{ -0x10 }} {{ len $labels | printf "%03d" }}', '1000000 1e+06 -16 003'],
  ['{{ printf "%d" 1.5 }}', '%!d(float64=1.5)'],
  ['{{ printf "%5s|%-4s|%05.1f" "ab" "c" 3.14159 }}', '   ab|c   |003.1'],
  ['{{ title "hello wide world" }} {{ toUpper "abc" }} {{ toLower "ABC" }}', 'Hello Wide World ABC abc'],
  ['{{ reReplaceAll "(.*):.*" "$1" $labels.instance }}', 'host'],
  ['{{ reReplaceAll "(?P<h>[a-z]+)" "<${h}>" "ab-cd" }}', '<ab>-<cd>'],
  ['{{ with query "up" }}{{ . | first | value }}{{ end }}', '1'],
  ['{{ query "up" | first | label "instance" }}', 'a:9090'],
  ['{{ range query "up" }}{{ .Labels.instance }}={{ .Value }};{{ end }}', 'a:9090=1;b:9090=0;'],
  ['{{ range $i, $s := query "up" }}{{ $i }}:{{ label "instance" $s }} {{ end }}', '0:a:9090 1:b:9090 '],
  ['{{ range query "none" }}x{{ else }}empty{{ end }}', 'empty'],
  ['{{ with query "none" }}some{{ else }}none{{ end }}', 'none'],
  ['{{ query "big" | first | value | humanize }}', '1.235M'],
  ['{{ if gt $value 0.1 }}high{{ else if gt $value 0.01 }}mid{{ else }}low{{ end }}', 'high'],
  ['{{ if gt $value 0.1 }}high{{ else if gt $value 0.01 }}mid{{ else }}low{{ end }}', 'mid', { value: 0.05 }],
  ['{{ if eq $labels.severity "page" }}P{{ end }}', 'P'],
  ['{{ if and $labels.job (not $labels.nope) }}y{{ end }}', 'y'],
  ['{{ $x := "a" }}{{ $x = "b" }}{{ $x }}', 'b'],
  ['{{ range $k, $v := $labels }}{{ $k }}={{ $v }},{{ end }}', 'instance=host:9100,job=node,severity=page,'],
  ['a  {{- " b " -}}  c', 'a b c'],
  ['{{/* a comment */}}x', 'x'],
  ['{{ len (query "up") }}', '2'],
  ['{{ "x" | printf "%s-%s" "y" }}', 'y-x'],
  ['{{ `raw\\n` }}', 'raw\\n'],
  ['<b>{{ "<i>" }}</b>', '<b><i></b>'],
  ['{{ if false -}}  a  {{- else -}}  b  {{- end }}', 'b'],
  ['{{ range $s := query "up" }}{{ if eq (value $s) 1.0 }}{{ label "instance" $s }}{{ end }}{{ end }}', 'a:9090'],
  ['{{ with $x := $labels.job }}{{ $x }}{{ end }}', 'node'],
  ['{{ if $labels.nope }}x{{ else with $labels.job }}{{ . | toUpper }}{{ end }}', 'NODE'],
  ['{{ index $labels "job" }} {{ print 1 2 "a" 3 }}', 'node 1 2a3'],
  ['{{ $value | printf "%.1f" }}', '0.1'],
  ['{{ 1e3 }} {{ 0.5 }} {{ true }}', '1000 0.5 true'],
  ['{{ range $labels }}{{ humanize . }}:{{ end }}', '0:1:1.235M:120m:', { labels: { a: '0.0', b: '1.0', c: '1234567.0', d: '.12' } }],
  ['{{ range $labels }}{{ humanize1024 . }}:{{ end }}', '0:1:1Mi:0.12:', { labels: { a: '0.0', b: '1.0', c: '1048576.0', d: '.12' } }],
  [
    '{{ range $labels }}{{ humanizeDuration . }}:{{ end }}',
    '0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:100ms:100us:123.5ms:1m 0s:1.234s:12.35s:',
    { labels: { a: '0', b: '1', c: '60', d: '3600', e: '86400', f: '.1', g: '.0001', h: '.12345', i: '60.5', j: '1.2345', k: '12.345' } },
  ],
  ['{{ humanizeDuration -183845 }} {{ humanizeDuration 899.99 }}', '-2d 3h 4m 5s 14m 59s'],
  ['{{ range $labels }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{ humanizeTimestamp . }}:{{ end }}', '+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:', { labels: { a: '+Inf', b: '-Inf', c: 'NaN' } }],
  ['{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}', '-22.22%:0%:12.35%:123.5%'],
  ['{{ humanizeTimestamp -1 }}|{{ humanizeTimestamp 1234567 }}|{{ humanizeTimestamp 9223372036 }}', '1969-12-31 23:59:59 +0000 UTC|1970-01-15 06:56:07 +0000 UTC|2262-04-11 23:47:16 +0000 UTC'],
  ['{{ reReplaceAll "(a)b" "x$1" "ab" }}', 'xa'],
  [
    '{{ "foo.example.com" | stripPort }}|{{ "foo.example.com:12345" | stripPort }}|{{ "2001:0DB8::1" | stripPort }}|{{ "[2001:0DB8::1]:12345" | stripPort }}|{{ "[2001:0DB8::1]::12345" | stripPort }}',
    'foo.example.com|foo.example.com|2001:0DB8::1|2001:0DB8::1|[2001:0DB8::1]::12345',
  ],
  ['{{ "foo.example.com:12345" | stripDomain }}|{{ "192.0.2.1:12345" | stripDomain }}|{{ "foo.example.com" | stripDomain }}', 'foo:12345|192.0.2.1:12345|foo'],
  ['{{ range query "rev" | sortByLabel "instance" }}{{ .Labels.instance }}={{ .Value }} {{ end }}', '=3 m=2 z=1 '],
  ['{{ graphLink "rate(x[5m]) > 1" }}|{{ tableLink "up" }}|{{ urlQueryEscape "a b!(c)" }}', '/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=0|/graph?g0.expr=up&g0.tab=1|a+b%21%28c%29'],
  ['{{ parseDuration "1h30m" }} {{ parseDuration "-5m" }} {{ pathPrefix }} {{ "<b>" | safeHtml }}', '5400 -300 /prom <b>', { env: { query: async () => [], timeMs: 0, externalURL: 'http://x/prom' } }],
];

describe('expandTemplate', () => {
  it.each(CASES)('%s', async (text, want, over) => {
    expect(await expandTemplate('__alert_Test', text, ctx(over))).toBe(want);
  });

  it.each([
    ['{{ query "none" | first }}', 'error calling first: first() called on vector with no elements'],
    ['{{ humanize "abc" }}', 'error calling humanize: strconv.ParseFloat: parsing "abc": invalid syntax'],
    ['{{ humanize }}', 'wrong number of args for humanize: want 1 got 0'],
    ['{{ .Nope }}', "can't evaluate field Nope in type struct"],
    ['{{ query "broken" }}', 'error calling query: bad query broken'],
    ['{{ gt $value 1 }}', 'error calling gt: incompatible types for comparison'],
    ['{{ humanizeTimestamp 1e19 }}', 'error calling humanizeTimestamp: 1e+19 cannot be represented as a nanoseconds timestamp since it overflows int64'],
    ['{{ (query "up").banana }}', "can't evaluate field banana in type template.queryResult"],
  ])('reports %s as an error text', async (text, fragment) => {
    const out = await expandTemplate('__alert_Test', text, ctx());
    expect(out.startsWith('<error expanding template: error executing template __alert_Test: template: __alert_Test:1:')).toBe(true);
    expect(out).toContain(fragment);
  });

  it('reports parse errors and counts Prometheus prefix in columns', async () => {
    expect(await expandTemplate('__alert_T', '{{ if 1 }}x', ctx())).toBe(
      '<error expanding template: error parsing template __alert_T: template: __alert_T:1: unexpected EOF>',
    );
    const out = await expandTemplate('__alert_T', 'ab{{ first }}', ctx());
    expect(out).toContain(`__alert_T:1:${2 + 3 + 112}: executing "__alert_T" at <first>`);
    expect(checkTemplate('t', '{{ end }}')).toBe('template: t:1: unexpected {{end}}');
    expect(checkTemplate('t', '{{ nosuch 1 }}')).toBe('template: t:1: function "nosuch" not defined');
    expect(checkTemplate('t', '{{ $nope }}')).toBe('template: t:1: undefined variable "$nope"');
    expect(checkTemplate('t', '{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}')).toBe('template: t:1: undefined variable "$x"');
    expect(checkTemplate('t', '{{ $x := 1 }}{{ $x = 2 }}{{ range $i, $e := $labels }}{{ $i }}{{ $x }}{{ end }}')).toBeNull();
    expect(checkTemplate('t', 'a\n{{ if }}')).toBe('template: t:2: missing value for command');
    expect(checkTemplate('t', '{{ template "x" }}')).toBe('template: t:1: {{template}} is not supported');
    expect(checkTemplate('t', '{{ $labels.x }}')).toBeNull();
  });
});

describe('gofmt', () => {
  it.each([
    [1234.5678, 4, '1235'],
    [12345.678, 4, '1.235e+04'],
    [0.00012345, 4, '0.0001234'],
    [0.00012356, 4, '0.0001236'],
    [0.000012345, 4, '1.234e-05'],
    [100, 4, '100'],
    [1.5, 4, '1.5'],
  ])('formatG(%d, %d) = %s', (x, p, s) => {
    expect(formatG(x, p)).toBe(s);
  });

  it('sprintf reports missing and extra arguments as Go does', () => {
    expect(sprintf('%s %s', ['a'])).toBe('a %!s(MISSING)');
    expect(sprintf('%s', ['a', 1])).toBe('a%!(EXTRA float64=1)');
    expect(sprintf('100%%', [])).toBe('100%');
  });
});
