/**
 * A parser for the subset of Go's text/template that Prometheus rule templates use: text, `{{ pipeline }}` actions
 * with `{{-`/`-}}` trimming and comments, variables (`$x := …`, `$x = …`), fields (`.Labels.job`, `$labels.job`),
 * function calls and `|` pipelines, parentheses, and `if`/`else if`/`else`/`range`/`with`/`end`.
 * The result is plain data; template_exec.ts interprets it. Nothing here evaluates code.
 */

/** Operand is one argument of a command. */
export type Operand =
  | { readonly kind: 'field'; readonly fields: readonly string[]; readonly pos: number }
  | { readonly kind: 'var'; readonly name: string; readonly fields: readonly string[]; readonly pos: number }
  | { readonly kind: 'ident'; readonly name: string; readonly pos: number }
  | { readonly kind: 'literal'; readonly value: string | number | bigint | boolean | null; readonly pos: number }
  | { readonly kind: 'pipe'; readonly pipe: Pipeline; readonly fields: readonly string[]; readonly pos: number };

/** Command is a function call or a single operand; a pipeline passes each result as the next command's last argument. */
export interface Command {
  readonly args: readonly Operand[];
  readonly pos: number;
  /** text is the command's source, for error messages. */
  readonly text: string;
}

/** Pipeline is `[$a[, $b] :=|=] cmd | cmd ...`. */
export interface Pipeline {
  readonly decl: readonly string[];
  readonly assign: boolean;
  readonly cmds: readonly Command[];
  readonly pos: number;
}

/** TemplateNode is one node of a parsed template. */
export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly pipe: Pipeline; readonly pos: number }
  | BlockNode;

/** BlockNode is `{{if}}`, `{{with}}` or `{{range}}` with its body and else branch. */
export interface BlockNode {
  readonly kind: 'if' | 'with' | 'range';
  readonly pipe: Pipeline;
  readonly list: readonly TemplateNode[];
  readonly elseList: readonly TemplateNode[];
  readonly pos: number;
}

/** TemplateError is a parse or execution error; its message reads like Go's `template: name:line: ...`. */
export class TemplateError extends Error {}

type BlockKind = 'if' | 'with' | 'range';
const BLOCKS = new Set(['if', 'with', 'range']);
const UNSUPPORTED = new Set(['define', 'template', 'block', 'break', 'continue']);

type Tok = { t: 'str' | 'num' | 'bool' | 'nil' | 'ident' | 'var' | 'field' | 'op'; v: string; pos: number; end: number };

const TOKEN =
  /\s*(?:("(?:[^"\\\n]|\\.)*")|(`[^`]*`)|('(?:[^'\\]|\\.)')|([-+]?(?:0[xX][\da-fA-F]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?))|(\$[A-Za-z0-9_]*)|((?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.)|([A-Za-z_][A-Za-z0-9_]*)|(:=|=|\||\(|\)|,))/y;

function unquote(s: string): string {
  if (s.startsWith('`')) return s.slice(1, -1);
  if (s.startsWith("'")) return String((JSON.parse(`"${s.slice(1, -1).replace(/"/g, '\\"')}"`) as string).codePointAt(0));
  return JSON.parse(s) as string;
}

class Parser {
  private toks: Tok[] = [];
  private i = 0;
  /** at is the current action's offset, for errors about what is missing from it. */
  private at = 0;

  private readonly vars: string[];

  constructor(
    private readonly name: string,
    private readonly src: string,
    private readonly funcs: ReadonlySet<string>,
    predefined: readonly string[],
  ) {
    this.vars = ['$', ...predefined];
  }

  fail(pos: number, msg: string): never {
    const line = 1 + (this.src.slice(0, pos).match(/\n/g)?.length ?? 0);
    throw new TemplateError(`template: ${this.name}:${line}: ${msg}`);
  }

