/**
 * Rule templates: expand a label or annotation text as Prometheus does, with `$labels`, `$externalLabels`,
 * `$externalURL` and `$value` predefined and errors turned into `<error expanding template: ...>`.
 * An interpreter over template_parse.ts's tree; output is always plain text.
 */
import { formatValue, goTypeName } from './gofmt';
import { FUNCS, FuncError, isTrue, QuerySample, TemplateData, type FuncEnv } from './template_funcs';

const FUNC_NAMES: ReadonlySet<string> = new Set(FUNCS.keys());
const PREDEFINED = ['$labels', '$externalLabels', '$externalURL', '$value'];
import {
  parseTemplate,
  TemplateError,
  type BlockNode,
  type Command,
  type Operand,
  type Pipeline,
  type TemplateNode,
} from './template_parse';

/** DEFS is the text Prometheus puts before every rule template; error columns on line 1 count it, as upstream. */
export const DEFS =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

type Scope = { name: string; value: unknown }[];

class Exec {
  constructor(
    private readonly name: string,
    private readonly src: string,
    private readonly root: unknown,
    private readonly env: FuncEnv,
  ) {}

  fail(pos: number, cmd: string, msg: string): never {
    const before = this.src.slice(0, pos);
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = line === 1 ? pos + DEFS.length : pos - before.lastIndexOf('\n') - 1;
    throw new TemplateError(`template: ${this.name}:${line}:${col}: executing "${this.name}" at <${cmd}>: ${msg}`);
  }

  async list(nodes: readonly TemplateNode[], dot: unknown, scope: Scope, out: string[]): Promise<void> {
    for (const n of nodes) {
      const mark = scope.length;
      switch (n.kind) {
        case 'text':
          out.push(n.text);
          break;
        case 'action': {
          const v = await this.pipeline(n.pipe, dot, scope);
          if (n.pipe.decl.length === 0) out.push(formatValue(v));
          break;
        }
        case 'if':
        case 'with': {
          const v = await this.pipeline(n.pipe, dot, scope);
          if (isTrue(v)) await this.list(n.list, n.kind === 'with' ? v : dot, scope, out);
          else await this.list(n.elseList, dot, scope, out);
          scope.length = mark;
          break;
        }
        case 'range':
          await this.range(n, dot, scope, out);
          scope.length = mark;
          break;
      }
    }
  }