  lex(body: string, offset: number): Tok[] {
    const out: Tok[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < body.length) {
      if (/^\s*$/.test(body.slice(TOKEN.lastIndex))) break;
      const start = TOKEN.lastIndex;
      const m = TOKEN.exec(body);
      if (!m) this.fail(offset + start, `unexpected ${JSON.stringify(body.slice(start).trim()[0])} in command`);
      const pos = offset + m.index + (m[0].length - m[0].trimStart().length);
      const end = offset + m.index + m[0].length;
      if (m[1] || m[2]) out.push({ t: 'str', v: unquote(m[1] ?? m[2]), pos, end });
      else if (m[3]) out.push({ t: 'num', v: unquote(m[3]), pos, end });
      else if (m[4]) out.push({ t: 'num', v: m[4], pos, end });
      else if (m[5]) out.push({ t: 'var', v: m[5], pos, end });
      else if (m[6]) out.push({ t: 'field', v: m[6], pos, end });
      else if (m[7]) {
        const w = m[7];
        out.push({ t: w === 'true' || w === 'false' ? 'bool' : w === 'nil' ? 'nil' : 'ident', v: w, pos, end });
      } else out.push({ t: 'op', v: m[8], pos, end });
    }
    return out;
  }

  parse(): TemplateNode[] {
    const actions = this.scan();
    let k = 0;
    const list = (stopAt: readonly string[]): { nodes: TemplateNode[]; stop: string } => {
      const nodes: TemplateNode[] = [];
      while (k < actions.length) {
        const a = actions[k++];
        if (a.kind === 'text') {
          if (a.text !== '') nodes.push({ kind: 'text', text: a.text });
          continue;
        }
        this.toks = this.lex(a.body, a.pos);
        this.i = 0;
        this.at = a.pos;
        const first = this.toks[0];
        if (!first) this.fail(a.pos, 'missing value for command');
        const word = first.t === 'ident' ? first.v : '';
        if (word === 'end' || word === 'else') {
          if (!stopAt.includes(word)) this.fail(a.pos, `unexpected {{${word}}}`);
          return { nodes, stop: word };
        }
        if (BLOCKS.has(word)) {
          this.i = 1;
          nodes.push(block(word as BlockKind, first.pos));
          continue;
        }
        if (UNSUPPORTED.has(word)) this.fail(a.pos, `{{${word}}} is not supported`);
        nodes.push({ kind: 'action', pipe: this.pipeline(false), pos: first.pos });
      }
      if (stopAt.length > 0) this.fail(this.src.length, 'unexpected EOF');
      return { nodes, stop: 'eof' };
    };
    const block = (word: BlockKind, pos: number): TemplateNode => {
      const mark = this.vars.length;
      const pipe = this.pipeline(word === 'range');
      const body = list(['end', 'else']);
      let elseList: TemplateNode[] = [];
      if (body.stop === 'else') {
        const chained = this.toks[1];
        if (chained?.t === 'ident' && (chained.v === 'if' || chained.v === 'with')) {
          this.i = 2;
          elseList = [block(chained.v, chained.pos)];
        } else {
          if (this.toks.length > 1) this.fail(this.toks[1].pos, 'unexpected tokens after else');
          elseList = list(['end']).nodes;
        }
      }
      this.vars.length = mark;
      return { kind: word, pipe, list: body.nodes, elseList, pos };
    };
    return list([]).nodes;
  }

  private scan(): ({ kind: 'text'; text: string; pos: number } | { kind: 'action'; body: string; pos: number })[] {
    const out: ({ kind: 'text'; text: string; pos: number } | { kind: 'action'; body: string; pos: number })[] = [];
    const src = this.src;
    let i = 0;
    let trimNext = false;
    while (i <= src.length) {
      const open = src.indexOf('{{', i);
      let text = src.slice(i, open < 0 ? src.length : open);
      if (trimNext) text = text.replace(/^\s+/, '');
      if (open < 0) {
        out.push({ kind: 'text', text, pos: i });
        break;
      }
      const trimLeft = /^\{\{- /.test(src.slice(open, open + 4)) || src.slice(open, open + 4) === '{{-\n';
      if (trimLeft) text = text.replace(/\s+$/, '');
      out.push({ kind: 'text', text, pos: i });
      const bodyStart = open + (trimLeft ? 3 : 2);
      const close = src.indexOf('}}', bodyStart);
      if (close < 0) this.fail(open, 'unclosed action');
      const trimRight = /\s-$/.test(src.slice(bodyStart, close));
      const body = src.slice(bodyStart, trimRight ? close - 1 : close);
      trimNext = trimRight;
      i = close + 2;
      if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(body)) continue;
      out.push({ kind: 'action', body, pos: bodyStart });
    }
    return out;
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  private pipeline(allowTwoVars: boolean): Pipeline {
    const start = this.peek()?.pos ?? this.at;
    const decl: string[] = [];
    let assign = false;
    const save = this.i;
    if (this.peek()?.t === 'var') {
      decl.push(this.toks[this.i++].v);
      if (allowTwoVars && this.peek()?.v === ',' && this.toks[this.i + 1]?.t === 'var') {
        decl.push(this.toks[this.i + 1].v);
        this.i += 2;
      }
      const op = this.peek();
      if (op?.t === 'op' && (op.v === ':=' || op.v === '=')) {
        assign = op.v === '=';
        this.i++;
      } else {
        decl.length = 0;
        this.i = save;
      }
    }
    const cmds: Command[] = [];
    for (;;) {
      cmds.push(this.command());
      const t = this.peek();
      if (t?.t === 'op' && t.v === '|') {
        this.i++;
        continue;
      }
      break;
    }
    if (this.peek() && this.peek()!.v !== ')') this.fail(this.peek()!.pos, `unexpected ${JSON.stringify(this.peek()!.v)} in operand`);
    if (assign && !this.vars.includes(decl[0])) this.fail(start, `undefined variable "${decl[0]}"`);
    if (!assign) this.vars.push(...decl);
    return { decl, assign, cmds, pos: start };
  }

  private command(): Command {
    const args: Operand[] = [];
    const pos = this.peek()?.pos ?? this.at;
    for (;;) {
      const t = this.peek();
      if (!t || (t.t === 'op' && (t.v === '|' || t.v === ')'))) break;
      args.push(this.operand());
    }
    if (args.length === 0) this.fail(pos, 'missing value for command');
    return { args, pos, text: this.src.slice(pos, this.toks[this.i - 1].end) };
  }

  private operand(): Operand {
    const t = this.toks[this.i++];
    switch (t.t) {
      case 'str':
        return { kind: 'literal', value: t.v, pos: t.pos };
      case 'num': {
        if (/^[-+]?(0[xX][\da-fA-F]+|\d+)$/.test(t.v)) {
          const abs = BigInt(t.v.replace(/^[-+]/, ''));
          return { kind: 'literal', value: t.v.startsWith('-') ? -abs : abs, pos: t.pos };
        }
        const n = Number(t.v);
        if (Number.isNaN(n)) this.fail(t.pos, `bad number syntax: ${JSON.stringify(t.v)}`);
        return { kind: 'literal', value: n, pos: t.pos };
      }
      case 'bool':
        return { kind: 'literal', value: t.v === 'true', pos: t.pos };
      case 'nil':
        return { kind: 'literal', value: null, pos: t.pos };
      case 'ident':
        if (!this.funcs.has(t.v)) this.fail(t.pos, `function ${JSON.stringify(t.v)} not defined`);
        return { kind: 'ident', name: t.v, pos: t.pos };
      case 'var':
        if (!this.vars.includes(t.v)) this.fail(t.pos, `undefined variable ${JSON.stringify(t.v)}`);
        return { kind: 'var', name: t.v, fields: this.fieldChain(), pos: t.pos };
      case 'field':
        return { kind: 'field', fields: t.v === '.' ? [] : t.v.slice(1).split('.'), pos: t.pos };
      default:
        if (t.v === '(') {
          const pipe = this.pipeline(false);
          const close = this.toks[this.i++];
          if (!close || close.v !== ')') this.fail(t.pos, 'unclosed left paren');
          return { kind: 'pipe', pipe, fields: this.fieldChain(), pos: t.pos };
        }
        return this.fail(t.pos, `unexpected ${JSON.stringify(t.v)} in operand`);
    }
  }

  private fieldChain(): string[] {
    const t = this.peek();
    if (t?.t === 'field' && t.v !== '.' && !/\s/.test(this.src[t.pos - 1])) {
      this.i++;
      return t.v.slice(1).split('.');
    }
    return [];
  }
}

/**
 * parseTemplate parses template text; `name` appears in error messages as Go's template name does. As in Go,
 * calling a function not in funcs or reading a variable not declared (or predefined) is a parse error.
 */
export function parseTemplate(
  name: string,
  text: string,
  funcs: ReadonlySet<string>,
  predefined: readonly string[] = [],
): TemplateNode[] {
  return new Parser(name, text, funcs, predefined).parse();
}