  private async range(n: BlockNode, dot: unknown, scope: Scope, out: string[]) {
    const v = await this.pipeline({ ...n.pipe, decl: [] }, dot, scope);
    let entries: [unknown, unknown][];
    if (Array.isArray(v)) entries = v.map((e, i) => [BigInt(i), e]);
    else if (v && typeof v === 'object' && !(v instanceof QuerySample) && !(v instanceof TemplateData)) {
      const o = v as Record<string, unknown>;
      entries = Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]);
    } else if (v === null || v === undefined) entries = [];
    else return this.fail(n.pos, 'range', `range can't iterate over ${formatValue(v)}`);
    if (entries.length === 0) return this.list(n.elseList, dot, scope, out);
    for (const [k, e] of entries) {
      const mark = scope.length;
      if (n.pipe.decl.length === 1) scope.push({ name: n.pipe.decl[0], value: e });
      if (n.pipe.decl.length === 2) scope.push({ name: n.pipe.decl[0], value: k }, { name: n.pipe.decl[1], value: e });
      await this.list(n.list, e, scope, out);
      scope.length = mark;
    }
  }

  async pipeline(p: Pipeline, dot: unknown, scope: Scope): Promise<unknown> {
    let value: unknown;
    let piped = false;
    for (const c of p.cmds) {
      value = await this.command(c, dot, scope, piped ? [value] : []);
      piped = true;
    }
    if (p.decl.length > 0) {
      if (p.assign) {
        const slot = [...scope].reverse().find((s) => s.name === p.decl[0]);
        if (!slot) this.fail(p.pos, p.decl[0], `undefined variable: ${p.decl[0]}`);
        slot.value = value;
      } else scope.push({ name: p.decl[0], value });
    }
    return value;
  }

  private async command(c: Command, dot: unknown, scope: Scope, piped: unknown[]): Promise<unknown> {
    const [head, ...rest] = c.args;
    if (head.kind !== 'ident') {
      if (rest.length > 0 || piped.length > 0) this.fail(c.pos, c.text, `can't give argument to non-function ${c.text}`);
      return this.operand(head, dot, scope, c);
    }
    const f = FUNCS.get(head.name);
    if (!f) this.fail(c.pos, c.text, `function "${head.name}" not defined`);
    const args: unknown[] = [];
    for (const a of rest) args.push(await this.operand(a, dot, scope, c));
    args.push(...piped);
    if (args.length < f.min || (f.max >= 0 && args.length > f.max)) {
      this.fail(c.pos, c.text, `wrong number of args for ${head.name}: want ${f.max < 0 ? `at least ${f.min}` : f.min} got ${args.length}`);
    }
    try {
      return await f.fn(args, this.env);
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      const msg = e instanceof FuncError ? e.message : (e as Error).message;
      return this.fail(c.pos, c.text, `error calling ${head.name}: ${msg}`);
    }
  }

  private async operand(o: Operand, dot: unknown, scope: Scope, c: Command): Promise<unknown> {
    switch (o.kind) {
      case 'literal':
        return o.value;
      case 'ident':
        return this.fail(o.pos, c.text, `function ${o.name} used as an operand`);
      case 'field':
        return this.fields(dot, o.fields, o.pos, c);
      case 'var': {
        let v: unknown;
        if (o.name === '$') v = this.root;
        else {
          const slot = [...scope].reverse().find((s) => s.name === o.name);
          if (!slot) this.fail(o.pos, c.text, `undefined variable: ${o.name}`);
          v = slot.value;
        }
        return this.fields(v, o.fields, o.pos, c);
      }
      case 'pipe':
        return this.fields(await this.pipeline(o.pipe, dot, scope), o.fields, o.pos, c);
    }
  }

  private fields(v: unknown, fields: readonly string[], pos: number, c: Command): unknown {
    for (const f of fields) {
      if (v instanceof QuerySample || v instanceof TemplateData) {
        if (!Object.prototype.hasOwnProperty.call(v, f)) {
          const type = v instanceof QuerySample ? '*template.sample' : 'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }';
          this.fail(pos, c.text, `can't evaluate field ${f} in type ${type}`);
        }
        v = (v as unknown as Record<string, unknown>)[f];
      } else if (v && typeof v === 'object' && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        v = Object.prototype.hasOwnProperty.call(o, f) ? o[f] : '';
      } else if (v === null || v === undefined) {
        this.fail(pos, c.text, `nil pointer evaluating interface {}.${f}`);
      } else {
        this.fail(pos, c.text, `can't evaluate field ${f} in type ${goTypeName(v)}`);
      }
    }
    return v;
  }
}

/** TemplateContext is what a rule template sees. */
export interface TemplateContext {
  readonly labels: Record<string, string>;
  readonly externalLabels: Record<string, string>;
  readonly externalURL: string;
  readonly value: number;
  readonly env: FuncEnv;
}

/** expandTemplate expands one text; a template error becomes `<error expanding template: ...>` as in Prometheus. */
export async function expandTemplate(name: string, text: string, ctx: TemplateContext): Promise<string> {
  if (!text.includes('{{')) return text;
  const data = new TemplateData(ctx.labels, ctx.externalLabels, ctx.externalURL, ctx.value);
  let tree: TemplateNode[];
  try {
    tree = parseTemplate(name, text, FUNC_NAMES, PREDEFINED);
  } catch (e) {
    return `<error expanding template: error parsing template ${name}: ${(e as Error).message}>`;
  }
  const scope: Scope = [
    { name: '$labels', value: data.Labels },
    { name: '$externalLabels', value: data.ExternalLabels },
    { name: '$externalURL', value: data.ExternalURL },
    { name: '$value', value: data.Value },
  ];
  const out: string[] = [];
  try {
    await new Exec(name, text, data, ctx.env).list(tree, data, scope, out);
  } catch (e) {
    return `<error expanding template: error executing template ${name}: ${(e as Error).message}>`;
  }
  return out.join('');
}

/** checkTemplate reports a template's parse error (as promtool check rules does), or null when it parses. */
export function checkTemplate(name: string, text: string): string | null {
  try {
    parseTemplate(name, text, FUNC_NAMES, PREDEFINED);
    return null;
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
}

export { QuerySample, TemplateData, type FuncEnv } from './template_funcs';
